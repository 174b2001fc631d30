// Normalizers of tokenizer.json (see normalizers.h). Unicode forms and lowercasing go through ICU.
#include "tokenizer/normalizers.h"

#include "tokenizer/json_fields.h"
#include "tokenizer/split_pattern.h"
#include "tokenizer/text_codec.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <vector>

namespace cci::tok {

namespace {

class SequenceNormalizer final : public Normalizer {
public:
    explicit SequenceNormalizer(std::vector<std::unique_ptr<Normalizer>> parts) : m_parts(std::move(parts)) {}
    void normalize(std::string& text) const override {
        for (const auto& part : m_parts) part->normalize(text);
    }

private:
    std::vector<std::unique_ptr<Normalizer>> m_parts;
};

class PrependNormalizer final : public Normalizer {
public:
    explicit PrependNormalizer(std::string prefix) : m_prefix(std::move(prefix)) {}
    void normalize(std::string& text) const override {
        if (!text.empty()) text.insert(0, m_prefix);
    }

private:
    std::string m_prefix;
};

class ReplaceNormalizer final : public Normalizer {
public:
    ReplaceNormalizer(SplitPattern pattern, std::string content)
        : m_pattern(std::move(pattern)), m_content(std::move(content)) {}
    void normalize(std::string& text) const override { text = m_pattern.replaceAll(text, m_content); }

private:
    SplitPattern m_pattern;
    std::string m_content;
};

enum class Form { NFC, NFD, NFKC, NFKD };

class UnicodeNormalizer final : public Normalizer {
public:
    explicit UnicodeNormalizer(Form form) {
        UErrorCode status = U_ZERO_ERROR;
        switch (form) {
            case Form::NFC: m_impl = icu::Normalizer2::getNFCInstance(status); break;
            case Form::NFD: m_impl = icu::Normalizer2::getNFDInstance(status); break;
            case Form::NFKC: m_impl = icu::Normalizer2::getNFKCInstance(status); break;
            case Form::NFKD: m_impl = icu::Normalizer2::getNFKDInstance(status); break;
        }
        if (U_FAILURE(status)) throw std::runtime_error("ICU normalizer unavailable");
    }
    void normalize(std::string& text) const override {
        UErrorCode status = U_ZERO_ERROR;
        const auto source = icu::UnicodeString::fromUTF8(text);
        if (m_impl->isNormalized(source, status) && U_SUCCESS(status)) return;
        status = U_ZERO_ERROR;
        const auto result = m_impl->normalize(source, status);
        text.clear();
        result.toUTF8String(text);
    }

private:
    const icu::Normalizer2* m_impl = nullptr;
};

class StripNormalizer final : public Normalizer {
public:
    StripNormalizer(bool left, bool right) : m_left(left), m_right(right) {}
    void normalize(std::string& text) const override {
        std::size_t begin = 0, end = text.size();
        if (m_left) {
            while (begin < end) {
                std::size_t next = begin;
                if (!isWhitespace(nextCodePoint(text, next))) break;
                begin = next;
            }
        }
        if (m_right) {
            while (end > begin) {
                std::size_t start = end - 1;
                while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
                std::size_t probe = start;
                if (!isWhitespace(nextCodePoint(text, probe))) break;
                end = start;
            }
        }
        text = text.substr(begin, end - begin);
    }

private:
    bool m_left, m_right;
};

class LowercaseNormalizer final : public Normalizer {
public:
    void normalize(std::string& text) const override {
        auto s = icu::UnicodeString::fromUTF8(text);
        s.toLower(icu::Locale::getRoot());
        text.clear();
        s.toUTF8String(text);
    }
};

}  // namespace

char32_t charField(const nlohmann::json& spec, const char* key, const std::string& path, char32_t fallback) {
    const auto it = spec.find(key);
    if (it == spec.end() || it->is_null()) return fallback;
    if (!it->is_string()) throw TokenizerFormatError(path + "." + key, "expected a one-character string");
    const auto s = it->get<std::string>();
    std::size_t i = 0;
    const char32_t c = s.empty() ? 0 : nextCodePoint(s, i);
    if (s.empty() || i != s.size())
        throw TokenizerFormatError(path + "." + key, "expected exactly one character, got \"" + s + "\"");
    return c;
}

SplitPattern parsePatternField(const nlohmann::json& spec, const std::string& path) {
    const auto& pattern = requireField(spec, "pattern", path);
    if (pattern.is_object() && pattern.contains("String") && pattern["String"].is_string())
        return SplitPattern::literal(pattern["String"].get<std::string>());
    if (pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string())
        return SplitPattern::regex(pattern["Regex"].get<std::string>(), path + ".pattern");
    throw TokenizerFormatError(path + ".pattern", "expected {\"String\": …} or {\"Regex\": …}");
}

std::unique_ptr<Normalizer> parseNormalizer(const nlohmann::json& spec, const std::string& path) {
    const auto type = typeOf(spec, path);
    if (type == "Sequence") {
        const auto& list = requireField(spec, "normalizers", path);
        if (!list.is_array()) throw TokenizerFormatError(path + ".normalizers", "expected an array");
        std::vector<std::unique_ptr<Normalizer>> parts;
        for (std::size_t i = 0; i < list.size(); ++i)
            parts.push_back(parseNormalizer(list[i], path + ".normalizers[" + std::to_string(i) + "]"));
        return std::make_unique<SequenceNormalizer>(std::move(parts));
    }
    if (type == "Prepend") return std::make_unique<PrependNormalizer>(stringField(spec, "prepend", path));
    if (type == "Replace")
        return std::make_unique<ReplaceNormalizer>(parsePatternField(spec, path), stringField(spec, "content", path));
    if (type == "NFC") return std::make_unique<UnicodeNormalizer>(Form::NFC);
    if (type == "NFD") return std::make_unique<UnicodeNormalizer>(Form::NFD);
    if (type == "NFKC") return std::make_unique<UnicodeNormalizer>(Form::NFKC);
    if (type == "NFKD") return std::make_unique<UnicodeNormalizer>(Form::NFKD);
    if (type == "Strip")
        return std::make_unique<StripNormalizer>(optionalBool(spec, "strip_left", true, path),
                                                 optionalBool(spec, "strip_right", true, path));
    if (type == "Lowercase") return std::make_unique<LowercaseNormalizer>();
    throw TokenizerFormatError(path, "unsupported normalizer type \"" + type + "\"");
}

}  // namespace cci::tok
