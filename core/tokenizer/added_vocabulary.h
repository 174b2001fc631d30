// Added tokens of tokenizer.json (special and normal), found in the text before the model runs, as the reference
// does: leftmost-longest matches of the non-normalized tokens on the raw text, then of the normalized tokens on
// each normalized segment; single_word, lstrip and rstrip applied to each match.
#pragma once

#include "tokenizer/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cci::tok {

class Normalizer;

struct AddedToken {
    std::string content;
    TokenId id = 0;
    bool special = false, singleWord = false, lstrip = false, rstrip = false, normalized = false;
};

// A segment of the input: either an added token (id >= 0) or text for the normalizer/model (id < 0).
struct Segment {
    std::string_view text;
    TokenId id = -1;
    std::size_t offset = 0;  // byte offset in the string that was split
};

class AddedTokenMatcher {
public:
    void build(const std::vector<const AddedToken*>& tokens, const std::vector<std::string>& patterns);
    // Splits `text` into segments; the text segments keep their offset.
    std::vector<Segment> split(std::string_view text) const;
    bool empty() const { return m_patterns.empty(); }

private:
    struct Pattern {
        std::string text;
        const AddedToken* token;
    };
    std::vector<Pattern> m_patterns;                    // sorted by first byte, then length descending
    std::array<std::uint32_t, 257> m_firstByteStart{};  // index range per first byte
};

class AddedVocabulary {
public:
    // `normalizer` (may be null) turns the content of normalized tokens into their matching form; `modelId` gives
    // the model's id for a content the model's vocabulary already has; `modelVocabSize` is its number of entries.
    void load(const nlohmann::json& addedTokens, const Normalizer* normalizer,
              const std::function<std::optional<TokenId>(const std::string&)>& modelId, TokenId modelVocabSize,
              const std::string& path);

    const AddedTokenMatcher& rawMatcher() const { return m_raw; }
    const AddedTokenMatcher& normalizedMatcher() const { return m_normalized; }
    const std::vector<AddedToken>& tokens() const { return m_tokens; }
    const AddedToken* byId(TokenId id) const;
    const AddedToken* byContent(std::string_view content) const;

private:
    std::vector<AddedToken> m_tokens;
    std::unordered_map<TokenId, std::size_t> m_byId;
    std::unordered_map<std::string, std::size_t> m_byContent;
    AddedTokenMatcher m_raw, m_normalized;
};

}  // namespace cci::tok
