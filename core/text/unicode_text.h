// Code-point text for rule-based processing: UTF-8 <-> UTF-32 through ICU, and the character classes the
// refinement rules are defined with (Python-compatible whitespace, Unicode word characters, Hangul ranges).
#pragma once

#include <string>
#include <string_view>

namespace cci::text {

// Decodes UTF-8 (ICU U8_NEXT); an ill-formed sequence becomes U+FFFD, as Python's "replace" handler does.
std::u32string toUtf32(std::string_view utf8);
std::string toUtf8(std::u32string_view text);
// Same, appending to an existing buffer (hot loops reuse their buffers).
void appendUtf32(std::u32string& out, std::string_view utf8);
void appendUtf8(std::string& out, std::u32string_view text);

// Whitespace as Python's str.isspace() and re's \s define it: Unicode White_Space plus U+001C..U+001F.
bool isSpace(char32_t c);
// Word characters as the refinement spec defines them: letters of any script (L*), digits and other numbers
// (N*), combining marks (M*) and '_'.
bool isWordChar(char32_t c);
inline bool isHangulSyllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }
// Hangul compatibility jamo consonants ㄱ–ㅎ (U+3131–U+314E) and vowels ㅏ–ㅣ (U+314F–U+3163).
inline bool isCompatibilityJamo(char32_t c) { return c >= 0x3131 && c <= 0x3163; }

}  // namespace cci::text
