// Outputs over inputs (see output_guard.h).
#include "output_guard.h"

#include "annotate/annotations.h"
#include "infer/predict.h"
#include "util/atomic_write.h"

namespace cci::cli {

namespace {

// A file and the sidecars that travel with it, which a command may read or write beside it.
std::vector<std::string> withSidecars(const std::string& path) {
    return {path, infer::probsPathFor(path), infer::auditPathFor(path), annotate::sidecarPathFor(path)};
}

}  // namespace

void refuseOutputsOverInputs(const CommandSpec& spec, const ParsedArgs& args) {
    std::vector<std::string> inputs, outputs;
    if (spec.positionalsAreInputs)
        for (const auto& p : args.positionals)
            for (auto& f : withSidecars(p)) inputs.push_back(std::move(f));
    for (const OptionSpec& option : spec.options) {
        if (option.role == FileRole::None || !args.has(option.name)) continue;
        for (const auto& value : args.list(option.name))
            for (auto& f : withSidecars(value)) (option.role == FileRole::Input ? inputs : outputs).push_back(f);
    }
    for (const auto& output : outputs) refuseToOverwriteInput(output, inputs);
}

}  // namespace cci::cli
