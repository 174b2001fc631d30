// BPE model (see bpe_model.h).
#include "tokenizer/bpe_model.h"

#include "tokenizer/json_fields.h"
#include "tokenizer/text_codec.h"

#include <cstdio>
#include <queue>

namespace cci::tok {

// Open-addressing hash table from a pair of ids to its merge (rank and resulting id).
class BpeModel::MergeTable {
public:
    explicit MergeTable(std::size_t count) {
        std::size_t capacity = 16;
        while (capacity < count * 2) capacity <<= 1;
        m_keys.assign(capacity, kEmpty);
        m_values.resize(capacity);
        m_mask = capacity - 1;
    }
    static std::uint64_t key(TokenId a, TokenId b) {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
    }
    // A pair listed twice keeps its last entry, as the reference's map does.
    void insert(TokenId a, TokenId b, MergeEntry value) {
        const auto k = key(a, b);
        for (std::size_t i = hash(k);; i = (i + 1) & m_mask) {
            if (m_keys[i] == kEmpty || m_keys[i] == k) {
                m_keys[i] = k;
                m_values[i] = value;
                return;
            }
        }
    }
    const MergeEntry* find(TokenId a, TokenId b) const {
        const auto k = key(a, b);
        for (std::size_t i = hash(k);; i = (i + 1) & m_mask) {
            if (m_keys[i] == k) return &m_values[i];
            if (m_keys[i] == kEmpty) return nullptr;
        }
    }

private:
    static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
    std::size_t hash(std::uint64_t k) const {
        k ^= k >> 33;
        k *= 0xff51afd7ed558ccdULL;
        k ^= k >> 33;
        return static_cast<std::size_t>(k) & m_mask;
    }
    std::vector<std::uint64_t> m_keys;
    std::vector<MergeEntry> m_values;
    std::size_t m_mask = 0;
};

BpeModel::BpeModel() = default;
BpeModel::~BpeModel() = default;

namespace {

std::pair<std::string, std::string> parseMerge(const nlohmann::json& entry, const std::string& path) {
    if (entry.is_string()) {
        const auto& s = entry.get_ref<const std::string&>();
        const auto space = s.find(' ');
        if (space == std::string::npos || s.find(' ', space + 1) != std::string::npos)
            throw TokenizerFormatError(path, "a merge must be two tokens separated by one space, got \"" + s + "\"");
        return {s.substr(0, space), s.substr(space + 1)};
    }
    if (entry.is_array() && entry.size() == 2 && entry[0].is_string() && entry[1].is_string())
        return {entry[0].get<std::string>(), entry[1].get<std::string>()};
    throw TokenizerFormatError(path, "a merge must be \"a b\" or [\"a\", \"b\"]");
}

constexpr std::size_t kMaxCachedWordBytes = 256;
constexpr std::size_t kMaxCacheEntries = 200'000;

}  // namespace

std::unique_ptr<BpeModel> BpeModel::fromJson(const nlohmann::json& model, const std::string& path) {
    std::unique_ptr<BpeModel> bpe(new BpeModel());
    const auto dropout = model.find("dropout");
    if (dropout != model.end() && !dropout->is_null() && !(dropout->is_number() && dropout->get<double>() == 0.0))
        throw TokenizerFormatError(path + ".dropout", "BPE dropout is not supported (it makes encoding random)");
    bpe->m_byteFallback = optionalBool(model, "byte_fallback", false, path);
    bpe->m_fuseUnk = optionalBool(model, "fuse_unk", false, path);
    bpe->m_ignoreMerges = optionalBool(model, "ignore_merges", false, path);
    bpe->m_prefix = optionalString(model, "continuing_subword_prefix");
    bpe->m_suffix = optionalString(model, "end_of_word_suffix");

    const auto& vocab = requireField(model, "vocab", path);
    if (!vocab.is_object()) throw TokenizerFormatError(path + ".vocab", "expected an object of token: id");
    bpe->m_vocab.reserve(vocab.size());
    for (const auto& [token, id] : vocab.items()) {
        if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > 16'000'000)
            throw TokenizerFormatError(path + ".vocab[\"" + token + "\"]", "expected a token id (0 to 16,000,000)");
        const auto value = static_cast<TokenId>(id.get<std::int64_t>());
        bpe->m_vocab.emplace(token, value);
        bpe->m_maxId = std::max(bpe->m_maxId, value);
    }
    bpe->m_idToToken.resize(static_cast<std::size_t>(bpe->m_maxId + 1));
    for (const auto& [token, id] : bpe->m_vocab) bpe->m_idToToken[static_cast<std::size_t>(id)] = token;

