// The checks `cci doctor --model` runs on a model folder: everything `cci predict` and `cci train` would refuse
// (config.json, every weight's name and shape, tokenizer, chat template, the answer letters) plus weights holding
// NaN or Inf, which would otherwise only show as useless answers. Reads the weights once, streamed; no libtorch.
#pragma once

#include "model/model_config.h"
#include "util/progress.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace cci::model {

// The weights a Llama-family model folder must hold (Hugging Face names) with their shapes.
struct ExpectedWeight {
    std::string name;
    std::vector<std::int64_t> shape;
};
// `stored` (whether the folder holds a weight) picks a multimodal checkpoint's layout (model/weight_names.h).
std::vector<ExpectedWeight> llamaWeights(const LlamaConfig& c,
                                         const std::function<bool(const std::string&)>& stored = {});

struct ModelCheck {
    std::vector<std::string> problems;  // each would stop predict or train, or make its numbers wrong
    std::size_t tensorsScanned = 0;
    double bytesScanned = 0;
    bool ok() const { return problems.empty(); }
};

ModelCheck checkModelFolder(const std::string& folder, const ProgressFn& progress = {});

}  // namespace cci::model
