// Pre-tokenizers of tokenizer.json: Sequence, Metaspace, ByteLevel, Split, Digits, Whitespace, WhitespaceSplit.
// They cut a normalized segment into the words the model tokenizes independently.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cci::tok {

struct PreToken {
    std::string text;
    bool atInputStart = false;  // begins at offset 0 of the original input (Metaspace prepend_scheme "first")
};

class PreTokenizer {
public:
    virtual ~PreTokenizer() = default;
    // Replaces `pieces` by their sub-pieces.
    virtual void split(std::vector<PreToken>& pieces) const = 0;
};

std::unique_ptr<PreTokenizer> parsePreTokenizer(const nlohmann::json& spec, const std::string& path);

// Maps every byte to its byte-level character (the ByteLevel pre-tokenizer's alphabet).
std::string toByteLevel(std::string_view bytes);

}  // namespace cci::tok
