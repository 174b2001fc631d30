// `--model` as a folder or a hub model id (see model_option.h).
#include "model_option.h"

#include <iostream>

namespace cci::cli {

OptionSpec revisionOptionSpec() {
    return {"revision", "REV",
            "with a hub model id (ORG/NAME) for --model: the branch, tag or commit in the Hugging Face cache (main)"};
}

std::string resolveModelOption(const std::string& spec, const ParsedArgs& args, model::HubSnapshot* snapshot) {
    model::HubSnapshot resolved;
    const std::string folder = model::resolveModelFolder(spec, args.value("revision", "main"), &resolved);
    if (!resolved.folder.empty()) {
        std::cerr << spec << ": from the Hugging Face cache, revision " << resolved.revision << " (commit "
                  << resolved.commit << "): " << resolved.folder << "\n";
        if (snapshot) *snapshot = resolved;
    }
    return folder;
}

}  // namespace cci::cli