    const auto unk = model.find("unk_token");
    if (unk != model.end() && unk->is_string()) {
        const auto it = bpe->m_vocab.find(unk->get<std::string>());
        if (it == bpe->m_vocab.end())
            throw TokenizerFormatError(path + ".unk_token",
                                       "unk_token \"" + unk->get<std::string>() + "\" is not in the vocabulary");
        bpe->m_unk = it->second;
    }
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        const auto it = bpe->m_vocab.find(name);
        bpe->m_byteTokens[static_cast<std::size_t>(b)] = it == bpe->m_vocab.end() ? -1 : it->second;
    }

    const auto mergesIt = model.find("merges");
    const std::size_t mergeCount = mergesIt != model.end() && mergesIt->is_array() ? mergesIt->size() : 0;
    if (mergesIt != model.end() && !mergesIt->is_array() && !mergesIt->is_null())
        throw TokenizerFormatError(path + ".merges", "expected an array");
    bpe->m_merges = std::make_unique<MergeTable>(mergeCount);
    for (std::size_t rank = 0; rank < mergeCount; ++rank) {
        const auto where = path + ".merges[" + std::to_string(rank) + "]";
        const auto [a, b] = parseMerge((*mergesIt)[rank], where);
        const auto ia = bpe->m_vocab.find(a), ib = bpe->m_vocab.find(b);
        if (ia == bpe->m_vocab.end()) throw TokenizerFormatError(where, "token \"" + a + "\" is not in the vocabulary");
        if (ib == bpe->m_vocab.end()) throw TokenizerFormatError(where, "token \"" + b + "\" is not in the vocabulary");
        std::string merged = a;
        merged.append(b.starts_with(bpe->m_prefix) ? b.substr(bpe->m_prefix.size()) : b);
        const auto im = bpe->m_vocab.find(merged);
        if (im == bpe->m_vocab.end())
            throw TokenizerFormatError(where, "merged token \"" + merged + "\" is not in the vocabulary");
        bpe->m_merges->insert(ia->second, ib->second, {static_cast<std::int32_t>(rank), im->second});
    }

    if (bpe->m_prefix.empty() && bpe->m_suffix.empty()) {
        // Single-character tokens indexed by code point (most lookups in the hot loop).
        for (const auto& [token, id] : bpe->m_vocab) {
            std::size_t i = 0;
            const char32_t c = nextCodePoint(token, i);
            if (i != token.size() || token.empty()) continue;
            if (c >= bpe->m_charIds.size()) bpe->m_charIds.resize(c + 1, -1);
            bpe->m_charIds[c] = id;
        }
    }
    return bpe;
}

std::optional<TokenId> BpeModel::tokenToId(std::string_view token) const {
    const auto it = m_vocab.find(std::string(token));
    if (it == m_vocab.end()) return std::nullopt;
    return it->second;
}

const std::string* BpeModel::idToToken(TokenId id) const {
    if (id < 0 || static_cast<std::size_t>(id) >= m_idToToken.size()) return nullptr;
    const auto& s = m_idToToken[static_cast<std::size_t>(id)];
    return s.empty() ? nullptr : &s;
}

TokenId BpeModel::charId(std::string_view symbol, char32_t c, bool first, bool last) const {
    if (!m_charIds.empty() || (m_prefix.empty() && m_suffix.empty())) {
        return c < m_charIds.size() ? m_charIds[c] : -1;
    }
    std::string key;
    if (!first) key += m_prefix;
    key += symbol;
    if (last) key += m_suffix;
    const auto it = m_vocab.find(key);
    return it == m_vocab.end() ? -1 : it->second;
}

