// The BPE model of tokenizer.json: vocabulary, ranked merges applied lowest rank first (leftmost on ties) exactly
// as the reference's merge queue does, byte fallback (<0xNN> tokens), unknown-token fusing, ignore_merges, and
// continuing-subword prefix / end-of-word suffix. Words are cached.
#pragma once

#include "tokenizer/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cci::tok {

class BpeModel {
public:
    // Throws TokenizerFormatError naming the JSON path ("model.merges[12]") on bad input.
    static std::unique_ptr<BpeModel> fromJson(const nlohmann::json& model, const std::string& path);
    ~BpeModel();

    // Appends the ids of one pre-tokenized word.
    void tokenize(std::string_view word, std::vector<TokenId>& out) const;

    std::optional<TokenId> tokenToId(std::string_view token) const;
    const std::string* idToToken(TokenId id) const;  // nullptr when absent
    TokenId maxId() const { return m_maxId; }
    std::size_t size() const { return m_vocab.size(); }

private:
    struct MergeEntry {
        std::int32_t rank;
        TokenId newId;
    };
    class MergeTable;

    BpeModel();
    void tokenizeUncached(std::string_view word, std::vector<TokenId>& out) const;
    TokenId charId(std::string_view symbol, char32_t c, bool first, bool last) const;

    std::unordered_map<std::string, TokenId> m_vocab;
    std::vector<std::string> m_idToToken;
    std::unique_ptr<MergeTable> m_merges;
    std::vector<TokenId> m_charIds;           // code point -> id for single characters (when no prefix/suffix is set)
    std::array<TokenId, 256> m_byteTokens{};  // <0xNN> ids, -1 when absent
    std::optional<TokenId> m_unk;
    std::string m_prefix, m_suffix;
    bool m_byteFallback = false, m_fuseUnk = false, m_ignoreMerges = false;
    TokenId m_maxId = -1;

    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<TokenId>> m_cache;
};

}  // namespace cci::tok
