// Character-level helpers for the tokenizer components (see text_codec.h).
#include "tokenizer/text_codec.h"

#include <unicode/uchar.h>

namespace cci::tok {

namespace {

// Length of the valid prefix of the sequence at s[i] (1..4) and whether it is complete, following the
// Unicode "maximal subpart" rule (which is what Rust's from_utf8_lossy implements).
struct SequenceCheck {
    std::size_t length;
    bool complete;
};

SequenceCheck checkSequence(std::string_view s, std::size_t i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return {1, true};
    std::size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return {1, false};
    }
    std::size_t len = 1;
    for (std::size_t k = 0; k < need; ++k) {
        if (i + len >= s.size()) return {len, false};
        const auto b = static_cast<unsigned char>(s[i + len]);
        const unsigned char l = k == 0 ? lo : 0x80, h = k == 0 ? hi : 0xBF;
        if (b < l || b > h) return {len, false};
        ++len;
    }
    return {len, true};
}

}  // namespace

char32_t nextCodePoint(std::string_view s, std::size_t& i) {
    const auto check = checkSequence(s, i);
    if (!check.complete) {
        i += 1;
        return 0xFFFD;
    }
    const auto b0 = static_cast<unsigned char>(s[i]);
    char32_t c;
    switch (check.length) {
        case 1: c = b0; break;
        case 2: c = ((b0 & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu); break;
        case 3:
            c = ((b0 & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
                (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
            break;
        default:
            c = ((b0 & 0x07u) << 18) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 12) |
                ((static_cast<unsigned char>(s[i + 2]) & 0x3Fu) << 6) | (static_cast<unsigned char>(s[i + 3]) & 0x3Fu);
    }
    i += check.length;
    return c;
}

void appendCodePoint(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

std::string decodeUtf8Lossy(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    std::size_t i = 0;
    while (i < bytes.size()) {
        const auto check = checkSequence(bytes, i);
        if (check.complete) {
            out.append(bytes.substr(i, check.length));
        } else {
            out.append("\xEF\xBF\xBD");
        }
        i += check.length;
    }
    return out;
}

bool isValidUtf8(std::string_view bytes) {
    for (std::size_t i = 0; i < bytes.size();) {
        const auto check = checkSequence(bytes, i);
        if (!check.complete) return false;
        i += check.length;
    }
    return true;
}

const std::array<char32_t, 256>& byteToUnicode() {
    static const std::array<char32_t, 256> table = [] {
        std::array<char32_t, 256> t{};
        char32_t next = 256;
        for (int b = 0; b < 256; ++b) {
            const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            t[static_cast<std::size_t>(b)] = printable ? static_cast<char32_t>(b) : next++;
        }
        return t;
    }();
    return table;
}

int unicodeToByte(char32_t c) {
    static const std::array<int, 512> inverse = [] {
        std::array<int, 512> t{};
        t.fill(-1);
        const auto& forward = byteToUnicode();
        for (int b = 0; b < 256; ++b) t[forward[static_cast<std::size_t>(b)]] = b;
        return t;
    }();
    return c < 512 ? inverse[c] : -1;
}

bool isWhitespace(char32_t c) { return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_WHITE_SPACE); }

bool isAlphanumeric(char32_t c) {
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC) || isNumeric(c);
}

bool isRegexWordChar(char32_t c) {
    const auto cp = static_cast<UChar32>(c);
    if (u_hasBinaryProperty(cp, UCHAR_ALPHABETIC) || u_hasBinaryProperty(cp, UCHAR_JOIN_CONTROL)) return true;
    const auto mask = U_MASK(u_charType(cp));
    return (mask & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) != 0;
}

bool isNumeric(char32_t c) {
    const auto type = u_charType(static_cast<UChar32>(c));
    return type == U_DECIMAL_DIGIT_NUMBER || type == U_LETTER_NUMBER || type == U_OTHER_NUMBER;
}

}  // namespace cci::tok
