// SentencePieceTokenizer: a tokenizer.model (SentencePiece protobuf) through libsentencepiece, for models that
// ship no tokenizer.json. Control pieces written in the text (<s>, </s>) are recognised as tokens.
#pragma once

#include "tokenizer/tokenizer.h"

#include <memory>
#include <string>

namespace cci::tok {

class SentencePieceTokenizer final : public Tokenizer {
public:
    // Throws cci::Error naming the file when it cannot be loaded (or when built without SentencePiece).
    static std::unique_ptr<SentencePieceTokenizer> fromFile(const std::string& path, bool addBos, bool addEos);
    ~SentencePieceTokenizer() override;

    std::vector<TokenId> encode(std::string_view text, bool addSpecialTokens = true) const override;
    std::string decode(const std::vector<TokenId>& ids, bool skipSpecialTokens = false) const override;
    std::optional<TokenId> tokenToId(std::string_view token) const override;
    std::string idToToken(TokenId id) const override;
    std::size_t vocabSize() const override;
    bool isSpecial(TokenId id) const override;
    std::vector<std::string> specialTokens() const override;

private:
    SentencePieceTokenizer();
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    bool m_addBos = true, m_addEos = false;
};

// Whether this build can read tokenizer.model files.
bool sentencePieceAvailable();

}  // namespace cci::tok
