// Loading a model's tokenizer from a directory (tokenizer.json, else tokenizer.model, plus tokenizer_config.json)
// or from one file. The chat template files beside tokenizer_config.json replace its chat_template (template_files.h).
#pragma once

#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_config.h"

#include <memory>
#include <string>

namespace cci::tok {

struct LoadedTokenizer {
    std::shared_ptr<const Tokenizer> tokenizer;
    TokenizerConfig config;     // defaults when the directory has no tokenizer_config.json
    std::string tokenizerFile;  // the file the tokenizer came from
    std::string configFile;     // empty when none
};

// Throws cci::Error naming the path and what is missing or wrong.
LoadedTokenizer loadTokenizer(const std::string& path);

}  // namespace cci::tok
