// Split patterns and behaviours (see split_pattern.h). Regexes run on ICU over a UTF-8 UText, so match offsets
// are byte offsets; each thread keeps its own matcher per pattern.
#include "tokenizer/split_pattern.h"

#include "tokenizer/tokenizer.h"

#include <unicode/regex.h>
#include <unicode/utext.h>

#include <algorithm>
#include <atomic>
#include <unordered_map>

namespace cci::tok {

struct SplitPattern::Regex {
    std::unique_ptr<icu::RegexPattern> pattern;
    std::uint64_t serial = 0;
};

namespace {

std::atomic<std::uint64_t> g_nextSerial{1};

// Oniguruma's \s is Unicode White_Space (which ICU's \s is not: it lacks U+000B and U+0085).
std::string translateRegex(const std::string& pattern) {
    std::string out;
    out.reserve(pattern.size() + 16);
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '\\' && i + 1 < pattern.size()) {
            const char next = pattern[i + 1];
            if (next == 's') {
                out += "\\p{White_Space}";
            } else if (next == 'S') {
                out += "\\P{White_Space}";
            } else {
                out += pattern[i];
                out += next;
            }
            ++i;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

icu::RegexMatcher& matcherFor(const SplitPattern::Regex& regex) {
    thread_local std::unordered_map<std::uint64_t, std::unique_ptr<icu::RegexMatcher>> matchers;
    auto& slot = matchers[regex.serial];
    if (!slot) {
        UErrorCode status = U_ZERO_ERROR;
        slot.reset(regex.pattern->matcher(status));
        if (U_FAILURE(status)) throw std::runtime_error("cannot create a regex matcher");
    }
    return *slot;
}

}  // namespace

SplitBehavior parseSplitBehavior(std::string_view name, const std::string& path) {
    if (name == "Removed") return SplitBehavior::Removed;
    if (name == "Isolated") return SplitBehavior::Isolated;
    if (name == "MergedWithPrevious") return SplitBehavior::MergedWithPrevious;
    if (name == "MergedWithNext") return SplitBehavior::MergedWithNext;
    if (name == "Contiguous") return SplitBehavior::Contiguous;
    throw TokenizerFormatError(path, "unknown split behavior \"" + std::string(name) + "\"");
}

SplitPattern::SplitPattern() = default;
SplitPattern::SplitPattern(SplitPattern&&) noexcept = default;
SplitPattern& SplitPattern::operator=(SplitPattern&&) noexcept = default;
SplitPattern::~SplitPattern() = default;

SplitPattern SplitPattern::literal(std::string text) {
    SplitPattern p;
    p.m_literal = std::move(text);
    return p;
}

SplitPattern SplitPattern::regex(const std::string& pattern, const std::string& path) {
    SplitPattern p;
    p.m_regex = std::make_unique<Regex>();
    UErrorCode status = U_ZERO_ERROR;
    UParseError parseError{};
    p.m_regex->pattern.reset(
        icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(translateRegex(pattern)), 0, parseError, status));
    if (U_FAILURE(status) || !p.m_regex->pattern) {
        throw TokenizerFormatError(path, "regex does not compile (" + std::string(u_errorName(status)) + " at offset " +
                                             std::to_string(parseError.offset) + "): " + pattern);
    }
    p.m_regex->serial = g_nextSerial.fetch_add(1);
    return p;
}

std::vector<Range> SplitPattern::findMatches(std::string_view text) const {
    std::vector<Range> matches;
    if (text.empty()) return matches;
    if (!m_regex) {
        if (m_literal.empty()) return matches;
        for (std::size_t pos = text.find(m_literal); pos != std::string_view::npos;
             pos = text.find(m_literal, pos + m_literal.size())) {
            matches.push_back({pos, pos + m_literal.size()});
        }
        return matches;
    }
    UErrorCode status = U_ZERO_ERROR;
    UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
    auto& matcher = matcherFor(*m_regex);
    matcher.reset(ut);
    while (U_SUCCESS(status) && matcher.find(status)) {
        const auto begin = static_cast<std::size_t>(matcher.start64(status));
        const auto end = static_cast<std::size_t>(matcher.end64(status));
        if (end > begin) matches.push_back({begin, end});
    }
    matcher.reset(icu::UnicodeString());
    utext_close(ut);
    return matches;
}

std::string SplitPattern::replaceAll(std::string_view text, std::string_view content) const {
    std::string out;
    std::size_t last = 0;
    for (const auto& m : findMatches(text)) {
        out.append(text.substr(last, m.begin - last));
        out.append(content);
        last = m.end;
    }
    out.append(text.substr(last));
    return out;
}

std::vector<Range> splitByMatches(std::size_t textSize, const std::vector<Range>& matchRanges, SplitBehavior behavior,
                                  bool invert) {
    // Cover the text with (range, isMatch) pieces.
    struct Piece {
        Range range;
        bool isMatch;
    };
    std::vector<Piece> pieces;
    std::size_t last = 0;
    for (const auto& m : matchRanges) {
        if (m.begin > last) pieces.push_back({{last, m.begin}, invert});
        pieces.push_back({m, !invert});
        last = m.end;
    }
    if (last < textSize) pieces.push_back({{last, textSize}, invert});

    std::vector<Range> out;
    switch (behavior) {
        case SplitBehavior::Removed:
            for (const auto& p : pieces)
                if (!p.isMatch) out.push_back(p.range);
            break;
        case SplitBehavior::Isolated:
            for (const auto& p : pieces) out.push_back(p.range);
            break;
        case SplitBehavior::MergedWithPrevious: {
            bool previousMatch = false;
            for (const auto& p : pieces) {
                if (p.isMatch && !previousMatch && !out.empty()) {
                    out.back().end = p.range.end;
                } else {
                    out.push_back(p.range);
                }
                previousMatch = p.isMatch;
            }
            break;
        }
        case SplitBehavior::MergedWithNext: {
            bool previousMatch = false;
            for (auto it = pieces.rbegin(); it != pieces.rend(); ++it) {
                if (it->isMatch && !previousMatch && !out.empty()) {
                    out.back().begin = it->range.begin;
                } else {
                    out.push_back(it->range);
                }
                previousMatch = it->isMatch;
            }
            std::reverse(out.begin(), out.end());
            break;
        }
        case SplitBehavior::Contiguous: {
            bool previousMatch = false;
            for (const auto& p : pieces) {
                if (p.isMatch == previousMatch && !out.empty()) {
                    out.back().end = p.range.end;
                } else {
                    out.push_back(p.range);
                }
                previousMatch = p.isMatch;
            }
            break;
        }
    }
    std::erase_if(out, [](const Range& r) { return r.begin == r.end; });
    return out;
}

}  // namespace cci::tok
