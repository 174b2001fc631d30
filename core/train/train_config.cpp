// Training configuration (see train_config.h).
#include "train/train_config.h"

#include "prompt/prompt_style.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

namespace cci::train {

void validateConfig(const TrainConfig& c) {
    namespace fs = std::filesystem;
    std::error_code ec;
    auto need = [&](bool ok, const std::string& message) {
        if (!ok) throw Error("train: " + message);
    };
    need(!c.modelDir.empty() && fs::exists(c.modelDir + "/config.json", ec), "--model: no config.json in \"" + c.modelDir + "\"");
    need(!c.trainFile.empty() && fs::exists(c.trainFile, ec), "--train: no such file \"" + c.trainFile + "\"");
    need(c.devFile.empty() || fs::exists(c.devFile, ec), "--dev: no such file \"" + c.devFile + "\"");
    need(!c.runDir.empty(), "--out: a run folder is needed");
    need(c.loraR > 0, "lora_r must be positive, not " + std::to_string(c.loraR));
    need(c.loraAlpha > 0, "lora_alpha must be positive");
    need(c.loraDropout >= 0 && c.loraDropout < 1, "lora_dropout must be in [0, 1)");
    need(c.epochs > 0, "epochs must be positive");
    need(c.learningRate > 0, "the learning rate must be positive");
    need(c.gradientAccumulation > 0 && c.microBatch > 0, "gradient accumulation and batch size must be positive");
    need(c.maxSeqLength > 8, "max_seq_length is too small");
    need(c.kFolds == 0 || c.kFolds >= 2, "k_folds must be 0 (no folds) or at least 2, not " + std::to_string(c.kFolds));
    need(!c.targetModules.empty(), "no LoRA target modules");
    static const std::vector<std::string> known = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "lm_head"};
    for (const auto& m : c.targetModules)
        need(std::find(known.begin(), known.end(), m) != known.end(),
             "unknown LoRA target module \"" + m + "\" (known: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, lm_head)");
    need(c.device == "cpu" || c.device.rfind("cuda", 0) == 0, "unknown device \"" + c.device + "\"");
    (void)prompt::findPromptStyle(c.style);
}

std::string configToJson(const TrainConfig& c) {
    const nlohmann::ordered_json j = {
        {"model", c.modelDir}, {"style", c.style}, {"template", c.templateSpec}, {"train", c.trainFile}, {"dev", c.devFile},
        {"run_dir", c.runDir}, {"use_all_trainable_data", c.useAllTrainableData}, {"epochs", c.epochs},
        {"lr", c.learningRate}, {"gradient_accumulation_steps", c.gradientAccumulation},
        {"per_device_train_batch_size", c.microBatch}, {"warmup_steps", c.warmupSteps}, {"weight_decay", c.weightDecay},
        {"max_grad_norm", c.maxGradNorm}, {"betas", {c.beta1, c.beta2}}, {"eps", c.epsilon}, {"lora_r", c.loraR},
        {"lora_alpha", c.loraAlpha}, {"lora_dropout", c.loraDropout}, {"rslora", c.rsLora},
        {"target_modules", c.targetModules}, {"max_seq_length", c.maxSeqLength}, {"seed", c.seed},
        {"neftune_noise_alpha", c.neftuneAlpha}, {"threads", c.threads}, {"device", c.device},
        {"load_in_4bit", c.loadIn4bit}, {"base_model_name", c.baseModelName}, {"checkpoint_every", c.checkpointEvery},
        {"gradient_checkpointing", c.gradientCheckpointing}, {"k_folds", c.kFolds}};
    return j.dump();
}

