// LoRA trainer (see lora_trainer.h). trainImpl reads as the recipe; each step is a named function above it (the data
// steps in train/run_data).
#include "train/lora_trainer.h"

#include "annotate/annotations.h"
#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "corpus/corpus_split.h"
#include "infer/letter_audit.h"
#include "infer/predict.h"
#include "model/lora_adapter.h"
#include "model/lora_set.h"
#include "model/memory_estimate.h"
#include "model/safetensors.h"
#include "model/trainable_model.h"
#include "model/weight_names.h"
#include "prompt/prompt_style.h"
#include "run/dev_evaluations.h"
#include "run/metric_log.h"
#include "run/run_catalog.h"
#include "run/run_folder.h"
#include "run/run_lock.h"
#include "system/cuda_devices.h"
#include "system/device_spec.h"
#include "system/system_info.h"
#include "tokenizer/load_tokenizer.h"
#include "train/data_parallel.h"
#include "train/run_data.h"
#include "train/run_record.h"
#include "train/sft_examples.h"
#include "train/training_checkpoint.h"
#include "util/atomic_write.h"
#include "util/error_text.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>

#include <unistd.h>

namespace cci::train {

namespace {

// transformers' get_cosine_schedule_with_warmup as the Trainer steps it: optimizer step k (from 0) runs at
// lr * k / warmup during the warm-up - the first step at 0 - then follows the cosine down to 0 at the last step.
double learningRateAt(const TrainConfig& c, std::size_t step, std::size_t total) {
    if (step < std::size_t(c.warmupSteps)) return c.learningRate * double(step) / double(std::max(1, c.warmupSteps));
    const double progress = double(step - std::size_t(c.warmupSteps)) /
                            double(std::max<std::size_t>(1, total - std::size_t(c.warmupSteps)));
    return c.learningRate * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

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

// The order of its candidates an example is trained in this epoch: its own, or with option shuffling one of the six,
// drawn from the seed, the epoch and the example (the same in every process and after a resume).
const SftExample& orderTrained(const SftExample& ex, const TrainConfig& config, int epoch, std::size_t example) {
    if (ex.otherOrders.empty()) return ex;
    const std::size_t order = exampleSeed(config.seed ^ 0x5348554646ULL, epoch, example) % 6;
    return order == 0 ? ex : ex.otherOrders[order - 1];
}

// Data parallel under torchrun's environment: each rank trains every world-th example of a step; the gradients are
// summed before the optimizer step; rank 0 writes the run folder.
struct DataParallel {
    DistributedEnv env;
    std::unique_ptr<DataParallelGroup> group;
    bool writer() const { return env.rank == 0; }
};

DataParallel joinDataParallel(const TrainConfig& config) {
    DataParallel dp{distributedEnvironment(), nullptr};
    if (!dp.env.active()) return dp;
    // Leftover torchrun variables would otherwise make a lone `cci train` wait silently.
    reportWarnings(
        {Problem{.message = "data parallel: rank " + std::to_string(dp.env.rank) + " of " +
                            std::to_string(dp.env.worldSize) + " (WORLD_SIZE/RANK in the environment); waiting up to " +
                            std::to_string(config.rendezvousTimeoutSeconds) + " s for the group at " +
                            dp.env.masterAddr + ":" + std::to_string(dp.env.masterPort),
                 .warning = true}});
    dp.group = std::make_unique<DataParallelGroup>(dp.env, config.device,
                                                   std::chrono::seconds(config.rendezvousTimeoutSeconds));
    return dp;
}

// A GPU too small for the run: said before gigabytes are loaded. The estimate is approximate, so only a run that
// cannot fit in the whole device is refused; one tighter than the free memory gets a warning.
void refuseGpuTooSmall(const TrainConfig& config, const model::LlamaConfig& base, const GpuInfo& gpu) {
    model::TrainingMemoryInput need;
    need.qlora = config.loadIn4bit;
    need.cuda = true;
    need.loraR = config.loraR;
    need.seqLength = config.maxSeqLength;
    need.microBatch = config.microBatch;
    need.gradientCheckpointing = config.gradientCheckpointing;
    const double bytes = model::estimateTrainingMemory(base, need).total();
    const auto gib = [](double b) {
        char text[32];
        std::snprintf(text, sizeof text, "%.1f GiB", b / double(1 << 30));
        return std::string(text);
    };
    const std::string where =
        gpu.deviceName() + " (" + gpu.name + ", " + gib(gpu.totalBytes) + ", " + gib(gpu.freeBytes) + " free)";
    if (bytes > gpu.totalBytes)
        throw Error(
            "train: this run needs about " + gib(bytes) + " on the GPU and " + where +
            " cannot hold it: use --load_in_4bit (QLoRA), a smaller --max-seq-length or --lora-r, or a larger GPU");
    if (bytes > gpu.freeBytes)
        reportWarnings({Problem{.message = "train: this run needs about " + gib(bytes) + " and " + where +
                                           " has less free; other processes hold the rest (nvidia-smi)",
                                .warning = true}});
}

// The run is listed as running (with this process's pid) from here on, while the model loads: a fresh run gets a
// first record, a resumed one its status back.
void announceStart(const run::RunFolder& folder, const TrainConfig& config, bool resume) {
    if (!resume) {
        run::writeStartingRun(folder.path(), configToJson(config), long(getpid()));
        return;
    }
    folder.updateRecord([](nlohmann::ordered_json& record) {
        record["status"] = run::status::running;
        record["pid"] = long(getpid());
        record.erase("error");
    });
}

// Fresh adapters on the target modules (PEFT's initialisation), or --init-adapter's A and B.
std::shared_ptr<model::LoraSet> makeAdapters(const TrainConfig& config, const model::LlamaConfig& base,
                                             const torch::Device& device) {
    const double scale =
        config.rsLora ? config.loraAlpha / std::sqrt(double(config.loraR)) : config.loraAlpha / double(config.loraR);
    auto adapters = model::LoraSet::fresh(base, config.targetModules, config.loraR, scale, config.loraDropout, device,
                                          config.useDora);
    if (config.initAdapter.empty()) return adapters;
    // Same rank, same target modules, every module present (the scale still comes from the configuration's alpha).
    const auto initial = model::readLoraAdapter(config.initAdapter);
    const std::string origin = config.initAdapter + "/adapter_config.json";
    if (!initial.modulesToSave.empty())
        throw Error(origin +
                    ": modules_to_save: a run starts from an adapter's LoRA weights only; the modules it "
                    "saved whole would be lost");
    if (initial.r != config.loraR)
        throw Error(origin + ": r is " + std::to_string(initial.r) + ", the run's lora_r is " +
                    std::to_string(config.loraR));
    auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    if (sorted(initial.targetModulesOf(base)) != sorted(config.targetModules))
        throw Error(origin + ": target_modules differ from the run's target modules");
    {
        const model::WeightStore store(config.modelDir);
        initial.checkSavedBaseLayers(
            store, model::weightNames(base, [&](const std::string& name) { return store.find(name) != nullptr; }));
    }
    adapters->copyFrom(initial.deltas(base), config.initAdapter);
    return adapters;
}

void saveAdapters(const std::string& dir, const model::LoraSet& adapters, const TrainConfig& config,
                  const model::LlamaConfig& base) {
    model::LoraAdapterSettings settings;
    settings.r = config.loraR;
    settings.alpha = config.loraAlpha;
    settings.dropout = config.loraDropout;
    settings.rsLora = config.rsLora;
    settings.dora = config.useDora;
    settings.targetModules = config.targetModules;
    settings.baseModel = config.baseModelName.empty() ? config.modelDir : config.baseModelName;
    model::writeLoraAdapter(dir, settings, adapters.deltas(), base);
}

// Where a resumed run continues: the checkpoint's state, and the metrics lines up to it (later lines belong to steps
// that run again) with the time the run had already taken.
struct ResumePoint {
    CheckpointState state;
    std::string metrics;
    double elapsedBefore = 0;
};

ResumePoint restoreCheckpoint(const run::RunFolder& folder, std::vector<torch::Tensor>& parameters,
                              torch::optim::Optimizer& optimizer) {
    ResumePoint point;
    point.state = loadCheckpoint(folder.path(), parameters, optimizer);
    std::istringstream lines(folder.readMetricsText());
    std::string line;
    while (std::getline(lines, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        const bool dev = j.value("split", "") == "dev";
        if (dev ? j.value("step", 0.0) < double(point.state.step) : j.value("step", 0.0) <= double(point.state.step)) {
            point.metrics += line + "\n";
            if (const auto e = j.find("elapsed_s"); e != j.end() && e->is_number())
                point.elapsedBefore = std::max(point.elapsedBefore, e->get<double>());
        }
    }
    return point;
}

// data_order.jsonl: one line per epoch, {"epoch", "ids"}, the item ids in the order they were trained on (a resumed
// run rewrites its current epoch's line, keeping the earlier ones).
void writeDataOrder(const run::RunFolder& folder, int epoch, const std::vector<std::size_t>& indices,
                    const SftData& data) {
    const std::string path = folder.dataOrderFile();
    std::string kept;
    if (std::filesystem::exists(path)) {
        std::istringstream lines(readFile(path));
        std::string line;
        while (std::getline(lines, line)) {
            const auto j = nlohmann::json::parse(line, nullptr, false);
            if (!j.is_discarded() && j.is_object() && j.value("epoch", -1) >= 0 && j.value("epoch", -1) < epoch)
                kept += line + "\n";
        }
    }
    nlohmann::json ids = nlohmann::json::array();
    for (const auto i : indices) ids.push_back(data.examples[i].id);
    writeFileAtomic(path, kept + nlohmann::json{{"epoch", epoch}, {"ids", ids}}.dump() + "\n");
}

// One optimizer step's gradients: the examples indices[first, last) (this rank's share of them), each weighted by
// its share of the step's labelled tokens as Hugging Face averages; summed over the ranks.
struct StepLoss {
    double loss = 0;         // mean over the step's labelled tokens
    std::size_t tokens = 0;  // tokens run through the model (all ranks)
};

StepLoss accumulateGradients(const model::LlamaModel& model, const TrainConfig& config, const SftData& data,
                             const std::vector<std::size_t>& indices, std::size_t first, std::size_t last, int epoch,
                             const DataParallel& dp, std::vector<torch::Tensor>& parameters) {
    const std::size_t world = std::size_t(dp.env.worldSize), rank = std::size_t(dp.env.rank);
    std::size_t labelled = 0, seen = 0;
    for (std::size_t k = first; k < last; ++k) {
        const auto& ex = orderTrained(data.examples[indices[k]], config, epoch, indices[k]);
        labelled += ex.ids.size() - ex.promptLength;
    }
    double lossSum = 0;
    for (std::size_t k = first; k < last; ++k) {
        if ((k - first) % world != rank) continue;  // another rank's example
        torch::manual_seed(exampleSeed(config.seed, epoch, k));
        const auto& ex = orderTrained(data.examples[indices[k]], config, epoch, indices[k]);
        seen += ex.ids.size();
        const auto loss = model::answerLossSum(model, ex.ids, ex.promptLength);
        (loss / double(labelled)).backward();
        lossSum += loss.item<double>();
    }
    if (dp.group) {
        // Sum the gradients (a rank without examples in this step contributes zeros) and the statistics.
        std::vector<torch::Tensor> sums;
        for (auto& p : parameters) {
            if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
            sums.push_back(p.grad());
        }
        sums.push_back(torch::tensor({lossSum, double(seen)}, torch::kFloat64));
        dp.group->allReduceSum(sums);
        lossSum = sums.back()[0].item<double>();
        seen = std::size_t(sums.back()[1].item<double>() + 0.5);
    }
    return {lossSum / double(labelled), seen};
}

// Dev loss over the targets and dev accuracy by A/B/C scoring (the task's metric), with the adapters active.
struct DevScore {
    std::optional<double> loss;  // none when the dev file has no answers
    double accuracy = -1;        // -1 without answers
    infer::PredictResult scored;
};

DevScore evaluateDev(const model::LlamaModel& model, const RunData& d, const TrainConfig& config) {
    torch::NoGradGuard noGrad;
    DevScore e;
    double lossSum = 0;
    std::size_t tokens = 0;
    for (const auto& ex : d.devExamples.examples) {
        lossSum += model::answerLossSum(model, ex.ids, ex.promptLength).item<double>();
        tokens += ex.ids.size() - ex.promptLength;
    }
    if (tokens) e.loss = lossSum / double(tokens);
    infer::PredictConfig predict;
    predict.modelDir = config.modelDir;
    predict.style = config.style;
    predict.templateSpec = config.templateSpec;
    predict.templateKwargs = config.templateKwargs;
    e.scored = infer::scoreCorpus(model, *d.tokenizer.tokenizer, *d.dev, predict);
    std::size_t correct = 0, labelled = 0;
    for (std::size_t i = 0; i < d.dev->samples.size(); ++i) {
        const int gold = d.dev->samples[i].goldIndex();
        if (gold < 0) continue;
        ++labelled;
        correct += e.scored.scores[i].choice == gold;
    }
    e.accuracy = labelled ? double(correct) / double(labelled) : -1;
    return e;
}

// The evaluation's probabilities: the latest (dev_predictions.probs.json) and this step's (dev_evaluations/).
void writeDevPredictions(const run::RunFolder& folder, const infer::PredictResult& scored, std::size_t step) {
    nlohmann::ordered_json probs = nlohmann::ordered_json::array();
    for (const auto& score : scored.scores) probs.push_back({{"id", score.id}, {"probs", score.probs}});
    std::filesystem::create_directories(folder.devEvaluationsDir());
    writeFilesAtomic(
        {{folder.devEvaluationFile(step), probs.dump(1) + "\n"}, {folder.devPredictionsFile(), probs.dump(1) + "\n"}});
}

nlohmann::ordered_json evaluationJson(const run::DevEvaluation& e) {
    nlohmann::ordered_json j = {{"step", e.step}, {"epoch", e.epoch}};
    if (e.accuracy) j["accuracy"] = *e.accuracy;
    if (e.loss) j["loss"] = *e.loss;
    return j;
}

// The run's dev evaluations (rank 0): each is a metrics line and a predictions file; the best so far has its adapter
// in adapter_best/ and is run.json's "best"; early stopping counts the evaluations since it. A resumed run starts
// from the evaluations before its checkpoint (a later one is done again, with the same result).
class DevEvaluations {
public:
    DevEvaluations(const TrainConfig& config, const run::RunFolder& folder, const std::string& keptMetrics)
        : m_config(config), m_folder(folder), m_done(run::devEvaluationsOf(run::parseMetrics(keptMetrics))) {}

    // Evaluates after `step` steps; true when early stopping ends the run here.
    bool evaluate(const model::LlamaModel& model, const model::LoraSet& adapters, const RunData& data, std::size_t step,
                  double epoch, nlohmann::ordered_json& record, TrainResult& result, const ProgressFn& progress,
                  std::size_t totalSteps, const run::MetricLog& log) {
        const DevScore dev = evaluateDev(model, data, m_config);
        writeDevPredictions(m_folder, dev.scored, step);
        run::DevEvaluation e{step, epoch, std::nullopt, dev.loss};
        // A dev file without answers has no loss or accuracy to record (not 0 and -1).
        if (dev.accuracy >= 0) e.accuracy = dev.accuracy;
        result.devAccuracy = dev.accuracy;
        const bool improved = run::isImprovement(e, best());
        m_done.push_back(e);
        if (improved) {
            saveAdapters(m_folder.bestAdapterDir(), adapters, m_config, model.config());
            record["best"] = evaluationJson(e);
        }
        record["letter_audit"] =
            infer::letterAuditToJson(infer::auditLetters(*data.dev, dev.scored, *data.tokenizer.tokenizer));
        m_folder.writeRecord(record);
        nlohmann::ordered_json line = {{"split", "dev"}, {"step", step}, {"epoch", epoch}};
        if (e.loss) line["loss"] = *e.loss;
        if (e.accuracy) line["accuracy"] = *e.accuracy;
        log.append(line);
        // The viewer learns of it at once; a cancel asked for now takes effect at the next step.
        if (progress) progress({"train", step, totalSteps, "dev evaluated", line.dump()});
        return m_config.earlyStoppingPatience > 0 &&
               run::evaluationsSinceBest(m_done) >= std::size_t(m_config.earlyStoppingPatience);
    }
    std::optional<run::DevEvaluation> best() const {
        const auto i = run::bestEvaluation(m_done);
        return i ? std::optional(m_done[*i]) : std::nullopt;
    }
    std::optional<std::size_t> lastStep() const {
        return m_done.empty() ? std::nullopt : std::optional(m_done.back().step);
    }

private:
    const TrainConfig& m_config;
    const run::RunFolder& m_folder;
    std::vector<run::DevEvaluation> m_done;
};

TrainResult trainImpl(const TrainConfig& config, const ProgressFn& progress, bool resume) {
    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    torch::manual_seed(config.seed);
    setComputeThreads(config.threads);
    const DataParallel dp = joinDataParallel(config);
    const bool writer = dp.writer();
    const run::RunFolder folder(config.runDir);

    // 1. The data, checked before anything is written or loaded.
    const RunData data = prepareRunData(config);
    refuseUnusableData(config, data, writer);
    const auto base = model::readLlamaConfig(config.modelDir + "/config.json");
    refuseForeignTokenizer(config, data, base.vocab);
    if (writer) announceStart(folder, config, resume);

    // 2. The model, frozen, with fresh adapters on the target modules.
    model::RuntimeOptions runtime;
    // One GPU per process under data parallelism: LOCAL_RANK picks it, as torchrun arranges.
    const DeviceSpec device = parseDevice(config.device);
    runtime.device = dp.env.active() && device.cuda && !device.indexGiven ? "cuda:" + std::to_string(dp.env.localRank)
                                                                          : config.device;
    runtime.threads = config.threads;
    runtime.nf4 = config.loadIn4bit;
    const std::optional<GpuInfo> gpu = gpuFor(runtime.device);
    if (gpu) {
        refuseGpuTooSmall(config, base, *gpu);
        resetCudaPeak(gpu->index);
    }
    auto model = model::LlamaModel::load(config.modelDir, runtime);
    const auto adapters = makeAdapters(config, model->config(), model::modelDevice(*model));
    model::attachAdapters(*model, adapters);
    // DoRA's magnitudes start at the norms of the frozen weights' rows (PEFT's initialisation) unless
    // --init-adapter gave them.
    if (config.useDora && config.initAdapter.empty()) model::initDoraMagnitudes(*model, *adapters);
    std::vector<torch::Tensor> parameters = adapters->parameters();
    const model::TrainingMode training{true, config.neftuneAlpha, config.gradientCheckpointing};

    // 3. AdamW over the adapters, a cosine schedule over the optimizer steps.
    torch::optim::AdamW optimizer(parameters, torch::optim::AdamWOptions(config.learningRate)
                                                  .betas({config.beta1, config.beta2})
                                                  .eps(config.epsilon)
                                                  .weight_decay(config.weightDecay));
    const std::size_t perStep = std::size_t(config.gradientAccumulation) * std::size_t(config.microBatch);
    const std::size_t stepsPerEpoch = (data.examples.examples.size() + perStep - 1) / perStep;
    const std::size_t totalSteps = stepsPerEpoch * std::size_t(config.epochs);

    // 4. The run record; a resumed run continues from its checkpoint.
    auto record = runRecord(config, data, *model, totalSteps, dp.env.worldSize);
    record["started"] = annotate::nowIso8601();  // a resumed run keeps the time it first started
    if (resume && writer) {
        const auto earlier = nlohmann::json::parse(folder.readRecordText(), nullptr, false);
        if (earlier.is_object() && earlier.contains("started") && earlier["started"].is_string())
            record["started"] = earlier["started"];
    }
    if (writer) folder.writeRecord(record);
    ResumePoint resumed;
    if (resume) resumed = restoreCheckpoint(folder, parameters, optimizer);
    // metrics.jsonl and TensorBoard's events: the kept lines, then one appended per step and evaluation.
    std::optional<run::MetricLog> metricLog;
    if (writer) metricLog.emplace(folder, resumed.metrics, resume ? resumed.state.step : 0, record["config"]);
    DevEvaluations evaluations(config, folder, resumed.metrics);
    if (const auto best = evaluations.best()) record["best"] = evaluationJson(*best);
    if (writer) folder.writeRecord(record);

    TrainResult result;
    result.examples = data.examples.examples.size();
    result.skippedTooLong = data.examples.skippedTooLong;
    std::mt19937_64 order(config.seed);
    std::size_t step = resumed.state.step;  // optimizer steps taken
    if (resume) {
        std::istringstream(resumed.state.orderState) >> order;
        result.firstLoss = resumed.state.firstLoss;
    }
    // A dev evaluation after `step` steps (rank 0 evaluates, every rank learns whether early stopping ends the run).
    std::optional<std::size_t> evaluatedAt = evaluations.lastStep();
    const auto evaluationDue = [&] {
        return config.evalEvery > 0 && step > 0 && step % std::size_t(config.evalEvery) == 0 && evaluatedAt != step;
    };
    const auto evaluateNow = [&](double epochDone) {
        evaluatedAt = step;
        model::setTrainingMode(*model, {});
        bool stopHere = writer && evaluations.evaluate(*model, *adapters, data, step, epochDone, record, result,
                                                       progress, totalSteps, *metricLog);
        if (dp.group) {
            std::vector<torch::Tensor> flag = {torch::tensor({stopHere ? 1.0f : 0.0f})};
            dp.group->allReduceSum(flag);
            stopHere = flag[0].item<float>() > 0;
        }
        model::setTrainingMode(*model, training);
        return stopHere;
    };
    bool stoppedEarly = false;
    // 5. The epochs: shuffle, optimizer steps (each logged, evaluated on dev every --eval-every, checkpointed every
    // --checkpoint-every), a checkpoint at the end of every epoch but the last, then the dev evaluation; early
    // stopping may end the run at any evaluation.
    for (int epoch = resume ? resumed.state.epoch : 0; epoch < config.epochs && !stoppedEarly; ++epoch) {
        std::ostringstream orderBefore;
        orderBefore << order;
        std::vector<std::size_t> indices(data.examples.examples.size());
        std::iota(indices.begin(), indices.end(), 0);
        std::shuffle(indices.begin(), indices.end(), order);
        if (writer) writeDataOrder(folder, epoch, indices, data.examples);
        model::setTrainingMode(*model, training);
        auto checkpoint = [&](std::size_t next) {
            if (writer)
                saveCheckpoint(config.runDir, parameters, optimizer,
                               {step, epoch, next, orderBefore.str(), result.firstLoss});
        };
        const std::size_t startAt = resume && epoch == resumed.state.epoch ? resumed.state.first : 0;
        // A resumed run evaluates again where its checkpoint was taken after an evaluation (whose line was dropped).
        if (data.dev && startAt > 0 && startAt < indices.size() && evaluationDue() &&
            evaluateNow(epoch + double(startAt) / double(indices.size())))
            stoppedEarly = true;
        for (std::size_t first = startAt; first < indices.size() && !stoppedEarly; first += perStep) {
            const auto stepStart = std::chrono::steady_clock::now();
            const double lr = learningRateAt(config, step, totalSteps);
            for (auto& group : optimizer.param_groups())
                static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
            optimizer.zero_grad();
            const std::size_t last = std::min(indices.size(), first + perStep);
            const StepLoss stepLoss =
                accumulateGradients(*model, config, data.examples, indices, first, last, epoch, dp, parameters);
            const double gradNorm = torch::nn::utils::clip_grad_norm_(parameters, config.maxGradNorm);
            if (!std::isfinite(stepLoss.loss) || !std::isfinite(gradNorm))
                throw Error("train: the loss or the gradient is not finite at optimizer step " +
                            std::to_string(step + 1) + " (loss " + std::to_string(stepLoss.loss) + ", gradient norm " +
                            std::to_string(gradNorm) + ", learning rate " + std::to_string(lr) +
                            "); the adapter was not updated with it. Lower --lr or check the model's weights" +
                            (run::RunFolder(config.runDir).hasCheckpoint()
                                 ? "; cci train --resume continues from the last checkpoint"
                                 : "; no checkpoint was written yet, so the same command starts the run again"));
            optimizer.step();
            ++step;
            if (step == 1) result.firstLoss = stepLoss.loss;
            result.lastLoss = stepLoss.loss;
            const double stepSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - stepStart).count();
            const double tokensPerSecond = double(stepLoss.tokens) / std::max(stepSeconds, 1e-9);
            const ProcessMemory memory = processMemory();  // one read of /proc/self/status per step
            nlohmann::ordered_json line = {{"split", "train"},
                                           {"step", step},
                                           {"epoch", epoch + double(last) / double(indices.size())},
                                           {"loss", stepLoss.loss},
                                           {"lr", lr},
                                           {"grad_norm", gradNorm},
                                           {"tokens_per_s", tokensPerSecond},
                                           {"elapsed_s", resumed.elapsedBefore + elapsed()},
                                           {"memory", memory.residentBytes},
                                           {"peak_memory", memory.peakBytes}};
            if (gpu) line["cuda_peak_memory"] = cudaPeakAllocatedBytes(gpu->index);  // torch.cuda.max_memory_allocated
            if (metricLog) metricLog->append(line);
            char detail[96];
            std::snprintf(detail, sizeof detail, "loss %.4f  %.0f tok/s", stepLoss.loss, tokensPerSecond);
            bool stop = progress && !progress({"train", step, totalSteps, detail, line.dump()});
            if (dp.group) {
                // Every rank stops when one is cancelled.
                std::vector<torch::Tensor> flag = {torch::tensor({stop ? 1.0f : 0.0f})};
                dp.group->allReduceSum(flag);
                stop = flag[0].item<float>() > 0;
            }
            if (stop) {
                checkpoint(first + perStep);
                result.cancelled = true;
                result.optimizerSteps = step;  // this step was taken (and is in the checkpoint)
                record["status"] = run::status::cancelled;
                if (writer) folder.writeRecord(record);
                return result;
            }
            if (data.dev && evaluationDue() && evaluateNow(epoch + double(last) / double(indices.size()))) {
                stoppedEarly = true;
                break;
            }
            if (config.checkpointEvery > 0 && step % std::size_t(config.checkpointEvery) == 0)
                checkpoint(first + perStep);
        }
        if (stoppedEarly) break;
        // A run shorter than --checkpoint-every steps (the published recipe on the real train split is ~47) can still
        // be resumed after a crash.
        if (epoch + 1 < config.epochs) checkpoint(indices.size());
        if (data.dev && evaluatedAt != step && evaluateNow(epoch + 1)) stoppedEarly = true;
    }
    // 6. The adapter in PEFT layout (the last step's; the best evaluation's is in adapter_best/), and the record says
    // finished.
    result.optimizerSteps = step;
    result.stoppedEarly = stoppedEarly;
    if (const auto best = evaluations.best()) {
        result.bestStep = best->step;
        result.bestDevAccuracy = best->accuracy.value_or(-1);
    }
    if (stoppedEarly) record["early_stopped"] = {{"step", step}, {"patience", config.earlyStoppingPatience}};
    result.adapterDir = folder.adapterDir();
    if (!writer) {
        dp.group->barrier();  // rank 0 writes the adapter
        return result;
    }
    saveAdapters(folder.adapterDir(), *adapters, config, model->config());
    result.seconds = resumed.elapsedBefore + elapsed();
    record["status"] = run::status::finished;
    record["seconds"] = result.seconds;
    folder.writeRecord(record);
    metricLog->finish(true);
    if (dp.group) dp.group->barrier();
    return result;
}

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
                      "last checkpoint (cci train --resume " +
                      config.runDir + " once memory is free)";
        try {
            run::RunFolder(config.runDir).updateRecord([&](nlohmann::ordered_json& record) {
                record["status"] = run::status::failed;
                record["error"] = message;
            });
        } catch (const std::exception&) {  // no record yet: the run failed before it was announced
        }
        if (dynamic_cast<const Error*>(&e)) throw;
        if (isCudaOutOfMemory(e.what())) throw Error(message);
        throw Error(config.runDir + ": training failed: " + message);
    }
}

// Keeps a second process (a second `cci train --out` or `--resume`) out of the run folder while this one trains;
// rank 0 holds it under torchrun (the other ranks write nothing there).
std::unique_ptr<run::RunFolderLock> lockRunFolder(const std::string& runDir) {
    if (distributedEnvironment().rank != 0) return nullptr;
    return std::make_unique<run::RunFolderLock>(runDir);
}

}  // namespace