void BpeModel::tokenize(std::string_view word, std::vector<TokenId>& out) const {
    if (word.empty()) return;
    if (m_ignoreMerges) {
        const auto it = m_vocab.find(std::string(word));
        if (it != m_vocab.end()) {
            out.push_back(it->second);
            return;
        }
    }
    if (word.size() > kMaxCachedWordBytes) {
        tokenizeUncached(word, out);
        return;
    }
    const std::string key(word);
    {
        std::lock_guard lock(m_cacheMutex);
        const auto it = m_cache.find(key);
        if (it != m_cache.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    const auto start = out.size();
    tokenizeUncached(word, out);
    std::lock_guard lock(m_cacheMutex);
    if (m_cache.size() >= kMaxCacheEntries) m_cache.clear();
    m_cache.emplace(key, std::vector<TokenId>(out.begin() + static_cast<std::ptrdiff_t>(start), out.end()));
}

void BpeModel::tokenizeUncached(std::string_view word, std::vector<TokenId>& out) const {
    struct Symbol {
        TokenId id;
        std::int32_t prev, next;
        bool removed;
    };
    thread_local std::vector<Symbol> symbols;
    symbols.clear();

    bool lastWasUnk = false;
    auto push = [&](TokenId id) {
        const auto n = static_cast<std::int32_t>(symbols.size());
        symbols.push_back({id, n - 1, n + 1, false});
    };
    for (std::size_t i = 0; i < word.size();) {
        const std::size_t begin = i;
        const char32_t c = nextCodePoint(word, i);
        const auto symbol = word.substr(begin, i - begin);
        const TokenId id = charId(symbol, c, begin == 0, i == word.size());
        if (id >= 0) {
            push(id);
            lastWasUnk = false;
            continue;
        }
        if (m_byteFallback) {
            bool all = true;
            for (unsigned char b : symbol) all = all && m_byteTokens[b] >= 0;
            if (all) {
                for (unsigned char b : symbol) push(m_byteTokens[b]);
                lastWasUnk = false;
                continue;
            }
        }
        if (m_unk) {
            if (!(m_fuseUnk && lastWasUnk)) push(*m_unk);
            lastWasUnk = true;
        }
    }
    if (symbols.empty()) return;
    symbols.back().next = static_cast<std::int32_t>(symbols.size());

    struct Candidate {
        std::int32_t rank, pos;
        TokenId newId;
        bool operator<(const Candidate& o) const {  // priority_queue top = lowest rank, then lowest position
            return rank != o.rank ? rank > o.rank : pos > o.pos;
        }
    };
    thread_local std::vector<Candidate> heapStorage;
    heapStorage.clear();
    std::priority_queue<Candidate, std::vector<Candidate>> queue(std::less<Candidate>(), std::move(heapStorage));
    const auto n = static_cast<std::int32_t>(symbols.size());
    for (std::int32_t i = 0; i + 1 < n; ++i) {
        if (const auto* m = m_merges->find(symbols[i].id, symbols[i + 1].id)) queue.push({m->rank, i, m->newId});
    }
    while (!queue.empty()) {
        const auto top = queue.top();
        queue.pop();
        auto& left = symbols[static_cast<std::size_t>(top.pos)];
        if (left.removed || left.next >= n) continue;
        auto& right = symbols[static_cast<std::size_t>(left.next)];
        const auto* current = m_merges->find(left.id, right.id);
        if (!current || current->newId != top.newId) continue;
        left.id = top.newId;
        right.removed = true;
        left.next = right.next;
        if (right.next < n) symbols[static_cast<std::size_t>(right.next)].prev = top.pos;
        if (left.prev >= 0) {
            if (const auto* m = m_merges->find(symbols[static_cast<std::size_t>(left.prev)].id, left.id))
                queue.push({m->rank, left.prev, m->newId});
        }
        if (left.next < n) {
            if (const auto* m = m_merges->find(left.id, symbols[static_cast<std::size_t>(left.next)].id))
                queue.push({m->rank, top.pos, m->newId});
        }
    }
    for (const auto& s : symbols)
        if (!s.removed) out.push_back(s.id);
}

}  // namespace cci::tok
