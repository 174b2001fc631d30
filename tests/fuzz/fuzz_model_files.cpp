// Fuzz target: the model folder's files - config.json (parseLlamaConfig) and safetensors headers (SafetensorsFile
// on a temporary file), chosen by the first byte. Malformed input must give cci::Error, never a crash or a huge
// allocation.
#include "model/model_config.h"
#include "model/safetensors.h"
#include "util/problem.h"

#include <unistd.h>
#include <cstdint>
#include <cstdio>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
    try {
        if (data[0] % 2 == 0) {
            (void)cci::model::parseLlamaConfig(body, "config.json");
        } else {
            static const std::string path = "/tmp/cci-fuzz-" + std::to_string(getpid()) + ".safetensors";
            FILE* f = std::fopen(path.c_str(), "wb");
            if (!f) return 0;
            std::fwrite(body.data(), 1, body.size(), f);
            std::fclose(f);
            const cci::model::SafetensorsFile file(path);
            for (const auto& [name, view] : file.tensors()) (void)view.elements();
        }
    } catch (const cci::Error&) {
    }
    return 0;
}
