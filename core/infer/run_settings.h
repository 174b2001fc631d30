// The prediction settings of a training run: score exactly as the run trained - its base model, adapter, prompt
// style, chat template, refinement and NF4 base (QLoRA) - read from its run.json. The GUI's Predict… and
// `cci predict --run` both start here, so the two cannot score a run differently.
#pragma once

#include "infer/predict.h"

#include <string>

namespace cci::infer {

// Which of a run's adapters scores: the last step's (adapter/) or the best dev evaluation's (adapter_best/).
enum class RunAdapter { Last, Best };

// Data, output and device are left to the caller. Throws cci::Error naming the run.json when it is missing or has no
// configuration, or the adapter_best/ folder when Best is asked of a run that kept none.
PredictConfig predictConfigOfRun(const std::string& runFolder, RunAdapter adapter = RunAdapter::Last);
// As above, scoring `dataFile` into the run's predictions folder (RUN/predictions/STEM.json; STEM-best.json with
// the best adapter).
PredictConfig predictConfigOfRun(const std::string& runFolder, const std::string& dataFile,
                                 RunAdapter adapter = RunAdapter::Last);

}  // namespace cci::infer
