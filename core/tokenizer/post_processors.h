// Post-processors of tokenizer.json (applied when special tokens are added): TemplateProcessing (single
// sequences), ByteLevel (no change to ids), Bert/Roberta processing, Sequence.
#pragma once

#include "tokenizer/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cci::tok {

class PostProcessor {
public:
    virtual ~PostProcessor() = default;
    virtual void process(std::vector<TokenId>& ids) const = 0;
};

std::unique_ptr<PostProcessor> parsePostProcessor(const nlohmann::json& spec, const std::string& path);

}  // namespace cci::tok
