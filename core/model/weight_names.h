// Where a model family keeps its weights: the Hugging Face names of the embeddings, the final norm, lm_head and a
// decoder layer's projections and norms, and PEFT's names of LoRA's target modules. This runtime calls the
// projections by Llama's names (q_proj … down_proj); EXAONE 3.x stores the same layers under its own
// (transformer.h.N.attn.attention.out_proj, mlp.c_fc_0 …), every other family under Llama's
// (model.layers.N.self_attn.o_proj, mlp.gate_proj …), a multimodal Gemma 3 under model.language_model. Loading,
// checking, merging and adapters all ask here.
#pragma once

#include "model/model_config.h"

#include <functional>
#include <string>
#include <string_view>

namespace cci::model {

struct WeightNames {
    std::string embed = "model.embed_tokens.weight", finalNorm = "model.norm.weight", lmHead = "lm_head.weight";
    LayerNormNames norms;  // after the layer's prefix, without ".weight"; "" where the family has none
    bool exaone3 = false;
    std::string layers = "model.layers.";  // the decoder layers' common prefix

    std::string layerPrefix(int layer) const;  // "model.layers.3."
    // A decoder layer's projection (Llama's module name) as stored: "model.layers.3.self_attn.q_proj" (no ".weight").
    std::string modulePath(int layer, std::string_view module) const;
    // The module's own name in the family's code (what PEFT's target_modules lists): "o_proj", or "out_proj" in EXAONE.
    std::string moduleName(std::string_view module) const;
    // Llama's name of a family's module name ("out_proj" -> "o_proj"); "" when the family has no such module.
    std::string llamaName(std::string_view familyModule) const;
};

// A multimodal Gemma 3 checkpoint holds its language model under language_model.model. (as published, with
// language_model.lm_head; save_pretrained still writes it) or model.language_model. (transformers' module names
// since 4.52, which PEFT's adapter names follow): with `stored` (whether the folder holds a weight), the layout the
// folder has; without, the module names.
WeightNames weightNames(const LlamaConfig& config, const std::function<bool(const std::string&)>& stored = {});
// The published layout of a multimodal checkpoint (language_model.model.), whatever a folder holds.
WeightNames legacyMultimodalNames(const LlamaConfig& config);

}  // namespace cci::model
