// Shared parsing of --method and --weights for `cci vote` and `cci analyze`.
#pragma once

#include "cli_args.h"

#include "ensemble/voting.h"

namespace cci::cli {

// Options every voting command declares.
std::vector<OptionSpec> voteOptionSpecs();
// Reads --method (hard|soft|weighted) and --weights (comma-separated or repeated; one per model).
ensemble::VoteOptions voteOptionsFrom(const ParsedArgs& args, std::size_t models);

}  // namespace cci::cli
