// Character-level helpers the tokenizer components share: UTF-8 stepping, Rust-compatible lossy UTF-8 decoding,
// the GPT-2 byte<->unicode map, and the character classes the reference uses (Rust's char methods).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace cci::tok {

// Decodes the code point at s[i] and advances i; an ill-formed byte yields U+FFFD and advances one byte.
char32_t nextCodePoint(std::string_view s, std::size_t& i);
void appendCodePoint(std::string& out, char32_t c);
// Byte length of the UTF-8 sequence starting with lead byte b (1 for continuation/invalid bytes).
inline std::size_t utf8SequenceLength(unsigned char b) {
    return b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
}

// Like Rust's String::from_utf8_lossy: every maximal ill-formed subpart becomes one U+FFFD.
std::string decodeUtf8Lossy(std::string_view bytes);
bool isValidUtf8(std::string_view bytes);

// The byte-level alphabet: every byte maps to a printable code point (printable Latin-1 bytes to themselves,
// the rest to U+0100 upwards, in byte order).
const std::array<char32_t, 256>& byteToUnicode();
// Inverse map; -1 for code points outside the alphabet.
int unicodeToByte(char32_t c);

// Rust's char::is_whitespace (Unicode White_Space) and char::is_alphanumeric (Alphabetic or Numeric).
bool isWhitespace(char32_t c);
bool isAlphanumeric(char32_t c);
// A word character as the reference's regex \w defines it: Alphabetic, marks, decimal digits, connector
// punctuation, join controls.
bool isRegexWordChar(char32_t c);
// Rust's char::is_numeric: general categories Nd, Nl, No.
bool isNumeric(char32_t c);

}  // namespace cci::tok
