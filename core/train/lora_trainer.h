// LoRA fine-tuning with the published recipe on the libtorch runtime: adapters on the chosen projections (A
// Kaiming-uniform a = sqrt(5), B zeros, base frozen, scale alpha / r or alpha / sqrt(r) with rsLoRA), AdamW, linear
// warm-up then cosine decay over the optimizer steps, gradient accumulation, clipping, optional NEFTune noise,
// deterministic on CPU for a seed. Writes the run folder: run.json, metrics.jsonl (one line per optimizer step and
// per dev evaluation), dev predictions per evaluation, adapter/ in PEFT layout and the best dev evaluation's
// adapter_best/ - all atomically.
#pragma once

#include "train/run_data.h"
#include "train/train_config.h"
#include "util/progress.h"

#include <string>

namespace cci::train {

struct TrainResult {
    std::size_t examples = 0, skippedTooLong = 0, optimizerSteps = 0;
    double firstLoss = 0, lastLoss = 0;  // mean train loss of the first and last optimizer step
    double devAccuracy = -1;             // at the last evaluation; -1 without dev data
    double bestDevAccuracy = -1;         // at the best evaluation (adapter_best/), after bestStep steps
    std::size_t bestStep = 0;
    bool stoppedEarly = false;  // early stopping ended the run (optimizerSteps says where)
    double seconds = 0;
    bool cancelled = false;
    std::string adapterDir;
};

// Throws cci::Error for bad configuration before any work.
TrainResult runTraining(const TrainConfig& config, const ProgressFn& progress = {});
// Continues a run from its last checkpoint (after a crash, kill -9 or cancel) with the configuration in its
// run.json; on CPU it ends with the same adapter, bit for bit, as an uninterrupted run. Throws cci::Error when the
// folder has no checkpoint.
TrainResult resumeTraining(const std::string& runDir, const ProgressFn& progress = {});

}  // namespace cci::train
