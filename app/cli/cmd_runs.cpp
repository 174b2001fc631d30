// `cci runs`: the runs of a folder as one table - settings, status, best dev accuracy and where it was reached -
// sortable by any column; `cci sweep`: a grid of runs (learning rates x LoRA ranks x prompt styles x raw/refined
// data) around one configuration, trained one after another (finished runs are skipped, interrupted ones resumed),
// then listed as that table.
#include "commands.h"
#include "progress_bar.h"
#include "train_args.h"

#include "run/metric_log.h"
#include "run/run_catalog.h"
#include "run/run_folder.h"
#include "train/lora_trainer.h"
#include "train/sweep.h"
#include "util/problem.h"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace cci::cli {

namespace {

const char* const kSortKeys = "accuracy, loss, name, started, lr, r, steps";

// Sorted by `key`: best dev accuracy and lr/r/steps descending (best first), loss ascending, name ascending, started
// newest first; runs without the value last.
void sortRuns(std::vector<run::RunSummary>& runs, const std::string& key) {
    const auto byOptional = [](const std::optional<double>& a, const std::optional<double>& b, bool descending) {
        if (a.has_value() != b.has_value()) return a.has_value();
        return a && (descending ? *a > *b : *a < *b);
    };
    std::function<bool(const run::RunSummary&, const run::RunSummary&)> less;
    if (key == "accuracy")
        less = [&](const auto& a, const auto& b) { return byOptional(a.bestDevAccuracy, b.bestDevAccuracy, true); };
    else if (key == "loss")
        less = [&](const auto& a, const auto& b) { return byOptional(a.bestDevLoss, b.bestDevLoss, false); };
    else if (key == "name")
        less = [](const auto& a, const auto& b) { return a.name < b.name; };
    else if (key == "started")
        less = [](const auto& a, const auto& b) { return a.started > b.started; };
    else if (key == "lr")
        less = [](const auto& a, const auto& b) { return a.learningRate > b.learningRate; };
    else if (key == "r")
        less = [](const auto& a, const auto& b) { return a.loraR > b.loraR; };
    else if (key == "steps")
        less = [](const auto& a, const auto& b) { return a.steps > b.steps; };
    else
        throw UsageError("--sort must be one of " + std::string(kSortKeys) + ", not \"" + key + "\"");
    std::stable_sort(runs.begin(), runs.end(), less);
}

void printRuns(const std::vector<run::RunSummary>& runs) {
    std::printf("%-36s %-11s %-6s %-22s %-7s %9s %4s %9s %14s %9s %8s\n", "run", "status", "method", "style", "data",
                "lr", "r", "steps", "best dev acc", "dev loss", "time");
    for (const auto& r : runs) {
        char accuracy[32] = "-";
        if (r.bestDevAccuracy)
            std::snprintf(accuracy, sizeof accuracy, "%.1f%% @%zu", 100 * *r.bestDevAccuracy, r.bestStep);
        char loss[16] = "-";
        if (r.bestDevLoss) std::snprintf(loss, sizeof loss, "%.4f", *r.bestDevLoss);
        char steps[32];
        std::snprintf(steps, sizeof steps, "%zu/%zu", r.steps, r.totalSteps);
        const std::string status = r.status + (r.earlyStopped ? "*" : "");
        std::printf("%-36s %-11s %-6s %-22s %-7s %9.3g %4d %9s %14s %9s %7.0fs\n", r.name.c_str(), status.c_str(),
                    r.method.c_str(), r.style.c_str(), r.refined ? "refined" : "raw", r.learningRate, r.loraR, steps,
                    accuracy, loss, r.seconds);
    }
    if (std::any_of(runs.begin(), runs.end(), [](const auto& r) { return r.earlyStopped; }))
        std::printf("* stopped early\n");
    for (const auto& r : runs)
        if (!r.warning.empty()) std::printf("warning: %s: %s\n", r.name.c_str(), r.warning.c_str());
}

}  // namespace

