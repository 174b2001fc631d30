// DeviceSpec: the one parse of a device name - "cpu", "cuda" (the first GPU, or LOCAL_RANK's under torchrun) or
// "cuda:N" - used by the model loader, the trainer, data parallelism, GPU queries, configuration checks and the GUI's
// job queues. Torch-free.
#pragma once

#include <string>

namespace cci {

struct DeviceSpec {
    bool cuda = false;
    int index = 0;            // the GPU; 0 for "cuda"
    bool indexGiven = false;  // "cuda:N" rather than "cuda"
    // The canonical name: "cpu" or "cuda:N" ("cuda" is "cuda:0"); one job queue per name.
    std::string name() const { return cuda ? "cuda:" + std::to_string(index) : "cpu"; }
};

// Throws cci::Error "unknown device "X" (cpu, cuda or cuda:N)" for anything else.
DeviceSpec parseDevice(const std::string& text);

}  // namespace cci
