// Shared parsing of --method, --weights and --held-out for `cci vote` and `cci analyze`.
#pragma once

#include "cli_args.h"

#include "ensemble/voting.h"

namespace cci::cli {

// Options every voting command declares.
std::vector<OptionSpec> voteOptionSpecs();
// Reads --method (hard|soft|weighted), --weights (comma-separated or repeated; one per prediction file) and
// --held-out (temperatures or weights fitted on each file's run dev predictions, said on stderr).
ensemble::VoteOptions voteOptionsFrom(const ParsedArgs& args, const std::vector<std::string>& predictionFiles);

}  // namespace cci::cli
