// Training configuration (see train_config.h).
#include "train/train_config.h"

#include "chat/template_kwargs.h"
#include "prompt/prompt_style.h"
#include "system/device_spec.h"
#include "util/problem.h"
#include "util/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

namespace cci::train {

void validateConfig(const TrainConfig& c) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto need = [&](bool ok, const std::string& message) {
        if (!ok) throw Error("train: " + message);
    };
    need(!c.modelDir.empty() && fs::exists(c.modelDir + "/config.json", ec),
         "--model: no config.json in \"" + c.modelDir + "\"");
    need(!c.trainFile.empty() && fs::exists(c.trainFile, ec), "--train: no such file \"" + c.trainFile + "\"");
    need(c.devFile.empty() || fs::exists(c.devFile, ec), "--dev: no such file \"" + c.devFile + "\"");
    need(!c.runDir.empty(), "--out: a run folder is needed");
    // run.json records these paths as JSON text, which must be UTF-8.
    for (const auto& [flag, path] : {std::pair<const char*, const std::string*>{"--out", &c.runDir},
                                     {"--model", &c.modelDir},
                                     {"--train", &c.trainFile},
                                     {"--dev", &c.devFile},
                                     {"--init-adapter", &c.initAdapter}})
        need(utf8::isValid(*path),
             std::string(flag) + ": the path is not valid UTF-8 (run.json records it as text); rename it");
    need(c.loraR > 0, "lora_r must be positive, not " + std::to_string(c.loraR));
    need(c.loraAlpha > 0, "lora_alpha must be positive");
    need(c.loraDropout >= 0 && c.loraDropout < 1, "lora_dropout must be in [0, 1)");
    need(c.epochs > 0, "epochs must be positive");
    need(c.learningRate > 0 && std::isfinite(c.learningRate), "the learning rate must be a positive finite number");
    need(c.learningRate <= double(std::numeric_limits<float>::max()),
         "the learning rate must be representable in float32 (at most 3.4e38), as the optimizer holds it");
    need(c.warmupSteps >= 0,
         "warmup_steps must not be negative (a negative warm-up climbs past the peak learning rate)");
    need(std::isfinite(c.maxGradNorm) && c.maxGradNorm > 0, "max_grad_norm must be a positive number");
    need(std::isfinite(c.epsilon) && c.epsilon > 0, "eps must be a positive number");
    need(c.beta1 >= 0 && c.beta1 < 1 && c.beta2 >= 0 && c.beta2 < 1, "betas must both be in [0, 1)");
    need(std::isfinite(c.weightDecay) && c.weightDecay >= 0, "weight_decay must be a non-negative number");
    need(std::isfinite(c.loraAlpha) && std::isfinite(c.loraDropout) && std::isfinite(c.neftuneAlpha) &&
             c.neftuneAlpha >= 0,
         "lora_alpha, lora_dropout and neftune_noise_alpha must be finite (neftune_noise_alpha not negative)");
    need(c.checkpointEvery >= 0, "checkpoint_every must not be negative");
    need(c.evalEvery >= 0, "eval_every must not be negative");
    need(c.earlyStoppingPatience >= 0, "early_stopping_patience must not be negative");
    const bool evaluates = c.kFolds >= 2 || (!c.devFile.empty() && !c.useAllTrainableData);
    need(evaluates || (c.evalEvery == 0 && c.earlyStoppingPatience == 0),
         "eval_every and early_stopping_patience need a dev file to evaluate on (--dev, without "
         "use_all_trainable_data) or k-fold training");
    need(c.rendezvousTimeoutSeconds > 0, "rendezvous_timeout_s must be positive");
    need(c.gradientAccumulation > 0 && c.microBatch > 0, "gradient accumulation and batch size must be positive");
    need(c.maxSeqLength > 8, "max_seq_length is too small");
    need(c.kFolds == 0 || c.kFolds >= 2, "k_folds must be 0 (no folds) or at least 2, not " + std::to_string(c.kFolds));
    need(!c.targetModules.empty(), "no LoRA target modules");
    for (const auto& m : c.targetModules)
        need(model::isLoraModule(m),
             "unknown LoRA target module \"" + m + "\" (known: " + model::loraModuleList() + ")");
    need(c.initAdapter.empty() || fs::exists(c.initAdapter + "/adapter_config.json", ec),
         "--init-adapter: no adapter_config.json in \"" + c.initAdapter + "\"");
    try {
        parseDevice(c.device);
    } catch (const Error& e) {
        need(false, e.what());
    }
    (void)prompt::findPromptStyle(c.style);
}

