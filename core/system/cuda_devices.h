// The GPUs a CUDA build of libtorch sees (name, memory, compute capability) and its caching allocator's peak
// memory, for `cci doctor`, the New Run dialog's device picker and the training metrics. In CPU builds (Debian's
// libtorch) every function answers "none".
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cci {

struct GpuInfo {
    int index = 0;
    std::string name;          // "NVIDIA H200"
    double totalBytes = 0;     // device memory
    double freeBytes = 0;      // free now (0 when it could not be asked)
    int major = 0, minor = 0;  // compute capability
    std::string deviceName() const { return "cuda:" + std::to_string(index); }
};

// Whether this build's libtorch has CUDA (whether or not a GPU is visible).
bool cudaBuild();
// Every visible GPU; empty in a CPU build or without a GPU.
std::vector<GpuInfo> cudaDevices();

// The GPU a device string names ("cuda" is cuda:0, "cuda:N"); nullopt for "cpu". Throws cci::Error when it names a
// CUDA device this build or machine does not have, listing the ones it has.
std::optional<GpuInfo> gpuFor(const std::string& device);

// Peak bytes the CUDA caching allocator handed out on `device` since the last reset (torch.cuda.max_memory_allocated);
// 0 in a CPU build.
double cudaPeakAllocatedBytes(int device);
void resetCudaPeak(int device);

// Whether an exception's message is CUDA's (or libtorch's) out-of-memory error.
bool isCudaOutOfMemory(const std::string& message);

}  // namespace cci
