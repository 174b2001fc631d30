// HfTokenizer: a Hugging Face tokenizer.json (BPE model) run through the same pipeline as the reference:
// added tokens -> normalizer -> normalized added tokens -> pre-tokenizer -> model -> post-processor.
#pragma once

#include "tokenizer/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>

namespace cci::tok {

class Normalizer;
class PreTokenizer;
class BpeModel;
class PostProcessor;
class Decoder;
class AddedVocabulary;

class HfTokenizer final : public Tokenizer {
public:
    // Throws cci::Error naming the file, the JSON path (or line/column for syntax errors) and the problem.
    static std::unique_ptr<HfTokenizer> fromFile(const std::string& path);
    // `origin` names the source in errors.
    static std::unique_ptr<HfTokenizer> fromJsonText(std::string_view text, const std::string& origin);
    ~HfTokenizer() override;

    std::vector<TokenId> encode(std::string_view text, bool addSpecialTokens = true) const override;
    std::string decode(const std::vector<TokenId>& ids, bool skipSpecialTokens = false) const override;
    std::optional<TokenId> tokenToId(std::string_view token) const override;
    std::string idToToken(TokenId id) const override;
    std::size_t vocabSize() const override;
    bool isSpecial(TokenId id) const override;
    std::vector<std::string> specialTokens() const override;

private:
    HfTokenizer();
    void load(const nlohmann::json& root);
    void encodeText(std::string_view text, bool atInputStart, std::vector<TokenId>& ids) const;

    std::unique_ptr<Normalizer> m_normalizer;
    std::unique_ptr<PreTokenizer> m_preTokenizer;
    std::unique_ptr<BpeModel> m_model;
    std::unique_ptr<PostProcessor> m_postProcessor;
    std::unique_ptr<Decoder> m_decoder;
    std::unique_ptr<AddedVocabulary> m_added;
    TokenId m_maxId = -1;
};

}  // namespace cci::tok
