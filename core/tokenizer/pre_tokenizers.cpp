// Pre-tokenizers of tokenizer.json (see pre_tokenizers.h), following the reference's rules for where prefixes are
// added and how pieces are cut.
#include "tokenizer/pre_tokenizers.h"

#include "tokenizer/json_fields.h"
#include "tokenizer/split_pattern.h"
#include "tokenizer/text_codec.h"

namespace cci::tok {

namespace {

// Applies `cut` (text -> ranges) to every piece; the first sub-piece keeps the piece's atInputStart.
template <typename Cut>
void splitEach(std::vector<PreToken>& pieces, Cut&& cut) {
    std::vector<PreToken> out;
    out.reserve(pieces.size() * 2);
    for (auto& piece : pieces) {
        for (const auto& r : cut(piece.text)) {
            out.push_back({piece.text.substr(r.begin, r.end - r.begin), piece.atInputStart && r.begin == 0});
        }
    }
    pieces = std::move(out);
}

class SequencePreTokenizer final : public PreTokenizer {
public:
    explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> parts) : m_parts(std::move(parts)) {}
    void split(std::vector<PreToken>& pieces) const override {
        for (const auto& part : m_parts) part->split(pieces);
    }

private:
    std::vector<std::unique_ptr<PreTokenizer>> m_parts;
};

enum class PrependScheme { Always, First, Never };

class MetaspacePreTokenizer final : public PreTokenizer {
public:
    MetaspacePreTokenizer(char32_t replacement, PrependScheme scheme, bool split) : m_scheme(scheme), m_split(split) {
        appendCodePoint(m_replacement, replacement);
    }
    void split(std::vector<PreToken>& pieces) const override {
        for (auto& piece : pieces) {
            std::string replaced;
            replaced.reserve(piece.text.size() + 8);
            for (char c : piece.text) {
                if (c == ' ') {
                    replaced += m_replacement;
                } else {
                    replaced += c;
                }
            }
            const bool startsWith = replaced.starts_with(m_replacement);
            if (!startsWith &&
                (m_scheme == PrependScheme::Always || (m_scheme == PrependScheme::First && piece.atInputStart))) {
                replaced.insert(0, m_replacement);
            }
            piece.text = std::move(replaced);
        }
        if (!m_split) return;
        const auto pattern = SplitPattern::literal(m_replacement);
        splitEach(pieces, [&](const std::string& text) {
            return splitByMatches(text.size(), pattern.findMatches(text), SplitBehavior::MergedWithNext);
        });
    }

private:
    std::string m_replacement;
    PrependScheme m_scheme;
    bool m_split;
};

const char* const kGpt2Pattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

class ByteLevelPreTokenizer final : public PreTokenizer {
public:
    ByteLevelPreTokenizer(bool addPrefixSpace, bool useRegex) : m_addPrefixSpace(addPrefixSpace) {
        if (useRegex) m_regex = std::make_unique<SplitPattern>(SplitPattern::regex(kGpt2Pattern, "ByteLevel"));
    }
    void split(std::vector<PreToken>& pieces) const override {
        if (m_addPrefixSpace) {
            for (auto& piece : pieces)
                if (!piece.text.starts_with(' ')) piece.text.insert(0, 1, ' ');
        }
        if (m_regex) {
            splitEach(pieces, [&](const std::string& text) {
                return splitByMatches(text.size(), m_regex->findMatches(text), SplitBehavior::Isolated);
            });
        }
        for (auto& piece : pieces) piece.text = toByteLevel(piece.text);
    }

private:
    bool m_addPrefixSpace;
    std::unique_ptr<SplitPattern> m_regex;
};

class SplitPreTokenizer final : public PreTokenizer {
public:
    SplitPreTokenizer(SplitPattern pattern, SplitBehavior behavior, bool invert)
        : m_pattern(std::move(pattern)), m_behavior(behavior), m_invert(invert) {}
    void split(std::vector<PreToken>& pieces) const override {
        splitEach(pieces, [&](const std::string& text) {
            return splitByMatches(text.size(), m_pattern.findMatches(text), m_behavior, m_invert);
        });
    }

private:
    SplitPattern m_pattern;
    SplitBehavior m_behavior;
    bool m_invert;
};

// Splits on characters for which `isMatch` holds, one match per character.
template <typename Predicate>
std::vector<Range> characterMatches(const std::string& text, Predicate&& isMatch) {
    std::vector<Range> matches;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t begin = i;
        const char32_t c = nextCodePoint(text, i);
        if (isMatch(c)) matches.push_back({begin, i});
    }
    return matches;
}

