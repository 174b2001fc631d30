// Weight names of each family (see weight_names.h).
#include "model/weight_names.h"

#include "model/lora_adapter.h"
#include "util/problem.h"

#include <array>
#include <utility>

namespace cci::model {

namespace {

// EXAONE 3.x's modules, by Llama's name: its attention block "attn.attention", its gated MLP c_fc_0 (gate), c_fc_1
// (up) and c_proj (down).
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> kExaoneModules = {{
    {"q_proj", "attn.attention.q_proj"},
    {"k_proj", "attn.attention.k_proj"},
    {"v_proj", "attn.attention.v_proj"},
    {"o_proj", "attn.attention.out_proj"},
    {"gate_proj", "mlp.c_fc_0"},
    {"up_proj", "mlp.c_fc_1"},
    {"down_proj", "mlp.c_proj"},
}};

}  // namespace

LayerNormNames layerNormNames(NormPlacement placement) {
    switch (placement) {
        case NormPlacement::Pre: return {"input_layernorm", "post_attention_layernorm", "", ""};
        case NormPlacement::Sandwich:
            return {"input_layernorm", "pre_feedforward_layernorm", "post_attention_layernorm",
                    "post_feedforward_layernorm"};
        case NormPlacement::Post: return {"", "", "post_attention_layernorm", "post_feedforward_layernorm"};
    }
    return {};
}

namespace {

// The names of a model whose embeddings, layers and final norm sit under `base`.
WeightNames under(const LlamaConfig& config, const std::string& base) {
    WeightNames n;
    n.norms = layerNormNames(config.normPlacement);
    n.embed = base + "embed_tokens.weight";
    n.finalNorm = base + "norm.weight";
    n.layers = base + "layers.";
    return n;
}

}  // namespace

WeightNames legacyMultimodalNames(const LlamaConfig& config) {
    WeightNames n = under(config, "language_model.model.");
    n.lmHead = "language_model.lm_head.weight";
    return n;
}

WeightNames weightNames(const LlamaConfig& config, const std::function<bool(const std::string&)>& stored) {
    if (config.multimodal) {
        WeightNames n = under(config, "model.language_model.");
        if (stored && !stored(n.embed) && stored(legacyMultimodalNames(config).embed))
            return legacyMultimodalNames(config);
        return n;
    }
    WeightNames n = under(config, "model.");
    if (config.family == "exaone") {
        n.exaone3 = true;
        n.embed = "transformer.wte.weight";
        n.finalNorm = "transformer.ln_f.weight";
        n.layers = "transformer.h.";
        n.norms = {"ln_1", "ln_2", "", ""};
    }
    return n;
}

std::string WeightNames::layerPrefix(int layer) const { return layers + std::to_string(layer) + "."; }

std::string WeightNames::modulePath(int layer, std::string_view module) const {
    if (exaone3)
        for (const auto& [llama, path] : kExaoneModules)
            if (llama == module) return layerPrefix(layer) + std::string(path);
    for (const auto& m : kLoraModules)
        if (m.name == module && !m.block.empty())
            return layerPrefix(layer) + std::string(m.block) + "." + std::string(module);
    throw Error("unknown decoder-layer module \"" + std::string(module) + "\" (known: " + loraModuleList() + ")");
}

std::string WeightNames::moduleName(std::string_view module) const {
    if (exaone3)
        for (const auto& [llama, path] : kExaoneModules)
            if (llama == module) return std::string(path.substr(path.rfind('.') + 1));
    return std::string(module);
}

std::string WeightNames::llamaName(std::string_view familyModule) const {
    for (const auto& m : kLoraModules)
        if (moduleName(m.name) == familyModule) return std::string(m.name);
    return "";
}

}  // namespace cci::model
