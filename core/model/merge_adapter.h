// Merging a PEFT LoRA adapter into its base model: W' = W + scale · B A for every adapted weight (DoRA: each row then
// rescaled to its magnitude, model/lora_set.h's mergedWeight), written as a
// complete Hugging Face model folder (config.json, safetensors - sharded above a size limit, with
// model.safetensors.index.json - and the tokenizer files) that any Llama runtime loads without the adapter.
// The folder appears whole or not at all (written beside it under a temporary name, then renamed).
#pragma once

#include "util/progress.h"

#include <cstdint>
#include <string>

namespace cci::model {

struct MergeConfig {
    std::string modelDir, adapterDir, outDir;
    std::string dtype;                            // "F32", "BF16", "F16"; empty = each tensor's dtype in the base
    std::uint64_t maxShardBytes = 5000000000ULL;  // as Hugging Face's save_pretrained: 5 GB per shard
};

struct MergeResult {
    std::size_t tensors = 0, merged = 0, shards = 0;
    double bytes = 0;
};

// Throws cci::Error (unreadable base or adapter, an adapter for another model, an existing non-empty OUT).
MergeResult mergeAdapter(const MergeConfig& config, const ProgressFn& progress = {});

}  // namespace cci::model