TrainConfig withAbsolutePaths(TrainConfig c) {
    namespace fs = std::filesystem;
    const auto absolute = [](std::string& path) {
        std::error_code ec;
        if (path.empty() || !fs::exists(path, ec)) return;  // a built-in name (style, template), or nothing
        const auto a = fs::absolute(path, ec);
        if (!ec) path = a.lexically_normal().string();
    };
    for (std::string* path : {&c.modelDir, &c.trainFile, &c.devFile, &c.initAdapter, &c.templateSpec, &c.style})
        absolute(*path);
    return c;
}

std::string configToJson(const TrainConfig& c) {
    const nlohmann::ordered_json j = {
        {"model", c.modelDir},
        {"style", c.style},
        {"template", c.templateSpec},
        {"template_kwargs", nlohmann::ordered_json::parse(chat::templateKwargsToJson(c.templateKwargs))},
        {"train", c.trainFile},
        {"dev", c.devFile},
        {"run_dir", c.runDir},
        {"use_all_trainable_data", c.useAllTrainableData},
        {"refine", c.refine},
        {"epochs", c.epochs},
        {"lr", c.learningRate},
        {"gradient_accumulation_steps", c.gradientAccumulation},
        {"per_device_train_batch_size", c.microBatch},
        {"warmup_steps", c.warmupSteps},
        {"weight_decay", c.weightDecay},
        {"max_grad_norm", c.maxGradNorm},
        {"betas", {c.beta1, c.beta2}},
        {"eps", c.epsilon},
        {"lora_r", c.loraR},
        {"lora_alpha", c.loraAlpha},
        {"lora_dropout", c.loraDropout},
        {"rslora", c.rsLora},
        {"use_dora", c.useDora},
        {"target_modules", c.targetModules},
        {"max_seq_length", c.maxSeqLength},
        {"seed", c.seed},
        {"neftune_noise_alpha", c.neftuneAlpha},
        {"shuffle_options", c.shuffleOptions},
        {"threads", c.threads},
        {"device", c.device},
        {"load_in_4bit", c.loadIn4bit},
        {"base_model_name", c.baseModelName},
        {"checkpoint_every", c.checkpointEvery},
        {"eval_every", c.evalEvery},
        {"early_stopping_patience", c.earlyStoppingPatience},
        {"gradient_checkpointing", c.gradientCheckpointing},
        {"k_folds", c.kFolds},
        {"init_adapter", c.initAdapter},
        {"rendezvous_timeout_s", c.rendezvousTimeoutSeconds}};
    return j.dump();
}

namespace {

// Typed, range-checked reading of one configuration field (nlohmann's own conversions would turn 1e300 into an
// int with undefined behaviour); a missing field keeps the default.
class ConfigReader {
public:
    ConfigReader(const nlohmann::ordered_json& j, std::string origin) : m_j(j), m_origin(std::move(origin)) {}

    void read(const char* key, std::string& out) const {
        if (const auto* v = find(key))
            out = v->is_string() ? v->get<std::string>() : fail<std::string>(key, "a string");
    }
    void read(const char* key, bool& out) const {
        if (const auto* v = find(key)) out = v->is_boolean() ? v->get<bool>() : fail<bool>(key, "true or false");
    }
    void read(const char* key, double& out) const {
        if (const auto* v = find(key)) out = v->is_number() ? v->get<double>() : fail<double>(key, "a number");
    }
    void read(const char* key, int& out) const {
        if (const auto* v = find(key)) out = int(whole(key, *v, -2147483647.0, 2147483647.0));
    }
    void read(const char* key, std::uint64_t& out) const {
        if (const auto* v = find(key)) {
            if (v->is_number_unsigned())
                out = v->get<std::uint64_t>();
            else
                out = std::uint64_t(whole(key, *v, 0.0, 9007199254740992.0));
        }
    }
    void read(const char* key, std::vector<std::string>& out) const {
        const auto* v = find(key);
        if (!v) return;
        if (!v->is_array()) fail<int>(key, "a list of strings");
        out.clear();
        for (const auto& item : *v)
            out.push_back(item.is_string() ? item.get<std::string>() : fail<std::string>(key, "a list of strings"));
    }
    // The field's value; nullptr when it is left out. null stands for "none" only where none is a setting (no dev
    // file, no template, no NEFTune noise, ...); elsewhere it is refused - taking the default for it would train
    // with a value the file does not say.
    const nlohmann::ordered_json* find(const char* key) const {
        static const std::set<std::string> nullable = {
            "dev",          "template",        "template_kwargs", "neftune_noise_alpha",
            "init_adapter", "base_model_name", "eval_every",      "early_stopping_patience",
            "k_folds",      "run_dir"};
        const auto it = m_j.find(key);
        if (it == m_j.end()) return nullptr;
        if (it->is_null()) {
            if (nullable.count(key)) return nullptr;
            fail<int>(key, "a value, not null (leave the field out for its default)");
        }
        return &*it;
    }
    template <class T>
    T fail(const char* key, const char* expected) const {
        throw Error(m_origin + ": \"" + key + "\" must be " + expected + " in the training configuration");
    }

private:
    double whole(const char* key, const nlohmann::ordered_json& v, double low, double high) const {
        const double d = v.is_number() ? v.get<double>() : fail<double>(key, "a whole number");
        if (!(d >= low && d <= high) || d != std::floor(d)) fail<int>(key, "a whole number in range");
        return d;
    }
    const nlohmann::ordered_json& m_j;
    std::string m_origin;
};

}  // namespace