Command runsCommand() {
    CommandSpec spec{
        .name = "runs",
        .summary = "List the training runs of a folder with their settings and best dev accuracy.",
        .usage =
            "cci runs [RUNS_DIR] [--sort accuracy|loss|name|started|lr|r|steps]\n"
            "       cci runs RUNS_DIR|RUN_DIR --export-tensorboard",
        .details =
            "RUNS_DIR defaults to ./runs. Best dev accuracy is that of the best dev evaluation (@ its step;\n"
            "its adapter is RUN/adapter_best). k-fold runs list each fold as RUN/fold-N.\n"
            "Runs write TensorBoard events (RUN/events.out.tfevents.*) as they train; --export-tensorboard writes\n"
            "them from metrics.jsonl for every run that is not training now (runs from before, or lost events):\n"
            "tensorboard --logdir RUNS_DIR, or wandb sync --sync-tensorboard RUN_DIR.",
        .options = {{"sort", "KEY", "order by this column (default started: newest first)"},
                    {"export-tensorboard", "", "write each run's TensorBoard events from its metrics.jsonl"}},
        .maxPositionals = 1,
    };
    return {spec, [](const ParsedArgs& args) {
                const std::string folder = args.positionals.empty() ? "runs" : args.positionals.front();
                if (args.has("export-tensorboard")) {
                    // The folder itself when it is a run, and the runs under it: each summary read once.
                    std::vector<std::pair<std::string, std::string>> runs;  // folder, status
                    if (run::RunFolder(folder).hasRecord()) {
                        const auto own = run::readRun(folder);
                        runs.emplace_back(folder, own ? own->status : std::string());
                    }
                    for (const auto& r : run::listRuns(folder))
                        if (r.folder != folder) runs.emplace_back(r.folder, r.status);
                    if (runs.empty()) throw Error(folder + ": no runs (no folder with a run.json)");
                    for (const auto& [runFolder, status] : runs) {
                        if (status == run::status::running || status == run::status::queued) {
                            std::cerr << runFolder << ": " << status
                                      << " - its events are written as it trains; not exported\n";
                            continue;
                        }
                        std::cout << run::exportTensorBoard(runFolder) << "\n";
                    }
                    return int(kExitOk);
                }
                auto runs = run::listRuns(folder);
                if (runs.empty()) {
                    std::cerr << folder << ": no runs (no folder with a run.json)\n";
                    return int(kExitBadInput);
                }
                sortRuns(runs, args.value("sort", "started"));
                printRuns(runs);
                return int(kExitOk);
            }};
}

Command sweepCommand() {
    std::vector<OptionSpec> options = trainOptionSpecs();
    options.push_back({"lrs", "LIST", "learning rates to try, e.g. 1e-4,2e-4 (default: --lr)"});
    options.push_back({"ranks", "LIST", "LoRA ranks to try, e.g. 8,16 (alpha keeps its ratio to r)"});
    options.push_back({"styles", "LIST", "prompt styles to try (default: --style)"});
    options.push_back({"data", "raw|refined|both", "train on raw data, refined data or both (default: --refine)"});
    options.push_back({"sort", "KEY", "order of the final table (default accuracy)"});
    CommandSpec spec{
        .name = "sweep",
        .summary = "Train a grid of runs (learning rates x ranks x styles x raw/refined) and compare them.",
        .usage =
            "cci sweep --model DIR --train FILE --dev FILE --out PARENT_DIR [--lrs 1e-4,2e-4] [--ranks 8,16]\n"
            "          [--styles CustomRef,SystemRefOfficialTerm] [--data both] [any cci train flag]",
        .details =
            "Each combination is a run folder PARENT_DIR/lr…-r…-STYLE-raw|refined with the other settings of\n"
            "the cci train flags. Runs already finished are skipped and interrupted or cancelled ones resumed,\n"
            "so the same command continues a sweep. Ends with cci runs' table of PARENT_DIR.",
        .options = options,
        .maxPositionals = 0,
    };
    return {spec, [](const ParsedArgs& args) {
                const train::TrainConfig base = trainConfigFromArgs(args);
                if (base.kFolds > 0)
                    throw UsageError("--k-folds is not swept: run cci train --k-folds for each setting");
                const auto grid = train::parseSweepGrid(args.value("lrs"), args.value("ranks"), args.value("styles"),
                                                        args.value("data"));
                const auto runs = train::expandSweep(base, grid, base.runDir);
                for (const auto& r : runs) train::validateConfig(r.config);  // every run checked before any trains
                std::size_t index = 0;
                for (const auto& r : runs) {
                    ++index;
                    const auto existing = run::readRun(r.config.runDir);
                    if (existing && existing->status == run::status::finished) {
                        std::cerr << "[" << index << "/" << runs.size() << "] " << r.name << ": finished before\n";
                        continue;
                    }
                    std::cerr << "[" << index << "/" << runs.size() << "] " << r.name << "\n";
                    ProgressBar bar("steps");
                    const auto progress = stoppableProgress(bar, args.has("quiet"));
                    const auto result = existing && existing->resumable
                                            ? train::resumeTraining(r.config.runDir, progress)
                                            : train::runTraining(r.config, progress);
                    if (!args.has("quiet")) bar.finish();
                    if (result.cancelled) {
                        std::cerr << r.config.runDir << ": stopped; run the same command again to continue the sweep\n";
                        return int(kExitBadInput);
                    }
                }
                auto summaries = run::listRuns(base.runDir);
                sortRuns(summaries, args.value("sort", "accuracy"));
                printRuns(summaries);
                return int(kExitOk);
            }};
}

}  // namespace cci::cli
