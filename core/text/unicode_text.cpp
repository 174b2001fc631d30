// ICU-backed UTF conversion and character classes.
#include "text/unicode_text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace cci::text {

std::u32string toUtf32(std::string_view utf8) {
    std::u32string out;
    appendUtf32(out, utf8);
    return out;
}

std::string toUtf8(std::u32string_view text) {
    std::string out;
    appendUtf8(out, text);
    return out;
}

void appendUtf32(std::u32string& out, std::string_view utf8) {
    out.reserve(out.size() + utf8.size());
    const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto length = int32_t(utf8.size());
    int32_t i = 0;
    while (i < length) {
        UChar32 c;
        U8_NEXT(s, i, length, c);
        out.push_back(c < 0 ? char32_t(0xFFFD) : char32_t(c));
    }
}

void appendUtf8(std::string& out, std::u32string_view text) {
    out.reserve(out.size() + text.size() * 3);
    for (const char32_t c : text) {
        uint8_t buf[4];
        int32_t n = 0;
        UBool error = false;
        U8_APPEND(buf, n, 4, UChar32(c), error);
        if (error) {
            n = 0;
            U8_APPEND_UNSAFE(buf, n, 0xFFFD);
        }
        out.append(reinterpret_cast<const char*>(buf), std::size_t(n));
    }
}

bool isSpace(char32_t c) {
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
    return u_isUWhiteSpace(UChar32(c));
}

bool isWordChar(char32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    const uint32_t mask = U_GET_GC_MASK(UChar32(c));
    return (mask & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

}  // namespace cci::text