TrainConfig configFromJson(const std::string& text, const std::string& origin) {
    TrainConfig c;
    nlohmann::ordered_json root;
    try {
        root = nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(origin + ": the training configuration cannot be read: " + e.what());
    }
    const nlohmann::ordered_json* j = &root;
    if (root.is_object() && root.contains("config")) {  // a run.json
        if (!root["config"].is_object())
            throw Error(origin + ": \"config\" must be a JSON object with the training configuration");
        j = &root["config"];
    }
    if (!j->is_object()) throw Error(origin + ": expected a JSON object with the training configuration");
    static const std::vector<std::string> known = {"model",
                                                   "style",
                                                   "template",
                                                   "template_kwargs",
                                                   "train",
                                                   "dev",
                                                   "run_dir",
                                                   "use_all_trainable_data",
                                                   "refine",
                                                   "epochs",
                                                   "lr",
                                                   "gradient_accumulation_steps",
                                                   "per_device_train_batch_size",
                                                   "warmup_steps",
                                                   "weight_decay",
                                                   "max_grad_norm",
                                                   "betas",
                                                   "eps",
                                                   "lora_r",
                                                   "lora_alpha",
                                                   "lora_dropout",
                                                   "rslora",
                                                   "use_dora",
                                                   "target_modules",
                                                   "max_seq_length",
                                                   "seed",
                                                   "neftune_noise_alpha",
                                                   "shuffle_options",
                                                   "threads",
                                                   "device",
                                                   "load_in_4bit",
                                                   "base_model_name",
                                                   "checkpoint_every",
                                                   "eval_every",
                                                   "early_stopping_patience",
                                                   "gradient_checkpointing",
                                                   "k_folds",
                                                   "init_adapter",
                                                   "rendezvous_timeout_s"};
    for (auto it = j->begin(); it != j->end(); ++it)
        if (std::find(known.begin(), known.end(), it.key()) == known.end())
            throw Error(origin + ": unknown field \"" + it.key() + "\" in the training configuration");
    const ConfigReader r(*j, origin);
    // Every field is optional (the recipe's default) except what no default can stand for.
    for (const char* required : {"model", "train"})
        if (!r.find(required)) throw Error(origin + ": the training configuration needs \"" + required + "\"");
    r.read("model", c.modelDir);
    r.read("train", c.trainFile);
    r.read("run_dir", c.runDir);
    r.read("style", c.style);
    r.read("template", c.templateSpec);
    if (const auto* kwargs = r.find("template_kwargs")) {
        if (!kwargs->is_object()) r.fail<int>("template_kwargs", "a JSON object of template variables");
        c.templateKwargs = chat::parseTemplateKwargs(kwargs->dump(), origin + ": \"template_kwargs\"");
    }
    r.read("dev", c.devFile);
    r.read("use_all_trainable_data", c.useAllTrainableData);
    r.read("refine", c.refine);
    r.read("epochs", c.epochs);
    r.read("lr", c.learningRate);
    r.read("gradient_accumulation_steps", c.gradientAccumulation);
    r.read("per_device_train_batch_size", c.microBatch);
    r.read("warmup_steps", c.warmupSteps);
    r.read("weight_decay", c.weightDecay);
    r.read("max_grad_norm", c.maxGradNorm);
    if (const auto* betas = r.find("betas")) {
        if (!betas->is_array() || betas->size() != 2 || !(*betas)[0].is_number() || !(*betas)[1].is_number())
            r.fail<int>("betas", "a list of two numbers");
        c.beta1 = (*betas)[0].get<double>();
        c.beta2 = (*betas)[1].get<double>();
    }
    r.read("eps", c.epsilon);
    r.read("lora_r", c.loraR);
    r.read("lora_alpha", c.loraAlpha);
    r.read("lora_dropout", c.loraDropout);
    r.read("rslora", c.rsLora);
    r.read("use_dora", c.useDora);
    r.read("target_modules", c.targetModules);
    r.read("max_seq_length", c.maxSeqLength);
    r.read("seed", c.seed);
    r.read("neftune_noise_alpha", c.neftuneAlpha);
    r.read("shuffle_options", c.shuffleOptions);
    r.read("threads", c.threads);
    r.read("device", c.device);
    r.read("load_in_4bit", c.loadIn4bit);
    r.read("base_model_name", c.baseModelName);
    r.read("checkpoint_every", c.checkpointEvery);
    r.read("eval_every", c.evalEvery);
    r.read("early_stopping_patience", c.earlyStoppingPatience);
    r.read("gradient_checkpointing", c.gradientCheckpointing);
    r.read("k_folds", c.kFolds);
    r.read("init_adapter", c.initAdapter);
    r.read("rendezvous_timeout_s", c.rendezvousTimeoutSeconds);
    return c;
}

