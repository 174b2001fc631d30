// The prediction settings of a training run: score exactly as the run trained - its base model, adapter, prompt
// style, chat template, refinement and NF4 base (QLoRA) - read from its run.json. The GUI's Predict… and
// `cci predict --run` both start here, so the two cannot score a run differently.
#pragma once

#include "infer/predict.h"

#include <string>

namespace cci::infer {

// Data, output and device are left to the caller. Throws cci::Error naming the run.json when it is missing or has no
// configuration.
PredictConfig predictConfigOfRun(const std::string& runFolder);
// As above, scoring `dataFile` into the run's predictions folder (RUN/predictions/STEM.json).
PredictConfig predictConfigOfRun(const std::string& runFolder, const std::string& dataFile);

}  // namespace cci::infer
