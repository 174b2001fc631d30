// The `cci train` flags, shared with `cci sweep`: their specs, the configuration they describe, and the progress
// callback that turns Ctrl+C / SIGTERM into a checkpointed stop.
#pragma once

#include "cli_args.h"
#include "progress_bar.h"

#include "train/train_config.h"
#include "util/progress.h"

#include <vector>

namespace cci::cli {

std::vector<OptionSpec> trainOptionSpecs();
// --config and --preset first, then every flag over them; --model, --train and --out are required. Throws UsageError.
train::TrainConfig trainConfigFromArgs(const ParsedArgs& args);
// The bar (unless quiet) and the stop request of SIGINT/SIGTERM.
ProgressFn stoppableProgress(ProgressBar& bar, bool quiet);

}  // namespace cci::cli