class DigitsPreTokenizer final : public PreTokenizer {
public:
    explicit DigitsPreTokenizer(bool individual) : m_individual(individual) {}
    void split(std::vector<PreToken>& pieces) const override {
        splitEach(pieces, [&](const std::string& text) {
            return splitByMatches(text.size(), characterMatches(text, isNumeric),
                                  m_individual ? SplitBehavior::Isolated : SplitBehavior::Contiguous);
        });
    }

private:
    bool m_individual;
};

class WhitespaceSplitPreTokenizer final : public PreTokenizer {
public:
    void split(std::vector<PreToken>& pieces) const override {
        splitEach(pieces, [&](const std::string& text) {
            return splitByMatches(text.size(), characterMatches(text, isWhitespace), SplitBehavior::Removed);
        });
    }
};

class WhitespacePreTokenizer final : public PreTokenizer {
public:
    WhitespacePreTokenizer() : m_pattern(SplitPattern::regex(R"(\w+|[^\w\s]+)", "Whitespace")) {}
    void split(std::vector<PreToken>& pieces) const override {
        splitEach(pieces, [&](const std::string& text) {
            return splitByMatches(text.size(), m_pattern.findMatches(text), SplitBehavior::Removed, true);
        });
    }

private:
    SplitPattern m_pattern;
};

PrependScheme parsePrependScheme(const nlohmann::json& spec, const std::string& path) {
    const auto it = spec.find("prepend_scheme");
    if (it == spec.end() || it->is_null()) {
        // Older files: add_prefix_space true means "always".
        return optionalBool(spec, "add_prefix_space", true, path) ? PrependScheme::Always : PrependScheme::Never;
    }
    const auto name = it->is_string() ? it->get<std::string>() : std::string();
    if (name == "always") return PrependScheme::Always;
    if (name == "first") return PrependScheme::First;
    if (name == "never") return PrependScheme::Never;
    throw TokenizerFormatError(path + ".prepend_scheme", "expected \"always\", \"first\" or \"never\"");
}

}  // namespace

std::string toByteLevel(std::string_view bytes) {
    const auto& map = byteToUnicode();
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) appendCodePoint(out, map[b]);
    return out;
}

std::unique_ptr<PreTokenizer> parsePreTokenizer(const nlohmann::json& spec, const std::string& path) {
    const auto type = typeOf(spec, path);
    if (type == "Sequence") {
        const auto& list = requireField(spec, "pretokenizers", path);
        if (!list.is_array()) throw TokenizerFormatError(path + ".pretokenizers", "expected an array");
        std::vector<std::unique_ptr<PreTokenizer>> parts;
        for (std::size_t i = 0; i < list.size(); ++i)
            parts.push_back(parsePreTokenizer(list[i], path + ".pretokenizers[" + std::to_string(i) + "]"));
        return std::make_unique<SequencePreTokenizer>(std::move(parts));
    }
    if (type == "Metaspace") {
        return std::make_unique<MetaspacePreTokenizer>(charField(spec, "replacement", path, U'\u2581'),
                                                       parsePrependScheme(spec, path),
                                                       optionalBool(spec, "split", true, path));
    }
    if (type == "ByteLevel") {
        return std::make_unique<ByteLevelPreTokenizer>(optionalBool(spec, "add_prefix_space", true, path),
                                                       optionalBool(spec, "use_regex", true, path));
    }
    if (type == "Split") {
        return std::make_unique<SplitPreTokenizer>(parsePatternField(spec, path),
                                                   parseSplitBehavior(stringField(spec, "behavior", path), path),
                                                   optionalBool(spec, "invert", false, path));
    }
    if (type == "Digits")
        return std::make_unique<DigitsPreTokenizer>(optionalBool(spec, "individual_digits", false, path));
    if (type == "WhitespaceSplit") return std::make_unique<WhitespaceSplitPreTokenizer>();
    if (type == "Whitespace") return std::make_unique<WhitespacePreTokenizer>();
    throw TokenizerFormatError(path, "unsupported pre-tokenizer type \"" + type + "\"");
}

}  // namespace cci::tok
