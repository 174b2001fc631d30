// K-fold training (see kfold_training.h).
#include "train/kfold_training.h"

#include "corpus/corpus_reader.h"
#include "corpus/corpus_split.h"
#include "corpus/corpus_writer.h"
#include "run/run_catalog.h"
#include "run/run_folder.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>

namespace cci::train {

namespace {

Corpus pick(const Corpus& all, const std::vector<std::size_t>& indices) {
    Corpus part;
    part.split = all.split;
    for (const std::size_t i : indices) part.samples.push_back(all.samples[i]);
    return part;
}

}  // namespace

KFoldResult runKFold(const TrainConfig& config, const ProgressFn& progress) {
    if (config.kFolds < 2)
        throw Error("train: k-fold training needs k_folds >= 2, not " + std::to_string(config.kFolds));
    validateConfig(config);
    namespace fs = std::filesystem;
    Corpus data = loadCorpus(config.trainFile);
    if (config.useAllTrainableData && !config.devFile.empty()) {
        const Corpus dev = loadCorpus(config.devFile);
        data = mergeCorpora({&data, &dev});
    }
    const auto folds = kFoldSplit(data, config.kFolds, config.seed);  // throws when k exceeds the items
    const run::RunFolder whole(config.runDir);
    fs::create_directories(whole.kfoldDataDir());

    KFoldResult result;
    nlohmann::ordered_json summary = {{"k_folds", config.kFolds},
                                      {"seed", config.seed},
                                      {"train", config.trainFile},
                                      {"dev", config.devFile},
                                      {"use_all_trainable_data", config.useAllTrainableData},
                                      {"folds", nlohmann::ordered_json::array()}};
    double accuracySum = 0;
    int accuracyCount = 0;
    for (std::size_t f = 0; f < folds.size(); ++f) {
        const std::string name = "fold-" + std::to_string(f + 1);
        TrainConfig fold = config;
        fold.kFolds = 0;
        fold.useAllTrainableData = false;
        fold.trainFile = whole.kfoldDataDir() + "/" + name + ".train.json";
        fold.devFile = whole.kfoldDataDir() + "/" + name + ".dev.json";
        fold.runDir = whole.foldDir(name);
        const run::RunFolder folder(fold.runDir);
        if (!fs::exists(fold.trainFile)) saveCorpus(pick(data, folds[f].train), fold.trainFile);
        if (!fs::exists(fold.devFile)) saveCorpus(pick(data, folds[f].validation), fold.devFile);
        const std::string phase = name + "/" + std::to_string(folds.size());
        const ProgressFn foldProgress = progress ? ProgressFn([&](const ProgressEvent& e) {
            ProgressEvent renamed = e;
            renamed.phase = phase;
            return progress(renamed);
        })
                                                 : ProgressFn();

        TrainResult r;
        const auto existing = run::readRun(fold.runDir);
        if (existing && existing->status == run::status::finished) {
            // Done by an earlier call: keep it.
            r.adapterDir = folder.adapterDir();
            r.optimizerSteps = existing->steps;
            r.devAccuracy = -1;
            for (const auto& p : run::readMetrics(fold.runDir))
                if (p.dev) r.devAccuracy = p.accuracy;  // after the last epoch, as a fresh run reports it
        } else if (existing && folder.hasCheckpoint()) {
            r = resumeTraining(fold.runDir, foldProgress);
        } else {
            // A fold that stopped before its first checkpoint starts again from nothing.
            if (existing) fs::remove_all(fold.runDir);
            r = runTraining(fold, foldProgress);
        }
        summary["folds"].push_back({{"name", name},
                                    {"run_dir", fold.runDir},
                                    {"train_items", folds[f].train.size()},
                                    {"dev_items", folds[f].validation.size()},
                                    {"dev_accuracy", r.devAccuracy},
                                    {"cancelled", r.cancelled}});
        result.folds.push_back(r);
        if (r.cancelled) {
            result.cancelled = true;
            break;
        }
        if (r.devAccuracy >= 0) {
            accuracySum += r.devAccuracy;
            ++accuracyCount;
        }
    }
    result.meanDevAccuracy = accuracyCount ? accuracySum / accuracyCount : -1;
    summary["mean_dev_accuracy"] = result.meanDevAccuracy;
    writeFileAtomic(whole.kfoldSummaryFile(), summary.dump(2) + "\n");
    return result;
}

}  // namespace cci::train
