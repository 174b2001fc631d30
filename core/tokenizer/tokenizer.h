// Tokenizer: the interface every tokenizer the workbench reads implements (Hugging Face tokenizer.json,
// SentencePiece tokenizer.model). Ids are those of the reference implementation, or loading fails.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cci::tok {

using TokenId = std::int32_t;

// A malformed or unsupported part of a tokenizer file; `path` is the JSON path ("pre_tokenizer.pretokenizers[1]").
struct TokenizerFormatError : std::runtime_error {
    TokenizerFormatError(std::string path, const std::string& message)
        : std::runtime_error(message), path(std::move(path)) {}
    std::string path;
};

class Tokenizer {
public:
    virtual ~Tokenizer() = default;

    // `addSpecialTokens` applies the post-processor (e.g. the bos token); special tokens written in the text are
    // always recognised, as the reference does.
    virtual std::vector<TokenId> encode(std::string_view text, bool addSpecialTokens = true) const = 0;
    virtual std::string decode(const std::vector<TokenId>& ids, bool skipSpecialTokens = false) const = 0;

    virtual std::optional<TokenId> tokenToId(std::string_view token) const = 0;
    virtual std::string idToToken(TokenId id) const = 0;  // empty when out of range
    virtual std::size_t vocabSize() const = 0;            // highest id + 1, added tokens included
    virtual bool isSpecial(TokenId id) const = 0;
    // Contents of the special tokens (bos, eos, chat markers, …).
    virtual std::vector<std::string> specialTokens() const = 0;
};

}  // namespace cci::tok
