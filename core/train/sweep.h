// Hyper-parameter sweeps: every combination of learning rates, LoRA ranks, prompt styles and raw/refined data
// around one base configuration, each a run folder under one parent, named by its settings
// ("lr0.0002-r16-CustomRef-raw"). The GUI queues them all; `cci sweep` trains them one after another and lists them
// with `cci runs`' table. LoRA alpha follows the rank at the base's alpha/r (the recipe's 2).
#pragma once

#include "train/train_config.h"

#include <string>
#include <vector>

namespace cci::train {

struct SweepGrid {
    std::vector<double> learningRates;  // empty = the base's
    std::vector<int> ranks;
    std::vector<std::string> styles;
    std::vector<bool> refined;  // false = raw, true = refined
};

struct SweepRun {
    std::string name;
    TrainConfig config;
};

inline constexpr std::size_t kMaxSweepRuns = 256;

// The runs of the grid under `parentDir` (base.runDir is ignored), each named "PREFIX-lr…" when a prefix is given.
// Throws cci::Error for a grid of more than kMaxSweepRuns runs, a non-positive rate or rank, an unknown style or a
// value listed twice.
std::vector<SweepRun> expandSweep(const TrainConfig& base, const SweepGrid& grid, const std::string& parentDir,
                                  const std::string& namePrefix = {});

// Parses the lists as typed (comma- or space-separated): "1e-4, 2e-4", "8 16", "CustomRef,SystemRef"; refined is
// "raw", "refined" or "both" (empty = the base's). Throws cci::Error naming the field and the item.
SweepGrid parseSweepGrid(const std::string& learningRates, const std::string& ranks, const std::string& styles,
                         const std::string& refined);

}  // namespace cci::train
