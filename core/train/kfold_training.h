// K-fold training: the training data (train, plus dev with use_all_trainable_data) split into k folds, one LoRA run
// per fold trained on the other k-1 folds and evaluated on its own - one adapter per fold, as the published system
// trained its ensemble members. The fold data and runs live under the run folder:
//   RUN_DIR/kfold.json, RUN_DIR/data/fold-N.{train,dev}.json, RUN_DIR/fold-N/ (an ordinary run folder).
#pragma once

#include "train/lora_trainer.h"

#include <vector>

namespace cci::train {

struct KFoldResult {
    std::vector<TrainResult> folds;  // in fold order; folds finished by an earlier call are not run again
    double meanDevAccuracy = -1;
    bool cancelled = false;
};

// Runs (or continues) every fold of `config` (config.kFolds >= 2). Throws cci::Error before any work for bad
// configuration; `progress` reports phases "fold N/K" with the fold's optimizer steps.
KFoldResult runKFold(const TrainConfig& config, const ProgressFn& progress = {});

}  // namespace cci::train
