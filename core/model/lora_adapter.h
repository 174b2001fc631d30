// PEFT LoRA adapters: adapter_config.json (r, lora_alpha, target_modules, use_rslora, use_dora, rank_pattern,
// alpha_pattern, layers_to_transform, modules_to_save) and adapter_model.safetensors
// with PEFT's key names (base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight [r, in], ….lora_B.weight
// [out, r], base_model.model.lm_head.lora_A.weight; each family's names from model/weight_names.h), checked against
// the base model's config; read and written here only. The table of modules an adapter can target is here too: every
// other place asks it.
#pragma once

#include "model/model_config.h"

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace cci::model {

class WeightStore;
struct WeightNames;

// A module LoRA can target and the block of a decoder layer that holds it ("" for lm_head, outside the layers).
struct LoraModule {
    std::string_view name, block;
};
inline constexpr std::array<LoraModule, 8> kLoraModules = {{{"q_proj", "self_attn"},
                                                            {"k_proj", "self_attn"},
                                                            {"v_proj", "self_attn"},
                                                            {"o_proj", "self_attn"},
                                                            {"gate_proj", "mlp"},
                                                            {"up_proj", "mlp"},
                                                            {"down_proj", "mlp"},
                                                            {"lm_head", ""}}};
// Every name of the table, in its order (the published recipes target all of them).
std::vector<std::string> allLoraModules();
// The table's names as a list for messages: "q_proj, k_proj, …, lm_head".
std::string loraModuleList();
bool isLoraModule(std::string_view name);
// PEFT's tensor-name prefix of a module of `base`: base_model.model.model.layers.L.self_attn.q_proj,
// base_model.model.lm_head (EXAONE 3.x: base_model.model.transformer.h.L.attn.attention.out_proj …).
std::string peftModulePrefix(const LlamaConfig& base, int layer, std::string_view module);

struct LoraDelta {
    int layer = -1;      // -1 for lm_head
    std::string module;  // q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, lm_head
    std::int64_t rank = 0, in = 0, out = 0;
    double scale = 1.0;       // alpha / r, or alpha / sqrt(r) with rsLoRA (the module's own from the patterns)
    std::vector<float> a, b;  // A [rank, in], B [out, rank], fp32
    // DoRA (use_dora): the magnitude of each output row [out]; the adapted weight is
    // magnitude / ||W + scale B A||_row * (W + scale B A), as PEFT computes it. Empty for plain LoRA.
    std::vector<float> magnitude;
};

struct LoraAdapter {
    std::string folder;
    int r = 0;
    double alpha = 0;
    bool rsLora = false;
    bool dora = false;                       // use_dora: every module has a magnitude vector
    std::vector<std::string> targetModules;  // as the file lists them (the family's module names)
    std::string baseModel;
    // rank_pattern / alpha_pattern in the file's order: a module takes the first pattern that matches its name as
    // PEFT matches it (Python's re.match of "(.*\.)?(PATTERN)$" on "model.layers.3.self_attn.q_proj").
    std::vector<std::pair<std::string, int>> rankPattern;
    std::vector<std::pair<std::string, double>> alphaPattern;
    std::vector<int> layersToTransform;  // empty: every layer
    // modules_to_save: modules PEFT trained in full and saved whole (base_model.model.MODULE.weight / .bias); they
    // replace the base model's tensors (overlaySavedModules).
    std::vector<std::string> modulesToSave;
    // The rank and alpha of a module (its name without PEFT's "base_model.model." prefix).
    int rankOf(const std::string& moduleKey) const;
    double alphaOf(const std::string& moduleKey) const;
    // target_modules by this runtime's (Llama's) module names, for `base`'s family.
    std::vector<std::string> targetModulesOf(const LlamaConfig& base) const;
    // The deltas, with every shape checked against `base`; throws cci::Error naming the tensor when the adapter
    // was made for another base model.
    std::vector<LoraDelta> deltas(const LlamaConfig& base) const;
    // PEFT saves the embedding and output layers' own weights beside their LoRA tensors (save_embedding_layers,
    // "...lm_head.base_layer.weight") and loads them over the base model's. Applied only when they equal the base
    // model's (the adapter then changes nothing else); throws cci::Error naming the tensor when they differ.
    void checkSavedBaseLayers(const WeightStore& base, const WeightNames& names) const;
    // Puts the modules_to_save tensors in place of the base model's in `store` (as PEFT's ModulesToSaveWrapper uses
    // its copy): each must name a tensor of the base model with the same shape; an output layer tied to the
    // embeddings is refused by name (PEFT would untie it). Throws cci::Error.
    void overlaySavedModules(WeightStore& store, const LlamaConfig& base) const;
    // The base model's name of an adapter tensor that modules_to_save saved whole ("" for any other tensor).
    std::string savedModuleTensor(const std::string& tensor) const;
};

// Throws cci::Error naming the file and field.
LoraAdapter readLoraAdapter(const std::string& folder);

// What adapter_config.json records beside the tensors.
struct LoraAdapterSettings {
    int r = 0;
    double alpha = 0, dropout = 0;
    bool rsLora = false;
    bool dora = false;                       // use_dora: the deltas carry magnitudes
    std::vector<std::string> targetModules;  // Llama's module names
    std::string baseModel;
};
// Writes a PEFT adapter folder for `base`: adapter_model.safetensors (fp32 A and B under PEFT's names for the
// family) and adapter_config.json (target_modules by the family's module names), each atomically. Throws cci::Error
// naming the file.
void writeLoraAdapter(const std::string& folder, const LoraAdapterSettings& settings,
                      const std::vector<LoraDelta>& deltas, const LlamaConfig& base);

// {in, out} features of a LoRA target module of `base` ({0, 0} for an unknown module name).
std::pair<std::int64_t, std::int64_t> loraModuleShape(const LlamaConfig& base, const std::string& module);

}  // namespace cci::model
