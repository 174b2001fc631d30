// Added tokens (see added_vocabulary.h).
#include "tokenizer/added_vocabulary.h"

#include "tokenizer/json_fields.h"
#include "tokenizer/normalizers.h"
#include "tokenizer/text_codec.h"

#include <algorithm>

namespace cci::tok {

namespace {

char32_t lastCodePoint(std::string_view s) {
    std::size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    return nextCodePoint(s, start);
}

char32_t firstCodePoint(std::string_view s) {
    std::size_t i = 0;
    return nextCodePoint(s, i);
}

}  // namespace

void AddedTokenMatcher::build(const std::vector<const AddedToken*>& tokens, const std::vector<std::string>& patterns) {
    m_patterns.clear();
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!patterns[i].empty()) m_patterns.push_back({patterns[i], tokens[i]});
    }
    std::stable_sort(m_patterns.begin(), m_patterns.end(), [](const Pattern& a, const Pattern& b) {
        const auto fa = static_cast<unsigned char>(a.text[0]), fb = static_cast<unsigned char>(b.text[0]);
        return fa != fb ? fa < fb : a.text.size() > b.text.size();
    });
    m_firstByteStart.fill(0);
    for (const auto& p : m_patterns) ++m_firstByteStart[static_cast<unsigned char>(p.text[0]) + 1];
    for (std::size_t b = 1; b < m_firstByteStart.size(); ++b) m_firstByteStart[b] += m_firstByteStart[b - 1];
}

std::vector<Segment> AddedTokenMatcher::split(std::string_view text) const {
    std::vector<Segment> out;
    if (m_patterns.empty() || text.empty()) {
        out.push_back({text, -1, 0});
        return out;
    }
    std::size_t segmentStart = 0;  // start of the pending text segment
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto first = static_cast<unsigned char>(text[pos]);
        const Pattern* found = nullptr;
        for (auto k = m_firstByteStart[first]; k < m_firstByteStart[first + 1]; ++k) {
            const auto& p = m_patterns[k];
            if (text.compare(pos, p.text.size(), p.text) == 0) {
                found = &p;
                break;
            }
        }
        if (!found) {
            ++pos;
            continue;
        }
        std::size_t begin = pos, end = pos + found->text.size();
        pos = end;  // the next match search continues after this match, whatever is done with it
        const auto* token = found->token;
        if (token->singleWord) {
            const bool spaceBefore = begin == 0 || !isRegexWordChar(lastCodePoint(text.substr(0, begin)));
            const bool spaceAfter = end == text.size() || !isRegexWordChar(firstCodePoint(text.substr(end)));
            if (!spaceBefore || !spaceAfter) continue;
        }
        if (token->lstrip) {
            std::size_t newBegin = begin;
            while (newBegin > segmentStart) {
                std::size_t start = newBegin - 1;
                while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
                std::size_t probe = start;
                if (!isWhitespace(nextCodePoint(text, probe))) break;
                newBegin = start;
            }
            begin = std::max(newBegin, segmentStart);
        }
        if (token->rstrip) {
            while (end < text.size()) {
                std::size_t next = end;
                if (!isWhitespace(nextCodePoint(text, next))) break;
                end = next;
            }
        }
        if (begin > segmentStart) out.push_back({text.substr(segmentStart, begin - segmentStart), -1, segmentStart});
        out.push_back({text.substr(begin, end - begin), token->id, begin});
        segmentStart = end;
    }
    if (segmentStart < text.size()) out.push_back({text.substr(segmentStart), -1, segmentStart});
    return out;
}

void AddedVocabulary::load(const nlohmann::json& addedTokens, const Normalizer* normalizer,
                           const std::function<std::optional<TokenId>(const std::string&)>& modelId,
                           TokenId modelVocabSize, const std::string& path) {
    m_tokens.clear();
    m_byContent.clear();
    TokenId highestAdded = -1;
    if (addedTokens.is_null()) return;
    if (!addedTokens.is_array()) throw TokenizerFormatError(path, "expected an array");
    for (std::size_t i = 0; i < addedTokens.size(); ++i) {
        const auto where = path + "[" + std::to_string(i) + "]";
        const auto& spec = addedTokens[i];
        AddedToken token;
        token.content = stringField(spec, "content", where);
        const auto& id = requireField(spec, "id", where);
        if (!id.is_number_integer() || id.get<std::int64_t>() < 0 || id.get<std::int64_t>() > 16'000'000)
            throw TokenizerFormatError(where + ".id", "expected a token id (0 to 16,000,000)");
        token.id = static_cast<TokenId>(id.get<std::int64_t>());
        // Ids as the reference assigns them (it does not trust the file's): a content the model knows keeps the
        // model's id; others get the model's vocabulary size, or one past the highest added id beyond it.
        if (const auto known = modelId(token.content)) {
            token.id = *known;
        } else if (const auto again = m_byContent.find(token.content); again != m_byContent.end()) {
            token.id = m_tokens[again->second].id;
        } else {
            token.id = highestAdded >= modelVocabSize ? highestAdded + 1 : modelVocabSize;
        }
        highestAdded = std::max(highestAdded, token.id);
        if (m_byContent.count(token.content)) continue;  // listed twice: the first entry stands
        m_byContent.emplace(token.content, m_tokens.size());
        token.special = optionalBool(spec, "special", false, where);
        token.singleWord = optionalBool(spec, "single_word", false, where);
        token.lstrip = optionalBool(spec, "lstrip", false, where);
        token.rstrip = optionalBool(spec, "rstrip", false, where);
        token.normalized = optionalBool(spec, "normalized", !token.special, where);
        m_tokens.push_back(std::move(token));
    }
    m_byId.clear();
    for (std::size_t i = 0; i < m_tokens.size(); ++i) m_byId[m_tokens[i].id] = i;
    std::vector<const AddedToken*> raw, normalized;
    std::vector<std::string> rawPatterns, normalizedPatterns;
    for (const auto& token : m_tokens) {
        if (token.special || !token.normalized) {
            raw.push_back(&token);
            rawPatterns.push_back(token.content);
        } else {
            std::string form = token.content;
            if (normalizer) normalizer->normalize(form);
            normalized.push_back(&token);
            normalizedPatterns.push_back(form);
        }
    }
    m_raw.build(raw, rawPatterns);
    m_normalized.build(normalized, normalizedPatterns);
}

const AddedToken* AddedVocabulary::byId(TokenId id) const {
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_tokens[it->second];
}

const AddedToken* AddedVocabulary::byContent(std::string_view content) const {
    const auto it = m_byContent.find(std::string(content));
    return it == m_byContent.end() ? nullptr : &m_tokens[it->second];
}

}  // namespace cci::tok