TrainConfig configFromJson(const std::string& text, const std::string& origin) {
    TrainConfig c;
    try {
        auto j = nlohmann::json::parse(text);
        if (j.is_object() && j.contains("config") && j["config"].is_object()) j = j["config"];  // a run.json
        if (!j.is_object()) throw Error(origin + ": expected a JSON object with the training configuration");
        static const std::vector<std::string> known = {
            "model", "style", "template", "train", "dev", "run_dir", "use_all_trainable_data", "epochs", "lr",
            "gradient_accumulation_steps", "per_device_train_batch_size", "warmup_steps", "weight_decay",
            "max_grad_norm", "betas", "eps", "lora_r", "lora_alpha", "lora_dropout", "rslora", "target_modules",
            "max_seq_length", "seed", "neftune_noise_alpha", "threads", "device", "load_in_4bit", "base_model_name",
            "checkpoint_every", "gradient_checkpointing", "k_folds"};
        for (const auto& [key, _] : j.items())
            if (std::find(known.begin(), known.end(), key) == known.end())
                throw Error(origin + ": unknown field \"" + key + "\" in the training configuration");
        // Every field is optional (the recipe's default) except what no default can stand for.
        c.modelDir = j.at("model").get<std::string>();
        c.trainFile = j.at("train").get<std::string>();
        c.runDir = j.value("run_dir", c.runDir);
        c.style = j.value("style", c.style);
        c.templateSpec = j.value("template", c.templateSpec);
        c.devFile = j.value("dev", c.devFile);
        c.useAllTrainableData = j.value("use_all_trainable_data", c.useAllTrainableData);
        c.epochs = j.value("epochs", c.epochs);
        c.learningRate = j.value("lr", c.learningRate);
        c.gradientAccumulation = j.value("gradient_accumulation_steps", c.gradientAccumulation);
        c.microBatch = j.value("per_device_train_batch_size", c.microBatch);
        c.warmupSteps = j.value("warmup_steps", c.warmupSteps);
        c.weightDecay = j.value("weight_decay", c.weightDecay);
        c.maxGradNorm = j.value("max_grad_norm", c.maxGradNorm);
        if (j.contains("betas")) {
            c.beta1 = j["betas"].at(0).get<double>();
            c.beta2 = j["betas"].at(1).get<double>();
        }
        c.epsilon = j.value("eps", c.epsilon);
        c.loraR = j.value("lora_r", c.loraR);
        c.loraAlpha = j.value("lora_alpha", c.loraAlpha);
        c.loraDropout = j.value("lora_dropout", c.loraDropout);
        c.rsLora = j.value("rslora", c.rsLora);
        c.targetModules = j.value("target_modules", c.targetModules);
        c.maxSeqLength = j.value("max_seq_length", c.maxSeqLength);
        c.seed = j.value("seed", c.seed);
        c.neftuneAlpha = j.value("neftune_noise_alpha", c.neftuneAlpha);
        c.threads = j.value("threads", c.threads);
        c.device = j.value("device", c.device);
        c.loadIn4bit = j.value("load_in_4bit", c.loadIn4bit);
        c.baseModelName = j.value("base_model_name", c.baseModelName);
        c.checkpointEvery = j.value("checkpoint_every", c.checkpointEvery);
        c.gradientCheckpointing = j.value("gradient_checkpointing", c.gradientCheckpointing);
        c.kFolds = j.value("k_folds", c.kFolds);
    } catch (const nlohmann::json::exception& e) {
        throw Error(origin + ": the training configuration cannot be read: " + e.what());
    }
    return c;
}

const std::vector<Preset>& publishedPresets() {
    static const std::vector<Preset> presets = {
        {"polar-v0.2-qlora-2e-4-customref-officialterm-raw", "POLAR-14B-v0.2", "QLoRA", "CustomRefOfficialTerm", 2e-4, false},
        {"polar-v0.5-qlora-2e-4-systemref-refined", "POLAR-14B-v0.5", "QLoRA", "SystemRefOfficialTerm", 2e-4, true},
        {"polar-v0.5-qlora-2e-4-customref-definition-raw", "POLAR-14B-v0.5", "QLoRA", "CustomRefDefinition", 2e-4, false},
        {"polar-v0.5-qlora-1e-4-customref-instruction-raw", "POLAR-14B-v0.5", "QLoRA", "CustomRefInstruction", 1e-4, false},
        {"solar-recovery-lora-2e-4-customref-refined", "Solar-Ko-Recovery-11B", "LoRA", "CustomRef", 2e-4, true},
        {"solar-recovery-lora-2e-4-customref-raw", "Solar-Ko-Recovery-11B", "LoRA", "CustomRef", 2e-4, false},
        {"solar-recovery-lora-1e-4-customref-raw", "Solar-Ko-Recovery-11B", "LoRA", "CustomRef", 1e-4, false},
        {"solar-recovery-lora-1e-4-customref-instruction-raw", "Solar-Ko-Recovery-11B", "LoRA", "CustomRefInstruction", 1e-4, false},
        {"solar-recovery-lora-1e-4-customref-definition-raw", "Solar-Ko-Recovery-11B", "LoRA", "CustomRefDefinition", 1e-4, false},
        {"solar-recovery-lora-1e-4-systemref-raw", "Solar-Ko-Recovery-11B", "LoRA", "SystemRefOfficialTerm", 1e-4, false},
        {"t3q-dpo-v7-lora-2e-4-customref-instruction-raw", "T3Q-ko-solar-dpo-v7.0", "LoRA", "CustomRefInstruction", 2e-4, false},
    };
    return presets;
}

}  // namespace cci::train