TrainConfig demoModelRecipe() {
    TrainConfig c;
    c.gradientAccumulation = 4;
    c.learningRate = 3e-3;
    return c;
}

const std::vector<Preset>& publishedPresets() {
    static const std::vector<Preset> presets = {
        {"polar-v0.2-qlora-2e-4-customref-officialterm-raw", "POLAR-14B-v0.2", "QLoRA", "CustomRefOfficialTerm", 2e-4,
         false},
        {"polar-v0.5-qlora-2e-4-systemref-refined", "POLAR-14B-v0.5", "QLoRA", "SystemRefOfficialTerm", 2e-4, true},
        {"polar-v0.5-qlora-2e-4-customref-definition-raw", "POLAR-14B-v0.5", "QLoRA", "CustomRefDefinition", 2e-4,
         false},
        {"polar-v0.5-qlora-1e-4-customref-instruction-raw", "POLAR-14B-v0.5", "QLoRA", "CustomRefInstruction", 1e-4,
         false},
        {"solar-recovery-lora-2e-4-customref-refined", "Solar-Ko-Recovery-11B", "LoRA", "CustomRef", 2e-4, true},
        {"solar-recovery-lora-2e-4-customref-raw", "Solar-Ko-Recovery-11B", "LoRA", "CustomRef", 2e-4, false},
        {"solar-recovery-lora-1e-4-customref-raw", "Solar-Ko-Recovery-11B", "LoRA", "CustomRef", 1e-4, false},
        {"solar-recovery-lora-1e-4-customref-instruction-raw", "Solar-Ko-Recovery-11B", "LoRA", "CustomRefInstruction",
         1e-4, false},
        {"solar-recovery-lora-1e-4-customref-definition-raw", "Solar-Ko-Recovery-11B", "LoRA", "CustomRefDefinition",
         1e-4, false},
        {"solar-recovery-lora-1e-4-systemref-raw", "Solar-Ko-Recovery-11B", "LoRA", "SystemRefOfficialTerm", 1e-4,
         false},
        {"t3q-dpo-v7-lora-2e-4-customref-instruction-raw", "T3Q-ko-solar-dpo-v7.0", "LoRA", "CustomRefInstruction",
         2e-4, false},
    };
    return presets;
}

const Preset& findPreset(const std::string& name) {
    auto lower = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char ch) { return char(std::tolower(ch)); });
        return text;
    };
    std::string names;
    for (const Preset& p : publishedPresets()) {
        if (lower(p.name) == lower(name)) return p;
        names += "\n  " + p.name + " (" + p.baseModel + ", " + p.method + ")";
    }
    throw Error("train: no preset \"" + name + "\"; the published recipes are:" + names);
}

void applyPreset(TrainConfig& config, const Preset& preset) {
    const TrainConfig recipe;
    config.epochs = recipe.epochs;
    config.gradientAccumulation = recipe.gradientAccumulation;
    config.microBatch = recipe.microBatch;
    config.loraR = recipe.loraR;
    config.loraAlpha = recipe.loraAlpha;
    config.loraDropout = recipe.loraDropout;
    config.targetModules = recipe.targetModules;
    config.learningRate = preset.learningRate;
    config.style = preset.style;
    config.loadIn4bit = preset.method == "QLoRA";
    config.refine = preset.refined;
}

}  // namespace cci::train
