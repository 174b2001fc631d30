// PEFT LoRA adapters (see lora_adapter.h).
#include "model/lora_adapter.h"

#include "model/safetensors.h"
#include "model/weight_names.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

namespace cci::model {

namespace {

std::vector<float> toFloats(const TensorView& t) {
    std::vector<float> out(static_cast<std::size_t>(t.elements()));
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (t.dtype == DType::F32) {
            std::memcpy(&out[i], t.data + 4 * i, 4);
        } else {
            std::uint16_t h;
            std::memcpy(&h, t.data + 2 * i, 2);
            out[i] = t.dtype == DType::BF16 ? bf16ToFloat(h) : f16ToFloat(h);
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> allLoraModules() {
    std::vector<std::string> names;
    for (const auto& m : kLoraModules) names.emplace_back(m.name);
    return names;
}

std::string loraModuleList() {
    std::string list;
    for (const auto& m : kLoraModules) list += (list.empty() ? "" : ", ") + std::string(m.name);
    return list;
}

bool isLoraModule(std::string_view name) {
    for (const auto& m : kLoraModules)
        if (m.name == name) return true;
    return false;
}

namespace {

// "base_model.model.lm_head.base_layer.weight" -> "lm_head.weight": the embedding or output layer's own weight
// that PEFT saves beside its LoRA tensors; empty for any other tensor.
std::string savedBaseLayerName(const std::string& tensor) {
    static const std::string prefix = "base_model.model.", suffix = ".base_layer.weight";
    if (!tensor.starts_with(prefix) || !tensor.ends_with(suffix)) return {};
    const std::string module = tensor.substr(prefix.size(), tensor.size() - prefix.size() - suffix.size());
    if (!module.ends_with("lm_head") && !module.ends_with("embed_tokens")) return {};
    return module + ".weight";
}
bool isSavedBaseLayer(const std::string& tensor) { return !savedBaseLayerName(tensor).empty(); }

std::string peftPrefix(const WeightNames& names, int layer, std::string_view module) {
    if (module == "lm_head") return "base_model.model." + names.lmHead.substr(0, names.lmHead.rfind(".weight"));
    return "base_model.model." + names.modulePath(layer, module);
}

}  // namespace

std::string peftModulePrefix(const LlamaConfig& base, int layer, std::string_view module) {
    return peftPrefix(weightNames(base), layer, module);
}

std::vector<std::string> LoraAdapter::targetModulesOf(const LlamaConfig& base) const {
    const WeightNames names = weightNames(base);
    std::vector<std::string> out;
    for (const auto& m : targetModules) {
        const std::string llama = names.llamaName(m);
        out.push_back(llama.empty() ? m : llama);
    }
    return out;
}

std::pair<std::int64_t, std::int64_t> loraModuleShape(const LlamaConfig& c, const std::string& module) {
    const std::int64_t H = c.hidden, q = std::int64_t(c.heads) * c.headDim, kv = std::int64_t(c.kvHeads) * c.headDim;
    if (module == "q_proj") return {H, q};
    if (module == "k_proj" || module == "v_proj") return {H, kv};
    if (module == "o_proj") return {q, H};
    if (module == "gate_proj" || module == "up_proj") return {H, c.intermediate};
    if (module == "down_proj") return {c.intermediate, H};
    if (module == "lm_head") return {H, c.vocab};
    return {0, 0};
}

namespace {

// adapter_config.json fields, by what this runtime does with them. Applied: read into LoraAdapter. Neutral: they
// shape training or loading only (dropout, initialisation, bookkeeping) and change no trained weight's effect.
// Everything else changes what the adapter computes (DoRA, per-module ranks, extra trained modules, layer
// selection, biases, ...): accepted only at its neutral value (absent, null, false, empty, or the listed value),
// otherwise refused by name - an adapter is applied as PEFT applies it, or not at all.
const std::set<std::string> kAppliedFields = {"peft_type",      "r",
                                              "lora_alpha",     "use_rslora",
                                              "use_dora",       "base_model_name_or_path",
                                              "target_modules", "rank_pattern",
                                              "alpha_pattern",  "layers_to_transform",
                                              "modules_to_save"};
const std::set<std::string> kNeutralFields = {
    "lora_dropout",   "inference_mode",  "init_lora_weights", "revision",         "auto_mapping",
    "peft_version",   "loftq_config",    "eva_config",        "corda_config",     "megatron_core",
    "runtime_config", "exclude_modules", "layers_pattern",    "qalora_group_size"};

// Python's re.match(rf"(.*\.)?({pattern})$", key), which PEFT's get_pattern_key uses (ECMAScript syntax covers the
// patterns adapters use; one it cannot compile is refused by name).
bool patternMatches(const std::string& pattern, const std::string& key, const std::string& origin) {
    // A repeated group that repeats (e.g. "(a+)+") backtracks exponentially in Python's re and std::regex alike, a
    // counted repetition (a{99999999}) is expanded into that many states by std::regex, and a very long pattern
    // recurses deeply in it: refused rather than run.
    if (pattern.size() > 256 || pattern.find(")*") != std::string::npos || pattern.find(")+") != std::string::npos ||
        pattern.find('{') != std::string::npos)
        throw Error(origin + ": the pattern \"" + pattern.substr(0, 80) +
                    "\" repeats a group, counts a repetition or is longer than 256 characters; the workbench does not "
                    "run such patterns");
    try {
        return std::regex_match(key, std::regex("(.*\\.)?(" + pattern + ")"));
    } catch (const std::regex_error&) {
        throw Error(origin + ": the pattern \"" + pattern +
                    "\" cannot be read (Python-only regular expression syntax?)");
    }
}

// The neutral value of a field that would change the computation: what PEFT does without the field.
bool isNeutral(const std::string& key, const nlohmann::ordered_json& value) {
    if (value.is_null()) return true;
    if (value.is_boolean()) return !value.get<bool>();
    if (value.is_object() || value.is_array()) return value.empty();
    if (key == "bias") return value == "none";
    if (key == "task_type") return value == "CAUSAL_LM";
    if (value.is_string()) return value.get<std::string>().empty();
    return false;
}

void refuseWhatIsNotApplied(const nlohmann::ordered_json& root, const std::string& configPath) {
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string& key = it.key();
        if (kAppliedFields.count(key) || kNeutralFields.count(key) || isNeutral(key, it.value())) continue;
        std::string what = "is not supported";
        throw Error(configPath + ": \"" + key + "\": " + it.value().dump() + " " + what +
                    "; the workbench refuses an adapter it cannot apply exactly as PEFT does");
    }
}

}  // namespace

LoraAdapter readLoraAdapter(const std::string& folder) {
    const std::string configPath = folder + "/adapter_config.json";
    nlohmann::ordered_json root;  // in the file's order: a pattern list's first match wins, as in Python's dict
    try {
        root = nlohmann::ordered_json::parse(readFile(configPath));
    } catch (const nlohmann::json::exception& e) {
        throw Error(configPath + ": not valid JSON: " + e.what());
    }
    if (!root.is_object()) throw Error(configPath + ": expected a JSON object");
    LoraAdapter a;
    a.folder = folder;
    if (root.value("peft_type", std::string("LORA")) != "LORA") throw Error(configPath + ": peft_type must be LORA");
    refuseWhatIsNotApplied(root, configPath);
    if (!root.contains("r") || !root["r"].is_number_integer() || root["r"].get<int>() <= 0)
        throw Error(configPath + ": r must be a positive integer");
    a.r = root["r"].get<int>();
    // PEFT's default alpha is 8; a value of the wrong type is an error, not silently the default.
    a.alpha = 8;
    if (root.contains("lora_alpha") && !root["lora_alpha"].is_null()) {
        if (!root["lora_alpha"].is_number() || !std::isfinite(root["lora_alpha"].get<double>()) ||
            root["lora_alpha"].get<double>() <= 0)
            throw Error(configPath + ": lora_alpha must be a positive number, found " + root["lora_alpha"].dump());
        a.alpha = root["lora_alpha"].get<double>();
    }
    if (root.contains("use_rslora") && !root["use_rslora"].is_null() && !root["use_rslora"].is_boolean())
        throw Error(configPath + ": use_rslora must be true or false, found " + root["use_rslora"].dump());
    a.rsLora = root.value("use_rslora", false);
    a.baseModel = root.contains("base_model_name_or_path") && root["base_model_name_or_path"].is_string()
                      ? root["base_model_name_or_path"].get<std::string>()
                      : "";
    if (root.contains("target_modules") && root["target_modules"].is_array())
        for (const auto& m : root["target_modules"])
            if (m.is_string()) a.targetModules.push_back(m.get<std::string>());
    if (root.contains("use_dora") && !root["use_dora"].is_null() && !root["use_dora"].is_boolean())
        throw Error(configPath + ": use_dora must be true or false, found " + root["use_dora"].dump());
    a.dora = root.value("use_dora", false);
    for (const char* key : {"rank_pattern", "alpha_pattern"}) {
        if (!root.contains(key) || root[key].is_null()) continue;
        if (!root[key].is_object()) throw Error(configPath + ": " + key + " must be an object of pattern: value");
        for (auto it = root[key].begin(); it != root[key].end(); ++it) {
            const auto& v = it.value();
            (void)patternMatches(it.key(), "", configPath);  // refused now if it cannot be read
            if (std::string(key) == "rank_pattern") {
                if (!v.is_number_integer() || v.get<long long>() <= 0 || v.get<long long>() > (1 << 20))
                    throw Error(configPath + ": rank_pattern[\"" + it.key() + "\"] must be a positive integer, found " +
                                v.dump());
                a.rankPattern.emplace_back(it.key(), v.get<int>());
            } else {
                if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() <= 0)
                    throw Error(configPath + ": alpha_pattern[\"" + it.key() + "\"] must be a positive number, found " +
                                v.dump());
                a.alphaPattern.emplace_back(it.key(), v.get<double>());
            }
        }
    }
    if (root.contains("modules_to_save") && !root["modules_to_save"].is_null()) {
        if (!root["modules_to_save"].is_array())
            throw Error(configPath + ": modules_to_save must be a list of module names, found " +
                        root["modules_to_save"].dump());
        for (const auto& m : root["modules_to_save"]) {
            if (!m.is_string() || m.get<std::string>().empty())
                throw Error(configPath + ": modules_to_save must be a list of module names, found " + m.dump());
            a.modulesToSave.push_back(m.get<std::string>());
        }
    }
    if (root.contains("layers_to_transform") && !root["layers_to_transform"].is_null()) {
        const auto& layers = root["layers_to_transform"];
        const auto bad = [&] {
            return Error(configPath + ": layers_to_transform must be a layer index or a list of them, found " +
                         layers.dump());
        };
        if (layers.is_number_integer()) {
            a.layersToTransform.push_back(layers.get<int>());
        } else if (layers.is_array()) {
            for (const auto& l : layers) {
                if (!l.is_number_integer() || l.get<long long>() < 0) throw bad();
                a.layersToTransform.push_back(l.get<int>());
            }
        } else {
            throw bad();
        }
    }
    return a;
}

int LoraAdapter::rankOf(const std::string& moduleKey) const {
    for (const auto& [pattern, rank] : rankPattern)
        if (patternMatches(pattern, moduleKey, folder)) return rank;
    return r;
}

double LoraAdapter::alphaOf(const std::string& moduleKey) const {
    for (const auto& [pattern, value] : alphaPattern)
        if (patternMatches(pattern, moduleKey, folder)) return value;
    return alpha;
}

std::vector<LoraDelta> LoraAdapter::deltas(const LlamaConfig& base) const {
    const SafetensorsFile file(folder + "/adapter_model.safetensors");
    // Every A tensor name the base model's family can have, with its layer and module.
    // (An adapter for a multimodal Gemma 3 may carry the published checkpoint layout's names too.)
    std::map<std::string, std::pair<int, std::string>> known;
    std::vector<WeightNames> layouts = {weightNames(base)};
    if (base.multimodal) layouts.push_back(legacyMultimodalNames(base));
    for (const WeightNames& names : layouts) {
        for (int layer = 0; layer < base.layers; ++layer)
            for (const auto& m : kLoraModules)
                if (!m.block.empty())
                    known[peftPrefix(names, layer, m.name) + ".lora_A.weight"] = {layer, std::string(m.name)};
        known[peftPrefix(names, -1, "lm_head") + ".lora_A.weight"] = {-1, "lm_head"};
    }
    const std::regex layerNumber(R"(\.(?:layers|h)\.(\d+)\.)");
    std::vector<LoraDelta> out;
    for (const auto& [name, view] : file.tensors()) {
        // Only lora_A / lora_B weights are applied: any other tensor (DoRA's magnitude vectors, a LoRA bias, a
        // modules_to_save copy, embedding adapters) would be ignored, so it is refused by name.
        if (isSavedBaseLayer(name)) continue;            // checkSavedBaseLayers compares it with the base model's
        if (!savedModuleTensor(name).empty()) continue;  // overlaySavedModules puts it in place
        if (name.ends_with(".lora_magnitude_vector")) {
            if (!dora)
                throw Error(view.file + ": " + name + " is a DoRA magnitude vector but " + folder +
                            "/adapter_config.json does not set use_dora; PEFT would not apply it");
            continue;  // read with its module's A below
        }
        if (!name.ends_with(".lora_A.weight") && !name.ends_with(".lora_B.weight"))
            throw Error(view.file + ": " + name +
                        " is not a LoRA A or B weight; the workbench applies only those and refuses an adapter with "
                        "other trained tensors");
        if (name.ends_with(".lora_B.weight")) {
            const std::string aName = name.substr(0, name.size() - 14) + ".lora_A.weight";
            if (!file.tensors().count(aName)) throw Error(view.file + ": " + aName + " is missing");
            continue;
        }
        LoraDelta d;
        const auto it = known.find(name);
        if (it == known.end()) {
            std::smatch match;
            if (std::regex_search(name, match, layerNumber) && std::stol(match[1]) >= base.layers)
                throw Error(view.file + ": " + name + " names layer " + std::string(match[1]) +
                            " but the base model has " + std::to_string(base.layers) +
                            " (an adapter for another base model?)");
            throw Error(view.file + ": unexpected LoRA tensor " + name + " for a " + base.architecture + " base model");
        }
        d.layer = it->second.first;
        d.module = it->second.second;
        if (d.layer >= 0 && !layersToTransform.empty() &&
            std::find(layersToTransform.begin(), layersToTransform.end(), d.layer) == layersToTransform.end())
            throw Error(view.file + ": " + name + " adapts layer " + std::to_string(d.layer) + ", which " + folder +
                        "/adapter_config.json's layers_to_transform leaves out; PEFT would not load it");
        const std::string prefix = name.substr(0, name.size() - std::string(".lora_A.weight").size());
        const std::string moduleKey = prefix.substr(std::string("base_model.model.").size());
        const int moduleRank = rankOf(moduleKey);
        const double moduleAlpha = alphaOf(moduleKey);
        const auto [in, outFeatures] = loraModuleShape(base, d.module);
        if (in == 0) throw Error(view.file + ": " + name + ": unknown module " + d.module);
        const std::string bName = name.substr(0, name.find(".lora_A.")) + ".lora_B.weight";
        const auto bIt = file.tensors().find(bName);
        if (bIt == file.tensors().end()) throw Error(view.file + ": " + bName + " is missing");
        const auto& bView = bIt->second;
        if (view.shape.size() != 2 || bView.shape.size() != 2 || view.shape[1] != in || bView.shape[0] != outFeatures ||
            bView.shape[1] != view.shape[0])
            throw Error(view.file + ": " + name + " has shapes A [" +
                        std::to_string(view.shape.size() == 2 ? view.shape[0] : -1) + ", " +
                        std::to_string(view.shape.size() == 2 ? view.shape[1] : -1) + "] / B [" +
                        std::to_string(bView.shape.size() == 2 ? bView.shape[0] : -1) + ", " +
                        std::to_string(bView.shape.size() == 2 ? bView.shape[1] : -1) + "]; the base model needs in " +
                        std::to_string(in) + ", out " + std::to_string(outFeatures) +
                        " (an adapter for another base model?)");
        if (view.shape[0] != moduleRank)
            throw Error(view.file + ": " + name + " has rank " + std::to_string(view.shape[0]) + " but " + folder +
                        "/adapter_config.json says r " + std::to_string(moduleRank) +
                        (moduleRank == r ? "" : " for it (rank_pattern)") + " (its scale alpha/r would be wrong)");
        d.rank = view.shape[0];
        d.in = in;
        d.out = outFeatures;
        d.scale = rsLora ? moduleAlpha / std::sqrt(double(moduleRank)) : moduleAlpha / double(moduleRank);
        d.a = toFloats(view);
        d.b = toFloats(bView);
        if (dora) {
            const auto m = file.tensors().find(prefix + ".lora_magnitude_vector");
            if (m == file.tensors().end())
                throw Error(view.file + ": " + prefix + ".lora_magnitude_vector is missing (use_dora is set)");
            if (m->second.shape != std::vector<std::int64_t>{outFeatures})
                throw Error(view.file + ": " + prefix + ".lora_magnitude_vector must have shape [" +
                            std::to_string(outFeatures) + "]");
            d.magnitude = toFloats(m->second);
        }
        out.push_back(std::move(d));
    }
    if (out.empty()) throw Error(folder + "/adapter_model.safetensors: no LoRA tensors");
    return out;
}

std::string LoraAdapter::savedModuleTensor(const std::string& tensor) const {
    static const std::string prefix = "base_model.model.";
    if (!tensor.starts_with(prefix) || tensor.find(".lora_") != std::string::npos ||
        tensor.find(".base_layer.") != std::string::npos)
        return {};
    std::string module = tensor.substr(prefix.size());
    for (const std::string suffix : {".weight", ".bias"})
        if (module.ends_with(suffix)) {
            module.resize(module.size() - suffix.size());
            // PEFT's _set_trainable: a module is saved when its name ends with a listed one.
            for (const auto& saved : modulesToSave)
                if (module.ends_with(saved)) return tensor.substr(prefix.size());
        }
    return {};
}

void LoraAdapter::overlaySavedModules(WeightStore& store, const LlamaConfig& base) const {
    if (modulesToSave.empty()) return;
    const std::string path = folder + "/adapter_model.safetensors";
    const SafetensorsFile file(path);
    const WeightNames names = weightNames(base, [&](const std::string& name) { return store.find(name) != nullptr; });
    std::vector<std::pair<std::string, std::string>> replacements;
    for (const auto& [name, view] : file.tensors()) {
        const std::string own = savedModuleTensor(name);
        if (own.empty()) continue;
        if ((own == names.lmHead || own == names.embed) && (base.tieEmbeddings || !store.find(names.lmHead)))
            throw Error(path + ": " + name +
                        ": modules_to_save of embeddings tied to the output layer is not supported yet (PEFT's copy "
                        "would serve one of the two only)");
        const TensorView* mine = store.find(own);
        if (!mine) throw Error(path + ": " + name + " (modules_to_save) names no tensor of the base model");
        if (mine->shape != view.shape)
            throw Error(path + ": " + name + " (modules_to_save) does not have the base model's shape");
        replacements.emplace_back(own, name);
    }
    store.overlay(path, replacements);
}

void LoraAdapter::checkSavedBaseLayers(const WeightStore& base, const WeightNames& names) const {
    const SafetensorsFile file(folder + "/adapter_model.safetensors");
    for (const auto& [name, view] : file.tensors()) {
        std::string baseName = savedBaseLayerName(name);
        if (baseName.empty()) continue;
        const TensorView* own = base.find(baseName);
        if (!own && baseName == names.lmHead) own = base.find(names.embed);  // tied output and input embeddings
        if (!own || own->shape != view.shape || toFloats(*own) != toFloats(view))
            throw Error(view.file + ": " + name +
                        " (the layer's own weight, saved by PEFT's save_embedding_layers) differs from the base "
                        "model's " +
                        baseName + "; PEFT would load it over the base model, the workbench refuses");
    }
}

void writeLoraAdapter(const std::string& folder, const LoraAdapterSettings& settings,
                      const std::vector<LoraDelta>& deltas, const LlamaConfig& base) {
    std::filesystem::create_directories(folder);
    auto bytes = [](const std::vector<float>& v) {
        return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
    };
    std::vector<TensorData> tensors;
    for (const auto& d : deltas) {
        const std::string prefix = peftModulePrefix(base, d.layer, d.module);
        tensors.push_back({prefix + ".lora_A.weight", DType::F32, {d.rank, d.in}, bytes(d.a)});
        tensors.push_back({prefix + ".lora_B.weight", DType::F32, {d.out, d.rank}, bytes(d.b)});
        if (settings.dora != !d.magnitude.empty())
            throw Error(folder + ": " + prefix + ": use_dora and the module's magnitude vector disagree");
        if (settings.dora)
            tensors.push_back({prefix + ".lora_magnitude_vector", DType::F32, {d.out}, bytes(d.magnitude)});
    }
    writeSafetensors(folder + "/adapter_model.safetensors", tensors, {{"format", "pt"}});
    const WeightNames names = weightNames(base);
    std::vector<std::string> targets;
    for (const auto& m : settings.targetModules) targets.push_back(m == "lm_head" ? m : names.moduleName(m));
    const nlohmann::ordered_json config = {{"peft_type", "LORA"},
                                           {"task_type", "CAUSAL_LM"},
                                           {"r", settings.r},
                                           {"lora_alpha", settings.alpha},
                                           {"lora_dropout", settings.dropout},
                                           {"target_modules", targets},
                                           {"bias", "none"},
                                           {"use_rslora", settings.rsLora},
                                           {"use_dora", settings.dora},
                                           {"fan_in_fan_out", false},
                                           {"inference_mode", true},
                                           {"base_model_name_or_path", settings.baseModel}};
    writeFileAtomic(folder + "/adapter_config.json", config.dump(2) + "\n");
}

}  // namespace cci::model
