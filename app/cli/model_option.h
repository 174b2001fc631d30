// `--model DIR|ORG/NAME [--revision REV]`, shared by the commands that read a model: a folder as given, or a hub
// model id resolved from the local Hugging Face cache (model/hub_cache.h), said on stderr.
#pragma once

#include "cli_args.h"

#include "model/hub_cache.h"

#include <string>

namespace cci::cli {

OptionSpec revisionOptionSpec();
// The folder `spec` names (the value of --model or a configuration's "model"); `snapshot` is filled when it was a
// hub id. Throws cci::Error when the id is not in the cache.
std::string resolveModelOption(const std::string& spec, const ParsedArgs& args, model::HubSnapshot* snapshot = nullptr);

}  // namespace cci::cli