TrainResult resumeTraining(const std::string& runDir, const ProgressFn& progress) {
    const run::RunFolder folder(runDir);
    if (!folder.hasRecord())
        throw Error(runDir + ": no run to resume (no run.json); start one with cci train --out " + runDir);
    const auto lock = lockRunFolder(runDir);
    if (const auto existing = run::readRun(runDir); existing && existing->status == run::status::finished)
        throw Error(runDir + ": the run is finished; there is nothing to resume");
    const auto record = nlohmann::json::parse(folder.readRecordText(), nullptr, false);
    if (record.is_discarded() || !record.is_object() || !record.contains("config"))
        throw Error(folder.recordFile() + ": no configuration to resume with");
    TrainConfig config = configFromJson(record["config"].dump(), folder.recordFile());
    config.runDir = runDir;
    validateConfig(config);
    if (!folder.hasCheckpoint()) {  // stopped before its first checkpoint: nothing to keep, start it again
        reportWarnings({Problem{.message = runDir + ": the run stopped before its first checkpoint; starting it again "
                                                    "from the beginning with its configuration",
                                .warning = true}});
        if (lock) folder.clearAttempt();  // rank 0 alone writes the folder
        return trainRecordingFailure(config, progress, false);
    }
    return trainRecordingFailure(config, progress, true);
}

