// Decoders of tokenizer.json (see decoders.h).
#include "tokenizer/decoders.h"

#include "tokenizer/json_fields.h"
#include "tokenizer/text_codec.h"

namespace cci::tok {

namespace {

class SequenceDecoder final : public Decoder {
public:
    explicit SequenceDecoder(std::vector<std::unique_ptr<Decoder>> parts) : m_parts(std::move(parts)) {}
    void decode(std::vector<std::string>& tokens) const override {
        for (const auto& part : m_parts) part->decode(tokens);
    }

private:
    std::vector<std::unique_ptr<Decoder>> m_parts;
};

class ReplaceDecoder final : public Decoder {
public:
    ReplaceDecoder(SplitPattern pattern, std::string content)
        : m_pattern(std::move(pattern)), m_content(std::move(content)) {}
    void decode(std::vector<std::string>& tokens) const override {
        for (auto& t : tokens) t = m_pattern.replaceAll(t, m_content);
    }

private:
    SplitPattern m_pattern;
    std::string m_content;
};

// "<0xNN>" -> the byte, or -1.
int byteTokenValue(const std::string& token) {
    if (token.size() != 6 || !token.starts_with("<0x") || token[5] != '>') return -1;
    int value = 0;
    for (int k = 3; k < 5; ++k) {
        const char c = token[static_cast<std::size_t>(k)];
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (digit < 0) return -1;
        value = value * 16 + digit;
    }
    return value;
}

class ByteFallbackDecoder final : public Decoder {
public:
    void decode(std::vector<std::string>& tokens) const override {
        std::vector<std::string> out;
        std::string pending;
        std::size_t pendingCount = 0;
        auto flush = [&] {
            if (pendingCount == 0) return;
            if (isValidUtf8(pending)) {
                out.push_back(pending);
            } else {
                for (std::size_t k = 0; k < pendingCount; ++k) out.emplace_back("\xEF\xBF\xBD");
            }
            pending.clear();
            pendingCount = 0;
        };
        for (auto& t : tokens) {
            const int b = byteTokenValue(t);
            if (b >= 0) {
                pending.push_back(static_cast<char>(b));
                ++pendingCount;
            } else {
                flush();
                out.push_back(std::move(t));
            }
        }
        flush();
        tokens = std::move(out);
    }
};

class FuseDecoder final : public Decoder {
public:
    void decode(std::vector<std::string>& tokens) const override {
        std::string joined;
        for (const auto& t : tokens) joined += t;
        tokens.assign(1, std::move(joined));
    }
};

class StripDecoder final : public Decoder {
public:
    StripDecoder(char32_t content, std::size_t start, std::size_t stop)
        : m_content(content), m_start(start), m_stop(stop) {}
    void decode(std::vector<std::string>& tokens) const override {
        for (auto& t : tokens) {
            std::vector<char32_t> chars;
            for (std::size_t i = 0; i < t.size();) chars.push_back(nextCodePoint(t, i));
            std::size_t startCut = 0;
            for (std::size_t i = 0; i < m_start && i < chars.size(); ++i) {
                if (chars[i] != m_content) break;
                startCut = i + 1;
            }
            std::size_t stopCut = chars.size();
            for (std::size_t i = 0; i < m_stop && i < chars.size(); ++i) {
                const std::size_t index = chars.size() - i - 1;
                if (chars[index] != m_content) break;
                stopCut = index;
            }
            std::string out;
            for (std::size_t i = startCut; i < stopCut; ++i) appendCodePoint(out, chars[i]);
            t = std::move(out);
        }
    }

private:
    char32_t m_content;
    std::size_t m_start, m_stop;
};

class ByteLevelDecoder final : public Decoder {
public:
    void decode(std::vector<std::string>& tokens) const override {
        std::string bytes;
        for (const auto& t : tokens) {
            std::string mapped;
            bool allMapped = true;
            for (std::size_t i = 0; i < t.size();) {
                const int b = unicodeToByte(nextCodePoint(t, i));
                if (b < 0) {
                    allMapped = false;
                    break;
                }
                mapped.push_back(static_cast<char>(b));
            }
            bytes += allMapped ? mapped : t;
        }
        tokens.assign(1, decodeUtf8Lossy(bytes));
    }
};

class MetaspaceDecoder final : public Decoder {
public:
    MetaspaceDecoder(char32_t replacement, bool prepends) : m_replacement(replacement), m_prepends(prepends) {}
    void decode(std::vector<std::string>& tokens) const override {
        for (std::size_t k = 0; k < tokens.size(); ++k) {
            std::string out;
            const auto& t = tokens[k];
            for (std::size_t i = 0; i < t.size();) {
                const char32_t c = nextCodePoint(t, i);
                if (c != m_replacement) {
                    appendCodePoint(out, c);
                } else if (!(k == 0 && m_prepends)) {
                    out.push_back(' ');
                }
            }
            tokens[k] = std::move(out);
        }
    }

private:
    char32_t m_replacement;
    bool m_prepends;
};

}  // namespace

std::unique_ptr<Decoder> parseDecoder(const nlohmann::json& spec, const std::string& path) {
    const auto type = typeOf(spec, path);
    if (type == "Sequence") {
        const auto& list = requireField(spec, "decoders", path);
        if (!list.is_array()) throw TokenizerFormatError(path + ".decoders", "expected an array");
        std::vector<std::unique_ptr<Decoder>> parts;
        for (std::size_t i = 0; i < list.size(); ++i)
            parts.push_back(parseDecoder(list[i], path + ".decoders[" + std::to_string(i) + "]"));
        return std::make_unique<SequenceDecoder>(std::move(parts));
    }
    if (type == "Replace")
        return std::make_unique<ReplaceDecoder>(parsePatternField(spec, path), stringField(spec, "content", path));
    if (type == "ByteFallback") return std::make_unique<ByteFallbackDecoder>();
    if (type == "Fuse") return std::make_unique<FuseDecoder>();
    if (type == "Strip")
        return std::make_unique<StripDecoder>(charField(spec, "content", path, U' '),
                                              optionalCount(spec, "start", 0, path),
                                              optionalCount(spec, "stop", 0, path));
    if (type == "ByteLevel") return std::make_unique<ByteLevelDecoder>();
    if (type == "Metaspace") {
        const auto scheme = optionalString(spec, "prepend_scheme");
        const bool prepends = scheme.empty() ? optionalBool(spec, "add_prefix_space", true, path) : scheme != "never";
        return std::make_unique<MetaspaceDecoder>(charField(spec, "replacement", path, U'\u2581'), prepends);
    }
    throw TokenizerFormatError(path, "unsupported decoder type \"" + type + "\"");
}

}  // namespace cci::tok
