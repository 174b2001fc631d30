// The one check, for every `cci` command, that an output file is none of the command's inputs (nor a sidecar
// that belongs to one: PRED.probs.json, CORPUS.annotations.json) - before anything is read or written.
#pragma once

#include "cli_args.h"

namespace cci::cli {

// Throws cci::Error naming both files when an option declared FileRole::Output names the same file as a positional
// input, an option declared FileRole::Input, or one of their sidecars (and when an input names an output's sidecar).
void refuseOutputsOverInputs(const CommandSpec& spec, const ParsedArgs& args);

}  // namespace cci::cli