TrainResult runTraining(const TrainConfig& config, const ProgressFn& progress) {
    validateConfig(config);
    const auto lock = lockRunFolder(config.runDir);
    // An attempt that stopped before its first checkpoint (killed, failed at start) left nothing to continue: this
    // run replaces it (the lock says no process is still training it).
    if (const auto existing = run::readRun(config.runDir);
        lock && existing && existing->status != run::status::finished && existing->status != run::status::queued &&
        !run::RunFolder(config.runDir).hasCheckpoint()) {
        reportWarnings({Problem{.message = config.runDir + ": replacing an earlier attempt (" + existing->status +
                                           ") that stopped before its first checkpoint",
                                .warning = true}});
        run::RunFolder(config.runDir).clearAttempt();
    }
    // Never over an earlier run: its adapter, metrics and dev predictions would be mixed with this one's. A run the
    // GUI queued (run.json saying "queued") is this run.
    if (const auto existing = run::readRun(config.runDir); existing && existing->status != run::status::queued)
        throw Error(config.runDir + ": already holds a run (" + existing->status +
                    (existing->resumable ? "; continue it with cci train --resume " + config.runDir : "") +
                    "); choose another --out");
    return trainRecordingFailure(withAbsolutePaths(config), progress, false);
}

}  // namespace cci::train
