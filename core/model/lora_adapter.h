// PEFT LoRA adapters: adapter_config.json (r, lora_alpha, target_modules, use_rslora) and adapter_model.safetensors
// with PEFT's key names (base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight [r, in], ….lora_B.weight
// [out, r], base_model.model.lm_head.lora_A.weight), checked against the base model's config.
#pragma once

#include "model/model_config.h"

#include <string>
#include <vector>

namespace cci::model {

struct LoraDelta {
    int layer = -1;          // -1 for lm_head
    std::string module;      // q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, lm_head
    std::int64_t rank = 0, in = 0, out = 0;
    double scale = 1.0;      // alpha / r, or alpha / sqrt(r) with rsLoRA
    std::vector<float> a, b;  // A [rank, in], B [out, rank], fp32
};

struct LoraAdapter {
    std::string folder;
    int r = 0;
    double alpha = 0;
    bool rsLora = false;
    std::vector<std::string> targetModules;
    std::string baseModel;
    // The deltas, with every shape checked against `base`; throws cci::Error naming the tensor when the adapter
    // was made for another base model.
    std::vector<LoraDelta> deltas(const LlamaConfig& base) const;
};

// Throws cci::Error naming the file and field.
LoraAdapter readLoraAdapter(const std::string& folder);

// {in, out} features of a LoRA target module of `base` ({0, 0} for an unknown module name).
std::pair<std::int64_t, std::int64_t> loraModuleShape(const LlamaConfig& base, const std::string& module);

}  // namespace cci::model
