// LoRA trainer (see lora_trainer.h).
#include "train/lora_trainer.h"

#include "cci_version.h"
#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "corpus/corpus_split.h"
#include "model/llama_internals.h"
#include "model/lora_adapter.h"
#include "model/memory_estimate.h"
#include "model/predict.h"
#include "prompt/prompt_style.h"
#include "refine/refiner.h"
#include "system/cuda_devices.h"
#include "system/system_info.h"
#include "train/data_parallel.h"
#include "train/run_catalog.h"
#include "train/sft_examples.h"
#include "train/training_checkpoint.h"
#include "tokenizer/load_tokenizer.h"
#include "util/atomic_write.h"
#include "util/error_text.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>
#include <random>
#include <sstream>

#include <unistd.h>

namespace cci::train {

namespace {

std::string fnv1a(const std::string& bytes) {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

model::LoraWeights newLora(std::int64_t in, std::int64_t out, int r, const torch::Device& device) {
    // A: Kaiming-uniform with a = sqrt(5), i.e. U(-1/sqrt(in), 1/sqrt(in)); B: zeros (as PEFT initialises). Drawn on
    // the CPU (the same adapter on every device), kept in fp32 on the model's device whatever the base weights' dtype
    // (bf16 on CUDA): the optimizer updates fp32 masters, as PEFT with a bf16 base does.
    const double bound = 1.0 / std::sqrt(double(in));
    auto a = torch::empty({r, in}, torch::kFloat32).uniform_(-bound, bound).to(device).requires_grad_(true);
    auto b = torch::zeros({out, r}, torch::TensorOptions().dtype(torch::kFloat32).device(device)).requires_grad_(true);
    return {a, b};
}

std::string tensorBytes(const torch::Tensor& t) {
    const auto c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    return std::string(static_cast<const char*>(c.data_ptr()), std::size_t(c.numel()) * 4);
}

void saveAdapter(const std::string& dir, const model::LlamaModel::Impl& m, const TrainConfig& config) {
    std::filesystem::create_directories(dir);
    std::vector<model::TensorData> tensors;
    auto add = [&](const std::string& prefix, const model::LoraWeights& w) {
        tensors.push_back({prefix + ".lora_A.weight", model::DType::F32, {w.a.size(0), w.a.size(1)}, tensorBytes(w.a)});
        tensors.push_back({prefix + ".lora_B.weight", model::DType::F32, {w.b.size(0), w.b.size(1)}, tensorBytes(w.b)});
    };
    for (std::size_t l = 0; l < m.lora.size(); ++l)
        for (const auto& [module, w] : m.lora[l]) {
            const bool mlp = module == "gate_proj" || module == "up_proj" || module == "down_proj";
            add("base_model.model.model.layers." + std::to_string(l) + (mlp ? ".mlp." : ".self_attn.") + module, w);
        }
    if (m.loraHead) add("base_model.model.lm_head", *m.loraHead);
    model::writeSafetensors(dir + "/adapter_model.safetensors", tensors, {{"format", "pt"}});
    const nlohmann::ordered_json adapterConfig = {
        {"peft_type", "LORA"}, {"task_type", "CAUSAL_LM"}, {"r", config.loraR}, {"lora_alpha", config.loraAlpha},
        {"lora_dropout", config.loraDropout}, {"target_modules", config.targetModules}, {"bias", "none"},
        {"use_rslora", config.rsLora}, {"fan_in_fan_out", false}, {"inference_mode", true},
        {"base_model_name_or_path", config.baseModelName.empty() ? config.modelDir : config.baseModelName}};
    writeFileAtomic(dir + "/adapter_config.json", adapterConfig.dump(2) + "\n");
}

// transformers' get_cosine_schedule_with_warmup as the Trainer steps it: optimizer step k (from 0) runs at
// lr * k / warmup during the warm-up - the first step at 0 - then follows the cosine down to 0 at the last step.
// Replaces the freshly initialised adapters by a PEFT adapter's A and B: same rank, same target modules, every
// module present (the scale still comes from the configuration's alpha).
void loadInitialAdapter(const TrainConfig& config, model::LlamaModel::Impl& m) {
    const auto adapter = model::readLoraAdapter(config.initAdapter);
    const std::string origin = config.initAdapter + "/adapter_config.json";
    if (adapter.r != config.loraR)
        throw Error(origin + ": r is " + std::to_string(adapter.r) + ", the run's lora_r is " + std::to_string(config.loraR));
    auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    if (sorted(adapter.targetModules) != sorted(config.targetModules))
        throw Error(origin + ": target_modules differ from the run's target modules");
    std::size_t loaded = 0;
    for (const auto& d : adapter.deltas(m.cfg)) {
        model::LoraWeights* w = nullptr;
        if (d.layer < 0) w = m.loraHead ? &*m.loraHead : nullptr;
        else if (auto it = m.lora[std::size_t(d.layer)].find(d.module); it != m.lora[std::size_t(d.layer)].end()) w = &it->second;
        if (!w) throw Error(config.initAdapter + ": the adapter has " + d.module + " weights the run does not train");
        torch::NoGradGuard noGrad;
        w->a.copy_(torch::from_blob(const_cast<float*>(d.a.data()), {d.rank, d.in}, torch::kFloat32));
        w->b.copy_(torch::from_blob(const_cast<float*>(d.b.data()), {d.out, d.rank}, torch::kFloat32));
        ++loaded;
    }
    std::size_t expected = m.loraHead ? 1 : 0;
    for (const auto& layer : m.lora) expected += layer.size();
    if (loaded != expected)
        throw Error(config.initAdapter + ": " + std::to_string(loaded) + " of the run's " + std::to_string(expected) +
                    " LoRA modules are in the adapter");
}

// data_order.jsonl: one line per epoch, {"epoch", "ids"}, the item ids in the order they were trained on (a resumed
// run rewrites its current epoch's line, keeping the earlier ones).
void writeDataOrder(const std::string& runDir, int epoch, const std::vector<std::size_t>& indices, const SftData& data) {
    const std::string path = runDir + "/data_order.jsonl";
    std::string kept;
    if (std::filesystem::exists(path)) {
        std::istringstream lines(readFile(path));
        std::string line;
        while (std::getline(lines, line)) {
            const auto j = nlohmann::json::parse(line, nullptr, false);
            if (!j.is_discarded() && j.is_object() && j.value("epoch", -1) >= 0 && j.value("epoch", -1) < epoch) kept += line + "\n";
        }
    }
    nlohmann::json ids = nlohmann::json::array();
    for (const auto i : indices) ids.push_back(data.examples[i].id);
    writeFileAtomic(path, kept + nlohmann::json{{"epoch", epoch}, {"ids", ids}}.dump() + "\n");
}

double learningRateAt(const TrainConfig& c, std::size_t step, std::size_t total) {
    if (step < std::size_t(c.warmupSteps)) return c.learningRate * double(step) / double(std::max(1, c.warmupSteps));
    const double progress = double(step - std::size_t(c.warmupSteps)) / double(std::max<std::size_t>(1, total - std::size_t(c.warmupSteps)));
    return c.learningRate * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

TrainResult trainImpl(const TrainConfig& config, const ProgressFn& progress, bool resume);

// A run's data: the corpora after the recipe's refinement, its style and tokenizer, and the supervised examples
// built from them - for the run itself and for countTrainingData before it starts.
struct RunData {
    Corpus train;
    std::optional<Corpus> dev;
    refine::RefineConfig refinement;
    prompt::PromptStyle style;
    tok::LoadedTokenizer tokenizer;
    SftData examples, devExamples;
};
RunData prepareRunData(const TrainConfig& config);

}  // namespace

namespace {

// Runs the training and, when it fails, leaves the run folder saying why (the Runs view and cci runs show it; a run
// with a checkpoint stays resumable).
TrainResult trainRecordingFailure(const TrainConfig& config, const ProgressFn& progress, bool resume) {
    try {
        return trainImpl(config, progress, resume);
    } catch (const std::exception& e) {
        std::string message = withoutBacktrace(e.what());
        if (isCudaOutOfMemory(message))
            message = config.runDir + ": the GPU ran out of memory (" + message.substr(0, message.find('.')) +
                      "). Lower --max-seq-length or --batch, keep gradient checkpointing on, train with "
                      "--load_in_4bit (QLoRA) or a smaller --lora-r, or free the GPU (nvidia-smi); the run keeps its "
                      "last checkpoint (cci train --resume " + config.runDir + " once memory is free)";
        try {
            auto run = nlohmann::json::parse(readFile(config.runDir + "/run.json"));
            run["status"] = "failed";
            run["error"] = message;
            writeFileAtomic(config.runDir + "/run.json", run.dump(2) + "\n");
        } catch (const std::exception&) {
        }
        if (dynamic_cast<const Error*>(&e)) throw;
        if (isCudaOutOfMemory(e.what())) throw Error(message);
        throw Error(config.runDir + ": training failed: " + message);
    }
}

}  // namespace

TrainingDataCount countTrainingData(const TrainConfig& config) {
    const RunData d = prepareRunData(config);
    return {d.examples.examples.size() + d.examples.skippedTooLong, d.examples.examples.size(), d.examples.skippedTooLong};
}

TrainResult resumeTraining(const std::string& runDir, const ProgressFn& progress) {
    namespace fs = std::filesystem;
    if (const auto existing = readRun(runDir); existing && existing->status == "finished")
        throw Error(runDir + ": the run is finished; there is nothing to resume");
    if (!fs::exists(runDir + "/checkpoint/state.json") && !fs::exists(runDir + "/checkpoint.old/state.json"))
        throw Error(runDir + ": no checkpoint to resume from");
    const auto run = nlohmann::json::parse(readFile(runDir + "/run.json"), nullptr, false);
    if (run.is_discarded() || !run.contains("config")) throw Error(runDir + "/run.json: no configuration to resume with");
    TrainConfig config = configFromJson(run["config"].dump(), runDir + "/run.json");
    config.runDir = runDir;
    validateConfig(config);
    return trainRecordingFailure(config, progress, true);
}

TrainResult runTraining(const TrainConfig& config, const ProgressFn& progress) {
    validateConfig(config);
    // Never over an earlier run: its adapter, metrics and dev predictions would be mixed with this one's. A run the
    // GUI queued (run.json saying "queued") is this run.
    if (const auto existing = readRun(config.runDir); existing && existing->status != "queued")
        throw Error(config.runDir + ": already holds a run (" + existing->status +
                    (existing->resumable ? "; continue it with cci train --resume " + config.runDir : "") +
                    "); choose another --out");
    return trainRecordingFailure(config, progress, false);
}

namespace {

// The random stream of one example (dropout, NEFTune): fixed by the seed, the epoch and the example's place in the
// epoch, so a run gives the same adapter whichever process trains the example (data parallel) and after a resume.
std::uint64_t exampleSeed(std::uint64_t seed, int epoch, std::size_t position) {
    std::uint64_t h = seed ^ 0x9E3779B97F4A7C15ULL;
    for (const std::uint64_t v : {std::uint64_t(epoch), std::uint64_t(position)}) {
        h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
        h *= 0xBF58476D1CE4E5B9ULL;
    }
    return h >> 1;
}

// A GPU too small for the run: said before gigabytes are loaded. The estimate is approximate, so only a run that
// cannot fit in the whole device is refused; one tighter than the free memory gets a warning.
void refuseGpuTooSmall(const TrainConfig& config, const GpuInfo& gpu) {
    model::TrainingMemoryInput need;
    need.qlora = config.loadIn4bit;
    need.cuda = true;
    need.loraR = config.loraR;
    need.seqLength = config.maxSeqLength;
    need.microBatch = config.microBatch;
    need.gradientCheckpointing = config.gradientCheckpointing;
    const double bytes = model::estimateTrainingMemory(model::readLlamaConfig(config.modelDir + "/config.json"), need).total();
    const auto gib = [](double b) {
        char text[32];
        std::snprintf(text, sizeof text, "%.1f GiB", b / double(1 << 30));
        return std::string(text);
    };
    const std::string where = gpu.deviceName() + " (" + gpu.name + ", " + gib(gpu.totalBytes) + ", " + gib(gpu.freeBytes) + " free)";
    if (bytes > gpu.totalBytes)
        throw Error("train: this run needs about " + gib(bytes) + " on the GPU and " + where +
                    " cannot hold it: use --load_in_4bit (QLoRA), a smaller --max-seq-length or --lora-r, or a larger GPU");
    if (bytes > gpu.freeBytes)
        reportWarnings({Problem{.message = "train: this run needs about " + gib(bytes) + " and " + where +
                                           " has less free; other processes hold the rest (nvidia-smi)",
                                .warning = true}});
}

RunData prepareRunData(const TrainConfig& config) {
    RunData d;
    d.train = loadCorpus(config.trainFile);
    if (!config.devFile.empty()) d.dev = loadCorpus(config.devFile);
    // The published refinement (9 rules, same-speaker merging) when the recipe asks for refined data.
    d.refinement = refine::RefineConfig::untraced();
    if (config.refine) {
        d.train = refine::refineCorpus(d.train, d.refinement).corpus;
        if (d.dev) d.dev = refine::refineCorpus(*d.dev, d.refinement).corpus;
    }
    if (config.useAllTrainableData && d.dev) {
        d.train = mergeCorpora({&d.train, &*d.dev});
        d.dev.reset();
    }
    d.style = prompt::findPromptStyle(config.style);
    const auto chat = chat::resolveChatTemplate(config.templateSpec.empty() ? config.modelDir : config.templateSpec);
    d.tokenizer = tok::loadTokenizer(config.modelDir);
    const auto length = std::size_t(config.maxSeqLength);
    d.examples = buildSftExamples(d.train, d.style, chat, *d.tokenizer.tokenizer, length);
    if (d.dev) d.devExamples = buildSftExamples(*d.dev, d.style, chat, *d.tokenizer.tokenizer, length);
    return d;
}

TrainResult trainImpl(const TrainConfig& config, const ProgressFn& progress, bool resume) {
    const auto start = std::chrono::steady_clock::now();
    torch::manual_seed(config.seed);
    setComputeThreads(config.threads);
    // Data parallel under torchrun's environment: each rank trains every world-th example of a step; the gradients
    // are summed before the optimizer step; rank 0 writes the run folder.
    const DistributedEnv env = distributedEnvironment();
    std::unique_ptr<DataParallelGroup> group;
    if (env.active()) {
        // Leftover torchrun variables would otherwise make a lone `cci train` wait silently.
        reportWarnings({Problem{.message = "data parallel: rank " + std::to_string(env.rank) + " of " +
                                           std::to_string(env.worldSize) + " (WORLD_SIZE/RANK in the environment); waiting up to " +
                                           std::to_string(config.rendezvousTimeoutSeconds) + " s for the group at " +
                                           env.masterAddr + ":" + std::to_string(env.masterPort),
                                .warning = true}});
        group = std::make_unique<DataParallelGroup>(env, config.device, std::chrono::seconds(config.rendezvousTimeoutSeconds));
    }
    const bool writer = env.rank == 0;
    const std::size_t world = std::size_t(env.worldSize), rank = std::size_t(env.rank);

    RunData prepared = prepareRunData(config);
    const Corpus& train = prepared.train;
    const std::optional<Corpus>& dev = prepared.dev;
    const auto& refinement = prepared.refinement;
    const auto& style = prepared.style;
    const auto& tokenizer = prepared.tokenizer;
    const SftData& data = prepared.examples;
    const SftData& devData = prepared.devExamples;
    if (data.examples.empty()) {
        // Say which it is: no items, no answers, or every item longer than max_seq_length.
        if (train.samples.empty()) throw Error(config.trainFile + ": the file holds no items to train on");
        if (data.skippedTooLong == 0)
            throw Error(config.trainFile + ": no item has an answer (\"output\" is empty in all " +
                        std::to_string(train.samples.size()) + "); training needs the labelled train split");
        throw Error(config.trainFile + ": every labelled item (" + std::to_string(data.skippedTooLong) +
                    ") is longer than max_seq_length " + std::to_string(config.maxSeqLength) +
                    " tokens with this style and template; raise --max_seq_length");
    }
    if (data.skippedTooLong > 0 && writer)
        reportWarnings({Problem{.file = config.trainFile,
                                .message = std::to_string(data.skippedTooLong) + " of " +
                                           std::to_string(data.skippedTooLong + data.examples.size()) +
                                           " labelled items are longer than max_seq_length " + std::to_string(config.maxSeqLength) +
                                           " tokens (prompt, answer and eos) with this style and template; training skips them",
                                .warning = true}});

    model::RuntimeOptions runtime;
    // One GPU per process under data parallelism: LOCAL_RANK picks it, as torchrun arranges.
    runtime.device = env.active() && config.device == "cuda" ? "cuda:" + std::to_string(env.localRank) : config.device;
    runtime.threads = config.threads;
    runtime.nf4 = config.loadIn4bit;
    const std::optional<GpuInfo> gpu = gpuFor(runtime.device);
    if (gpu) {
        refuseGpuTooSmall(config, *gpu);
        resetCudaPeak(gpu->index);
    }
    auto model = model::LlamaModel::load(config.modelDir, runtime);
    auto& m = model->internals();
    // A tokenizer larger than the embedding (another model's tokenizer) gives ids with no row: say so, by item.
    for (const SftData* d : {&data, &devData})
        for (const auto& ex : d->examples)
            for (const auto id : ex.ids)
                if (id < 0 || id >= m.cfg.vocab)
                    throw Error(config.modelDir + ": item " + ex.id + " tokenises to id " + std::to_string(id) +
                                ", past the model's vocab_size " + std::to_string(m.cfg.vocab) +
                                "; the tokenizer does not belong to these weights (cci doctor --model checks both)");
    for (auto* t : {&m.embed, &m.finalNorm, &m.lmHead}) t->set_requires_grad(false);
    // Adapters on every target module.
    std::vector<torch::Tensor> parameters;
    m.lora.assign(m.layers.size(), {});
    for (std::size_t l = 0; l < m.layers.size(); ++l)
        for (const auto& module : config.targetModules) {
            if (module == "lm_head") continue;
            const auto [in, out] = model::loraModuleShape(m.cfg, module);
            m.lora[l][module] = newLora(in, out, config.loraR, m.device);
        }
    if (std::find(config.targetModules.begin(), config.targetModules.end(), "lm_head") != config.targetModules.end()) {
        const auto [in, out] = model::loraModuleShape(m.cfg, "lm_head");
        m.loraHead = newLora(in, out, config.loraR, m.device);
    }
    if (!config.initAdapter.empty()) loadInitialAdapter(config, m);
    for (auto& layer : m.lora)
        for (auto& [_, w] : layer) parameters.insert(parameters.end(), {w.a, w.b});
    if (m.loraHead) parameters.insert(parameters.end(), {m.loraHead->a, m.loraHead->b});
    m.loraScale = config.rsLora ? config.loraAlpha / std::sqrt(double(config.loraR)) : config.loraAlpha / double(config.loraR);
    m.loraDropout = config.loraDropout;
    m.neftuneAlpha = config.neftuneAlpha;
    m.gradientCheckpointing = config.gradientCheckpointing;

    torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(config.learningRate)
                                                  .betas({config.beta1, config.beta2})
                                                  .eps(config.epsilon)
                                                  .weight_decay(config.weightDecay));
    const std::size_t perStep = std::size_t(config.gradientAccumulation) * std::size_t(config.microBatch);
    const std::size_t stepsPerEpoch = (data.examples.size() + perStep - 1) / perStep;
    const std::size_t totalSteps = stepsPerEpoch * std::size_t(config.epochs);

    namespace fs = std::filesystem;
    fs::create_directories(config.runDir);
    const std::string styleSource = readFile(style.sourcePath);  // hashed and kept in run.json
    nlohmann::ordered_json run = {
        {"code_revision", CCI_REVISION},
        {"model", fs::absolute(config.modelDir).lexically_normal().string()},
        {"style", style.name},
        {"style_content_hash", fnv1a(styleSource)},
        {"style_content", [&] {
             const auto parsed = nlohmann::ordered_json::parse(styleSource, nullptr, false);
             return parsed.is_discarded() ? nlohmann::ordered_json(styleSource) : parsed;
         }()},
        {"refinement", [&] {
             nlohmann::ordered_json r = {{"applied", config.refine}};
             if (!config.refine) return r;
             r["rules"] = nlohmann::ordered_json::array();
             for (const auto& rule : refine::allRules())
                 if (refinement.enabled[std::size_t(rule.number)]) r["rules"].push_back(std::string(rule.name));
             r["merge_same_speaker"] = refinement.mergeSameSpeaker;
             return r;
         }()},
        {"train", {{"file", fs::absolute(config.trainFile).lexically_normal().string()}, {"fnv1a64", fnv1a(readFile(config.trainFile))}}},
        {"dev", config.devFile.empty() ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json{{"file", fs::absolute(config.devFile).lexically_normal().string()},
                                                                {"fnv1a64", fnv1a(readFile(config.devFile))}}},
        {"use_all_trainable_data", config.useAllTrainableData},
        {"lora", {{"r", config.loraR}, {"alpha", config.loraAlpha}, {"dropout", config.loraDropout}, {"rslora", config.rsLora},
                  {"target_modules", config.targetModules}}},
        {"optimizer", {{"name", "AdamW"}, {"lr", config.learningRate}, {"betas", {config.beta1, config.beta2}},
                       {"eps", config.epsilon}, {"weight_decay", config.weightDecay}}},
        {"schedule", {{"name", "cosine"}, {"warmup_steps", config.warmupSteps}, {"total_steps", totalSteps}}},
        {"epochs", config.epochs}, {"gradient_accumulation_steps", config.gradientAccumulation},
        {"per_device_train_batch_size", config.microBatch}, {"max_seq_length", config.maxSeqLength},
        {"max_grad_norm", config.maxGradNorm}, {"seed", config.seed},
        {"gradient_checkpointing", config.gradientCheckpointing}, {"neftune_noise_alpha", config.neftuneAlpha},
        {"device", config.device}, {"examples", data.examples.size()}, {"skipped_too_long", data.skippedTooLong},
        {"weights", {{"format", config.loadIn4bit ? "nf4" : "dense"}, {"total_bytes", model->weightBytes()},
                     {"linear_bytes", model->linearWeightBytes()},
                     {"linear_bf16_bytes", double(m.cfg.linearParameterCount()) * 2.0}}},
        {"data_parallel", {{"world_size", env.worldSize}}},
        {"status", "running"}, {"pid", long(getpid())},
        {"config", nlohmann::ordered_json::parse(configToJson(config))}};
    if (writer) writeFileAtomic(config.runDir + "/run.json", run.dump(2) + "\n");
    std::string metrics;
    double elapsedBefore = 0;  // a resumed run's time before its checkpoint: elapsed_s and seconds count the whole run
    CheckpointState resumed;
    if (resume) {
        resumed = loadCheckpoint(config.runDir, parameters, optimizer);
        // Keep the metrics up to the checkpoint; later lines belong to steps that will run again.
        std::istringstream lines(fs::exists(config.runDir + "/metrics.jsonl") ? readFile(config.runDir + "/metrics.jsonl") : "");
        std::string line;
        while (std::getline(lines, line)) {
            const auto j = nlohmann::json::parse(line, nullptr, false);
            if (j.is_discarded()) continue;
            const bool dev = j.value("split", "") == "dev";
            if (dev ? j.value("step", 0.0) < double(resumed.step) : j.value("step", 0.0) <= double(resumed.step)) {
                metrics += line + "\n";
                if (const auto e = j.find("elapsed_s"); e != j.end() && e->is_number()) elapsedBefore = std::max(elapsedBefore, e->get<double>());
            }
        }
    }
    // Written once (empty, or on resume the lines up to the checkpoint), then one line appended per step.
    const std::string metricsPath = config.runDir + "/metrics.jsonl";
    if (writer) writeFileAtomic(metricsPath, metrics);
    auto appendMetric = [&](const nlohmann::ordered_json& line) {
        if (writer) appendToFile(metricsPath, line.dump() + "\n");
    };

    TrainResult result;
    result.examples = data.examples.size();
    result.skippedTooLong = data.skippedTooLong;
    std::mt19937_64 order(config.seed);
    std::size_t step = 0;
    int firstEpoch = 0;
    if (resume) {
        std::istringstream(resumed.orderState) >> order;
        step = resumed.step;
        firstEpoch = resumed.epoch;
        result.firstLoss = resumed.firstLoss;
    }
    for (int epoch = firstEpoch; epoch < config.epochs; ++epoch) {
        std::ostringstream orderBefore;
        orderBefore << order;
        std::vector<std::size_t> indices(data.examples.size());
        std::iota(indices.begin(), indices.end(), 0);
        std::shuffle(indices.begin(), indices.end(), order);
        if (writer) writeDataOrder(config.runDir, epoch, indices, data);
        m.training = true;
        const std::size_t startAt = resume && epoch == resumed.epoch ? resumed.first : 0;
        auto checkpoint = [&](std::size_t next) {
            if (writer) saveCheckpoint(config.runDir, parameters, optimizer, {step, epoch, next, orderBefore.str(), result.firstLoss});
        };
        for (std::size_t first = startAt; first < indices.size(); first += perStep, ++step) {
            const auto stepStart = std::chrono::steady_clock::now();
            const double lr = learningRateAt(config, step, totalSteps);
            for (auto& group : optimizer.param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
            optimizer.zero_grad();
            const std::size_t last = std::min(indices.size(), first + perStep);
            // HF averages over every labelled token of the step: weight each example by its token share.
            std::size_t stepTokens = 0, seen = 0;
            for (std::size_t k = first; k < last; ++k) stepTokens += data.examples[indices[k]].ids.size() - data.examples[indices[k]].promptLength;
            double stepLoss = 0;
            for (std::size_t k = first; k < last; ++k) {
                if ((k - first) % world != rank) continue;  // another rank's example
                torch::manual_seed(exampleSeed(config.seed, epoch, k));
                const auto& ex = data.examples[indices[k]];
                seen += ex.ids.size();
                auto ids = torch::tensor(std::vector<std::int64_t>(ex.ids.begin(), ex.ids.end()), torch::kInt64).view({1, -1});
                auto hidden = m.forward(ids.to(m.device), nullptr, false)[0];  // [T, H]
                // Only positions that predict a labelled token need vocabulary logits.
                const auto from = std::int64_t(ex.promptLength) - 1, count = std::int64_t(ex.ids.size() - ex.promptLength);
                auto logits = m.headLogits(hidden.narrow(0, from, count)).to(torch::kFloat32);
                auto targets = ids[0].narrow(0, from + 1, count).to(m.device);
                auto loss = torch::nn::functional::cross_entropy(logits, targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
                (loss / double(stepTokens)).backward();
                stepLoss += loss.item<double>();
            }
            if (group) {
                // Sum the gradients (a rank without examples in this step contributes zeros) and the statistics.
                std::vector<torch::Tensor> sums;
                for (auto& p : parameters) {
                    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
                    sums.push_back(p.grad());
                }
                sums.push_back(torch::tensor({stepLoss, double(seen)}, torch::kFloat64));
                group->allReduceSum(sums);
                stepLoss = sums.back()[0].item<double>();
                seen = std::size_t(sums.back()[1].item<double>() + 0.5);
            }
            const double gradNorm = torch::nn::utils::clip_grad_norm_(parameters, config.maxGradNorm);
            if (!std::isfinite(stepLoss) || !std::isfinite(gradNorm))
                throw Error("train: the loss or the gradient is not finite at optimizer step " + std::to_string(step + 1) +
                            " (loss " + std::to_string(stepLoss / double(stepTokens)) + ", gradient norm " +
                            std::to_string(gradNorm) + ", learning rate " + std::to_string(lr) +
                            "); the adapter was not updated with it. Lower --lr or check the model's weights; "
                            "cci train --resume continues from the last checkpoint");
            optimizer.step();
            const double meanLoss = stepLoss / double(stepTokens);
            if (step == 0) result.firstLoss = meanLoss;
            result.lastLoss = meanLoss;
            const double stepSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - stepStart).count();
            const ProcessMemory memory = processMemory();  // one read of /proc/self/status per step
            nlohmann::ordered_json line = {{"split", "train"}, {"step", step + 1}, {"epoch", epoch + double(last) / double(indices.size())},
                          {"loss", meanLoss}, {"lr", lr}, {"grad_norm", gradNorm},
                          {"tokens_per_s", double(seen) / std::max(stepSeconds, 1e-9)},
                          {"elapsed_s", elapsedBefore + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()},
                          {"memory", memory.residentBytes}, {"peak_memory", memory.peakBytes}};
            if (gpu) line["cuda_peak_memory"] = cudaPeakAllocatedBytes(gpu->index);  // torch.cuda.max_memory_allocated
            appendMetric(line);
            char detail[96];
            std::snprintf(detail, sizeof detail, "loss %.4f  %.0f tok/s", meanLoss, double(seen) / std::max(stepSeconds, 1e-9));
            bool stop = progress && !progress({"train", step + 1, totalSteps, detail});
            if (group) {
                // Every rank stops when one is cancelled.
                std::vector<torch::Tensor> flag = {torch::tensor({stop ? 1.0f : 0.0f})};
                group->allReduceSum(flag);
                stop = flag[0].item<float>() > 0;
            }
            if (stop || (config.checkpointEvery > 0 && (step + 1) % std::size_t(config.checkpointEvery) == 0)) {
                ++step;  // the checkpoint holds the state after this step
                checkpoint(first + perStep);
                --step;
            }
            if (stop) {
                result.cancelled = true;
                result.optimizerSteps = step + 1;  // this step was taken (and is in the checkpoint)
                run["status"] = "cancelled";
                if (writer) writeFileAtomic(config.runDir + "/run.json", run.dump(2) + "\n");
                return result;
            }
        }
        // Every epoch but the last ends with a checkpoint: a run shorter than --checkpoint-every steps (the published
        // recipe on the real train split is ~47) can still be resumed after a crash.
        if (epoch + 1 < config.epochs) checkpoint(indices.size());
        m.training = false;
        if (dev && writer) {  // rank 0 evaluates; the others wait at the next step's reduction
            // Dev loss over the targets and dev accuracy by A/B/C scoring, with the adapters active.
            torch::NoGradGuard noGrad;
            double lossSum = 0;
            std::size_t tokens = 0;
            for (const auto& ex : devData.examples) {
                auto ids = torch::tensor(std::vector<std::int64_t>(ex.ids.begin(), ex.ids.end()), torch::kInt64).view({1, -1});
                auto hidden = m.forward(ids.to(m.device), nullptr, false)[0];
                const auto from = std::int64_t(ex.promptLength) - 1, count = std::int64_t(ex.ids.size() - ex.promptLength);
                auto logits = m.headLogits(hidden.narrow(0, from, count)).to(torch::kFloat32);
                lossSum += torch::nn::functional::cross_entropy(logits, ids[0].narrow(0, from + 1, count).to(m.device),
                                                               torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                               .item<double>();
                tokens += std::size_t(count);
            }
            model::PredictConfig predict;
            predict.modelDir = config.modelDir;
            predict.style = config.style;
            predict.templateSpec = config.templateSpec;
            const auto scored = model::scoreCorpus(*model, *tokenizer.tokenizer, *dev, predict);
            std::size_t correct = 0, labelled = 0;
            for (std::size_t i = 0; i < dev->samples.size(); ++i) {
                const int gold = dev->samples[i].goldIndex();
                if (gold < 0) continue;
                ++labelled;
                correct += scored.scores[i].choice == gold;
            }
            result.devAccuracy = labelled ? double(correct) / double(labelled) : -1;
            nlohmann::ordered_json probs = nlohmann::ordered_json::array();
            for (const auto& score : scored.scores) probs.push_back({{"id", score.id}, {"probs", score.probs}});
            writeFileAtomic(config.runDir + "/dev_predictions.probs.json", probs.dump(1) + "\n");
            // A dev file without answers has no loss or accuracy to record (not 0 and -1).
            nlohmann::ordered_json line = {{"split", "dev"}, {"step", step}, {"epoch", epoch + 1}};
            if (tokens) line["loss"] = lossSum / double(tokens);
            if (result.devAccuracy >= 0) line["accuracy"] = result.devAccuracy;
            appendMetric(line);
        }
    }
    result.optimizerSteps = step;
    result.adapterDir = config.runDir + "/adapter";
    if (!writer) {
        group->barrier();  // rank 0 writes the adapter
        return result;
    }
    saveAdapter(result.adapterDir, m, config);
    result.seconds = elapsedBefore + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run["status"] = "finished";
    run["seconds"] = result.seconds;
    writeFileAtomic(config.runDir + "/run.json", run.dump(2) + "\n");
    if (group) group->barrier();
    return result;
}

}  // namespace

}  // namespace cci::train

namespace cci::train {

double loraGradientCheck(const std::string& modelDir, const std::vector<std::int32_t>& ids, std::size_t promptLength,
                         int r, int probes, std::uint64_t seed, bool nf4) {
    torch::manual_seed(seed);
    model::RuntimeOptions options;
    options.float64 = true;
    options.nf4 = nf4;
    auto model = model::LlamaModel::load(modelDir, options);
    auto& m = model->internals();
    std::vector<torch::Tensor> parameters;
    m.lora.assign(m.layers.size(), {});
    for (std::size_t l = 0; l < m.layers.size(); ++l)
        for (const char* module : {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}) {
            const auto [in, out] = model::loraModuleShape(m.cfg, module);
            // Both factors random (B = 0 would hide A's gradient).
            auto a = (torch::randn({r, in}, torch::kFloat64) * 0.1).requires_grad_(true);
            auto b = (torch::randn({out, r}, torch::kFloat64) * 0.1).requires_grad_(true);
            m.lora[l][module] = {a, b};
            parameters.insert(parameters.end(), {a, b});
        }
    {
        const auto [in, out] = model::loraModuleShape(m.cfg, "lm_head");
        auto a = (torch::randn({r, in}, torch::kFloat64) * 0.1).requires_grad_(true);
        auto b = (torch::randn({out, r}, torch::kFloat64) * 0.1).requires_grad_(true);
        m.loraHead = model::LoraWeights{a, b};
        parameters.insert(parameters.end(), {a, b});
    }
    m.loraScale = 2.0;
    auto idsT = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), torch::kInt64).view({1, -1});
    const auto from = std::int64_t(promptLength) - 1, count = std::int64_t(ids.size() - promptLength);
    auto lossOf = [&] {
        auto hidden = m.forward(idsT, nullptr, false)[0];
        return torch::nn::functional::cross_entropy(m.headLogits(hidden.narrow(0, from, count)), idsT[0].narrow(0, from + 1, count));
    };
    lossOf().backward();
    std::mt19937_64 pick(seed);
    double worst = 0;
    for (int k = 0; k < probes; ++k) {
        auto& p = parameters[pick() % parameters.size()];
        const auto index = std::int64_t(pick() % std::uint64_t(p.numel()));
        const double analytic = p.grad().view({-1})[index].item<double>();
        const double eps = 1e-5;
        torch::NoGradGuard noGrad;
        auto flat = p.view({-1});
        const double original = flat[index].item<double>();
        flat[index].fill_(original + eps);
        const double up = lossOf().item<double>();
        flat[index].fill_(original - eps);
        const double down = lossOf().item<double>();
        flat[index].fill_(original);
        const double numeric = (up - down) / (2 * eps);
        worst = std::max(worst, std::abs(analytic - numeric) / std::max({std::abs(analytic), std::abs(numeric), 1e-6}));
    }
    return worst;
}

}  // namespace cci::train
