// `cci train`: LoRA fine-tuning with the published recipe, writing a run folder (run.json, metrics.jsonl, adapter/ in
// PEFT layout). The published scripts' flag names work as aliases (--model_id, --train_dataset_path, --epoch, …).
#include "commands.h"
#include "model_option.h"
#include "progress_bar.h"
#include "template_kwargs_option.h"
#include "train_args.h"

#include "run/run_catalog.h"
#include "run/run_folder.h"
#include "train/kfold_training.h"
#include "train/lora_trainer.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <atomic>
#include <cmath>
#include <csignal>
#include <iostream>
#include <sstream>

namespace cci::cli {

namespace {

// The published flag name -> ours.
const std::pair<const char*, const char*> kAliases[] = {{"model_id", "model"},
                                                        {"custom_dataset", "style"},
                                                        {"save_dir", "out"},
                                                        {"train_dataset_path", "train"},
                                                        {"valid_dataset_path", "dev"},
                                                        {"epoch", "epochs"},
                                                        {"gradient_accumulation_steps", "grad-accum"},
                                                        {"per_device_train_batch_size", "batch"},
                                                        {"lora_r", "lora-r"},
                                                        {"lora_alpha", "lora-alpha"},
                                                        {"lora_dropout", "lora-dropout"},
                                                        {"lora_target_modules", "targets"},
                                                        {"neftune_noise_alpha", "neftune"},
                                                        {"torch_dtype", "dtype"},
                                                        {"k_folds", "k-folds"}};

std::string option(const ParsedArgs& args, const std::string& name, const std::string& fallback = {}) {
    if (args.has(name)) return args.value(name);
    for (const auto& [alias, ours] : kAliases)
        if (name == ours && args.has(alias)) return args.value(alias);
    return fallback;
}

// A real-valued flag: a finite decimal number (no hex, no inf/nan), within [low, high].
double number(const ParsedArgs& args, const std::string& name, double fallback, double low, double high) {
    const std::string v = option(args, name);
    if (v.empty()) return fallback;
    const bool decimal = !v.empty() && v.find_first_not_of("0123456789+-.eE") == std::string::npos;
    double d = 0;
    try {
        std::size_t used = 0;
        d = decimal ? std::stod(v, &used) : 0;
        if (!decimal || used != v.size()) throw std::invalid_argument(v);
    } catch (const std::exception&) {
        throw UsageError("--" + name + " must be a decimal number, not \"" + v + "\"");
    }
    if (!std::isfinite(d) || d < low || d > high) {
        std::ostringstream range;
        range << "--" << name << " must be between " << low << " and " << high << ", not " << v;
        throw UsageError(range.str());
    }
    return d;
}

// An integer flag: decimal digits only (2.9, 0x10 and 1e3 are refused, not truncated), within [low, high].
long long integer(const ParsedArgs& args, const std::string& name, long long fallback, long long low, long long high) {
    const std::string v = option(args, name);
    if (v.empty()) return fallback;
    const std::size_t digits = v[0] == '-' || v[0] == '+' ? 1 : 0;
    if (v.size() == digits || v.find_first_not_of("0123456789", digits) != std::string::npos)
        throw UsageError("--" + name + " must be a whole number, not \"" + v + "\"");
    long long n = 0;
    try {
        n = std::stoll(v);
    } catch (const std::exception&) {
        throw UsageError("--" + name + " is out of range (" + v + "): at most " + std::to_string(high));
    }
    if (n < low || n > high)
        throw UsageError("--" + name + " must be between " + std::to_string(low) + " and " + std::to_string(high) +
                         ", not " + v);
    return n;
}

// SIGINT (Ctrl+C) and SIGTERM ask the run to stop after the current step: it writes a checkpoint, says
// "cancelled" in run.json and can be resumed, instead of dying with its work since the last checkpoint.
std::atomic<bool> g_stopRequested{false};

extern "C" void requestStop(int) { g_stopRequested = true; }

// The progress callback the trainer polls: the bar (when shown) and the stop request.
ProgressFn stoppable(ProgressBar& bar, bool quiet) {
    std::signal(SIGINT, requestStop);
    std::signal(SIGTERM, requestStop);
    ProgressFn shown = quiet ? ProgressFn() : bar.callback();
    return [shown](const ProgressEvent& e) {
        const bool go = shown ? shown(e) : true;
        return go && !g_stopRequested;
    };
}

std::string presetNames() {
    std::string names;
    for (const auto& p : train::publishedPresets()) names += (names.empty() ? "" : ", ") + p.name;
    return names;
}

}  // namespace

ProgressFn stoppableProgress(ProgressBar& bar, bool quiet) { return stoppable(bar, quiet); }

std::vector<OptionSpec> trainOptionSpecs() {
    std::vector<OptionSpec> options = {
        {"model", "DIR|ORG/NAME",
         "base model folder (Hugging Face layout), or a model id in the local Hugging Face cache (written as the "
         "adapter's base_model_name_or_path)"},
        revisionOptionSpec(),
        {"style", "NAME|FILE", "prompt style (default CustomRef)"},
        {"template", "SPEC", "chat template instead of the model's"},
        templateKwargsOptionSpec(),
        {"train", "FILE", "training corpus"},
        {"dev", "FILE", "dev corpus: loss and A/B/C accuracy after each epoch"},
        {"out", "RUN_DIR", "run folder to write"},
        {"use-all-trainable-data", "", "train on train + dev"},
        {"use_all_trainable_data", "", "same as --use-all-trainable-data"},
        {"preset", "NAME", "one of the 11 published recipes (style, lr, LoRA/QLoRA, refined data); flags override it"},
        {"refine", "", "clean train and dev with the published 9 refinement rules first"},
        {"epochs", "N", "epochs (4)"},
        {"lr", "X", "peak learning rate (2e-4)"},
        {"grad-accum", "N", "gradient accumulation steps (64)"},
        {"batch", "N", "micro-batch size (1)"},
        {"warmup", "N", "warm-up steps (20)"},
        {"lora-r", "N", "LoRA rank (16)"},
        {"lora-alpha", "X", "LoRA alpha (32)"},
        {"lora-dropout", "X", "LoRA dropout (0.01)"},
        {"targets", "LIST",
         "LoRA target modules, comma-separated or as separate words (default: all seven projections and lm_head)"},
        {"rslora", "", "scale by alpha / sqrt(r)"},
        {"use-dora", "", "DoRA: train a magnitude per output row of every adapted weight too (PEFT's use_dora)"},
        {"use_dora", "", "same as --use-dora"},
        {"neftune", "X", "NEFTune noise alpha (off)"},
        {"shuffle-options", "",
         "option-shuffle augmentation: each epoch shows every item's candidates in one of their 6 orders (the answer "
         "letter follows the gold candidate)"},
        {"max-seq-length", "N", "longer items are skipped (1024)"},
        {"seed", "N", "random seed (42)"},
        {"device", "NAME", "cpu (default) or cuda"},
        {"threads", "N", "CPU threads"},
        {"load_in_4bit", "", "QLoRA: hold the base model's linear weights as NF4 (double-quantised)"},
        {"dtype", "NAME", "accepted for the published scripts (fp32 on CPU, bf16 on CUDA)"},
        {"resume", "RUN_DIR", "continue an interrupted or cancelled run from its last checkpoint"},
        {"checkpoint-every", "N", "optimizer steps between checkpoints (50)"},
        {"eval-every", "N",
         "evaluate on dev every N optimizer steps as well as at each epoch's end (dev accuracy by A/B/C scoring; the "
         "best evaluation's adapter is kept in RUN_DIR/adapter_best)"},
        {"early-stopping-patience", "N", "stop after N dev evaluations without improvement (off)"},
        {"config", "FILE", "read the configuration from a JSON file (or an earlier run.json); flags override it"},
        {"k-folds", "K", "train K adapters, one per fold of the training data (RUN_DIR/fold-N)"},
        {"no-gradient-checkpointing", "", "keep every layer's activations (faster, more memory)"},
        {"init-adapter", "DIR", "start from this PEFT adapter's weights (same r and target modules)"},
        {"rendezvous-timeout", "SECONDS", "data parallel: how long to wait for the other ranks (300)"},
        {"quiet", "", "no progress output"}};
    for (const auto& [alias, ours] : kAliases) options.push_back({alias, "V", std::string("same as --") + ours});
    // Target modules as one comma-separated word or as separate words (the published scripts' nargs='+').
    for (auto& o : options)
        if (o.name == "targets" || o.name == "lora_target_modules") o.multiple = true;
    return options;
}

train::TrainConfig trainConfigFromArgs(const ParsedArgs& args) {
    train::TrainConfig c;
    if (args.has("config")) c = train::configFromJson(readFile(args.value("config")), args.value("config"));
    if (args.has("preset")) {
        const auto& preset = train::findPreset(args.value("preset"));
        train::applyPreset(c, preset);
        std::cerr << "preset " << preset.name << ": " << preset.method << ", lr " << preset.learningRate << ", style "
                  << preset.style << ", " << (preset.refined ? "refined" : "raw") << " data (published on "
                  << preset.baseModel << ")\n";
    }
    c.modelDir = option(args, "model", c.modelDir);
    if (model::looksLikeHubModelId(c.modelDir)) {
        model::HubSnapshot snapshot;
        c.modelDir = resolveModelOption(c.modelDir, args, &snapshot);
        if (c.baseModelName.empty()) c.baseModelName = snapshot.repoId;
    } else if (args.has("revision")) {
        throw UsageError("--revision applies to a hub model id (ORG/NAME) given as --model");
    }
    c.style = option(args, "style", c.style);
    c.templateSpec = option(args, "template", c.templateSpec);
    if (args.has("template-kwargs")) c.templateKwargs = templateKwargsOption(args);
    c.trainFile = option(args, "train", c.trainFile);
    c.devFile = option(args, "dev", c.devFile);
    c.runDir = option(args, "out", c.runDir);
    if (c.modelDir.empty() || c.trainFile.empty() || c.runDir.empty())
        throw UsageError("give --model DIR, --train FILE and --out RUN_DIR");
    c.useAllTrainableData =
        c.useAllTrainableData || args.has("use-all-trainable-data") || args.has("use_all_trainable_data");
    c.epochs = int(integer(args, "epochs", c.epochs, 1, 100000));
    c.learningRate = number(args, "lr", c.learningRate, 1e-12, 1e300);  // any positive finite rate
    c.gradientAccumulation = int(integer(args, "grad-accum", c.gradientAccumulation, 1, 1 << 20));
    c.microBatch = int(integer(args, "batch", c.microBatch, 1, 1 << 16));
    c.warmupSteps = int(integer(args, "warmup", c.warmupSteps, 0, 1 << 30));
    c.loraR = int(integer(args, "lora-r", c.loraR, 1, 1 << 16));
    c.loraAlpha = number(args, "lora-alpha", c.loraAlpha, 1e-9, 1e9);
    c.loraDropout = number(args, "lora-dropout", c.loraDropout, 0, 0.999);
    c.neftuneAlpha = number(args, "neftune", c.neftuneAlpha, 0, 1e6);
    c.maxSeqLength = int(integer(args, "max-seq-length", c.maxSeqLength, 9, 1 << 24));
    c.seed = std::uint64_t(integer(args, "seed", (long long)c.seed, 0, (1LL << 53)));
    c.threads = int(integer(args, "threads", c.threads, 0, 1 << 20));
    c.device = option(args, "device", c.device);
    c.initAdapter = option(args, "init-adapter", c.initAdapter);
    c.rsLora = c.rsLora || args.has("rslora");
    c.useDora = c.useDora || args.has("use-dora") || args.has("use_dora");
    c.refine = c.refine || args.has("refine");
    c.shuffleOptions = c.shuffleOptions || args.has("shuffle-options");
    c.loadIn4bit = c.loadIn4bit || args.has("load_in_4bit");
    c.checkpointEvery = int(integer(args, "checkpoint-every", c.checkpointEvery, 0, 1 << 30));
    c.evalEvery = int(integer(args, "eval-every", c.evalEvery, 0, 1 << 30));
    c.earlyStoppingPatience = int(integer(args, "early-stopping-patience", c.earlyStoppingPatience, 0, 1 << 30));
    c.kFolds = int(integer(args, "k-folds", c.kFolds, 0, 1000));
    c.rendezvousTimeoutSeconds = int(integer(args, "rendezvous-timeout", c.rendezvousTimeoutSeconds, 1, 86400));
    if (args.has("no-gradient-checkpointing")) c.gradientCheckpointing = false;
    if (!option(args, "targets").empty()) {
        c.targetModules.clear();
        std::string list = option(args, "targets");
        for (std::size_t start = 0; start <= list.size();) {
            const auto comma = list.find(',', start);
            const std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            if (!item.empty()) c.targetModules.push_back(item);
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    return c;
}

Command trainCommand() {
    const std::vector<OptionSpec> options = trainOptionSpecs();
    CommandSpec spec{
        .name = "train",
        .summary = "Fine-tune a LoRA adapter with the published recipe (run folder with metrics and a PEFT adapter).",
        .usage =
            "cci train --model DIR|ORG/NAME --train FILE [--dev FILE] --out RUN_DIR [--style NAME] [--epochs 4 --lr "
            "2e-4\n"
            "          --grad-accum 64 --batch 1 --lora-r 16 --lora-alpha 32 --lora-dropout 0.01 --targets LIST]\n"
            "       cci train --resume RUN_DIR",
        .details =
            "Writes RUN_DIR/run.json (the resolved configuration, data hashes, code revision), metrics.jsonl\n"
            "(one line per optimizer step, one per dev evaluation) and adapter/ (adapter_config.json +\n"
            "adapter_model.safetensors with PEFT key names; `cci predict --adapter` and PEFT load it).\n"
            "The published scripts' flags are accepted: --model_id --custom_dataset --save_dir\n"
            "--train_dataset_path --valid_dataset_path --epoch --lr --gradient_accumulation_steps\n"
            "--per_device_train_batch_size --lora_r --lora_alpha --lora_dropout --lora_target_modules\n"
            "--neftune_noise_alpha --torch_dtype --load_in_4bit --use_all_trainable_data --k_folds.\n"
            "--preset NAME sets one of the 11 published recipes (r 16, alpha 32, dropout 0.01, all seven\n"
            "projections and lm_head, 4 epochs, accumulation 64; its learning rate, prompt style, LoRA or QLoRA\n"
            "and refined or raw data): " +
            presetNames() + ".",
        .options = options,
        .maxPositionals = 0,
    };
    return {spec, [](const ParsedArgs& args) -> int {
                if (args.has("resume")) {
                    ProgressBar bar("steps");
                    const auto r = train::resumeTraining(args.value("resume"), stoppable(bar, args.has("quiet")));
                    if (!args.has("quiet")) bar.finish();
                    if (r.cancelled) {
                        std::cerr << args.value("resume") << ": stopped after " << r.optimizerSteps
                                  << " optimizer steps; checkpoint written: cci train --resume " << args.value("resume")
                                  << "\n";
                        return kExitBadInput;
                    }
                    std::cerr << args.value("resume") << ": resumed; " << r.optimizerSteps
                              << " optimizer steps in all; train loss " << r.lastLoss << "\nadapter: " << r.adapterDir
                              << "\n";
                    return kExitOk;
                }
                const train::TrainConfig c = trainConfigFromArgs(args);
                if (c.kFolds > 0) {
                    ProgressBar bar("steps");
                    const auto k = train::runKFold(c, stoppable(bar, args.has("quiet")));
                    if (!args.has("quiet")) bar.finish();
                    if (k.cancelled) {
                        std::cerr << c.runDir
                                  << ": stopped; checkpoint written: run the same command again to "
                                     "continue the unfinished folds\n";
                        return kExitBadInput;
                    }
                    for (std::size_t f = 0; f < k.folds.size(); ++f) {
                        std::cerr << c.runDir << "/fold-" << f + 1 << ": " << k.folds[f].optimizerSteps
                                  << " optimizer steps";
                        if (k.folds[f].devAccuracy >= 0) std::cerr << ", fold accuracy " << k.folds[f].devAccuracy;
                        std::cerr << "\n";
                    }
                    if (k.meanDevAccuracy >= 0) std::cerr << "mean fold accuracy " << k.meanDevAccuracy << "\n";
                    std::cerr << "summary: " << c.runDir << "/kfold.json\n";
                    return kExitOk;
                }
                ProgressBar bar("steps");
                const auto r = train::runTraining(c, stoppable(bar, args.has("quiet")));
                if (!args.has("quiet")) bar.finish();
                if (r.cancelled) {
                    std::cerr << c.runDir << ": stopped after " << r.optimizerSteps
                              << " optimizer steps; checkpoint written: cci train --resume " << c.runDir << "\n";
                    return kExitBadInput;
                }
                std::cerr << c.runDir << ": " << r.examples << " examples (" << r.skippedTooLong
                          << " over max_seq_length skipped), " << r.optimizerSteps << " optimizer steps in "
                          << r.seconds << " s; train loss " << r.firstLoss << " -> " << r.lastLoss;
                if (r.devAccuracy >= 0) std::cerr << "; dev accuracy " << r.devAccuracy;
                if (r.stoppedEarly)
                    std::cerr << "\nstopped early: " << c.earlyStoppingPatience
                              << " dev evaluations without improvement";
                std::cerr << "\nadapter: " << r.adapterDir << "\n";
                if (r.bestDevAccuracy >= 0)
                    std::cerr << "best dev accuracy " << r.bestDevAccuracy << " after " << r.bestStep
                              << " steps: " << run::RunFolder(c.runDir).bestAdapterDir() << " (cci predict --run "
                              << c.runDir << " --best)\n";
                if (const auto summary = run::readRun(c.runDir); summary && !summary->warning.empty())
                    std::cerr << "warning: " << summary->warning << "\n";
                return kExitOk;
            }};
}

}  // namespace cci::cli
