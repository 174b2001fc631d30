// Fuzz target: the files of a run folder - run.json as the Runs view summarises it, metrics.jsonl lines, and the
// training configuration read back for `cci train --resume` - chosen by the first byte. None may crash or throw
// anything but cci::Error; a configuration that reads back writes out to the same JSON again.
#include "run/run_catalog.h"
#include "train/train_config.h"
#include "util/problem.h"

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 3) {
        case 0: (void)cci::run::summariseRun("runs/fuzz", body, {}); break;
        case 1:
            (void)cci::run::summariseRun("runs/fuzz", R"({"status": "running", "pid": 1})",
                                         cci::run::parseMetrics(body));
            break;
        default:
            try {
                const std::string once = cci::train::configToJson(cci::train::configFromJson(body, "run.json"));
                if (cci::train::configToJson(cci::train::configFromJson(once, "again.json")) != once) std::abort();
            } catch (const cci::Error&) {
            }
    }
    return 0;
}
