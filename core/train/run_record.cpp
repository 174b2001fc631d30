// A training run's starting record (see run_record.h).
#include "train/run_record.h"

#include "cci_version.h"
#include "model/llama_model.h"
#include "refine/refiner.h"
#include "run/run_folder.h"
#include "train/run_data.h"
#include "train/train_config.h"
#include "util/atomic_write.h"
#include "util/content_hash.h"

#include <nlohmann/json.hpp>

#include <filesystem>

#include <unistd.h>

namespace cci::train {

nlohmann::ordered_json runRecord(const TrainConfig& config, const RunData& d, const model::LlamaModel& model,
                                 std::size_t totalSteps, int worldSize) {
    namespace fs = std::filesystem;
    const std::string styleSource = readFile(d.style.sourcePath);  // hashed and kept
    return {{"code_revision", CCI_REVISION},
            {"model", fs::absolute(config.modelDir).lexically_normal().string()},
            {"style", d.style.name},
            {"style_content_hash", fnv1a64Hex(styleSource)},
            {"style_content",
             [&] {
                 const auto parsed = nlohmann::ordered_json::parse(styleSource, nullptr, false);
                 return parsed.is_discarded() ? nlohmann::ordered_json(styleSource) : parsed;
             }()},
            {"refinement",
             [&] {
                 nlohmann::ordered_json r = {{"applied", config.refine}};
                 if (!config.refine) return r;
                 r["rules"] = nlohmann::ordered_json::array();
                 for (const auto& rule : refine::allRules())
                     if (d.refinement.enabled[std::size_t(rule.number)]) r["rules"].push_back(std::string(rule.name));
                 r["merge_same_speaker"] = d.refinement.mergeSameSpeaker;
                 return r;
             }()},
            {"train",
             {{"file", fs::absolute(config.trainFile).lexically_normal().string()},
              {"fnv1a64", fnv1a64Hex(readFile(config.trainFile))}}},
            {"dev", config.devFile.empty()
                        ? nlohmann::ordered_json(nullptr)
                        : nlohmann::ordered_json{{"file", fs::absolute(config.devFile).lexically_normal().string()},
                                                 {"fnv1a64", fnv1a64Hex(readFile(config.devFile))}}},
            {"use_all_trainable_data", config.useAllTrainableData},
            {"lora",
             {{"r", config.loraR},
              {"alpha", config.loraAlpha},
              {"dropout", config.loraDropout},
              {"rslora", config.rsLora},
              {"target_modules", config.targetModules}}},
            {"optimizer",
             {{"name", "AdamW"},
              {"lr", config.learningRate},
              {"betas", {config.beta1, config.beta2}},
              {"eps", config.epsilon},
              {"weight_decay", config.weightDecay}}},
            {"schedule", {{"name", "cosine"}, {"warmup_steps", config.warmupSteps}, {"total_steps", totalSteps}}},
            {"epochs", config.epochs},
            {"gradient_accumulation_steps", config.gradientAccumulation},
            {"per_device_train_batch_size", config.microBatch},
            {"max_seq_length", config.maxSeqLength},
            {"max_grad_norm", config.maxGradNorm},
            {"seed", config.seed},
            {"gradient_checkpointing", config.gradientCheckpointing},
            {"neftune_noise_alpha", config.neftuneAlpha},
            {"shuffle_options", config.shuffleOptions},
            {"device", config.device},
            {"examples", d.examples.examples.size()},
            {"skipped_too_long", d.examples.skippedTooLong},
            {"weights",
             {{"format", config.loadIn4bit ? "nf4" : "dense"},
              {"total_bytes", model.weightBytes()},
              {"linear_bytes", model.linearWeightBytes()},
              {"linear_bf16_bytes", double(model.config().linearParameterCount()) * 2.0}}},
            {"data_parallel", {{"world_size", worldSize}}},
            {"status", run::status::running},
            {"pid", long(getpid())},
            {"config", nlohmann::ordered_json::parse(configToJson(config))}};
}

}  // namespace cci::train
