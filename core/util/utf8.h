// Small UTF-8 helpers that need no ICU: code point counting, validity checks, ASCII whitespace trimming.
#pragma once

#include <cstddef>
#include <string_view>

namespace cci::utf8 {

// Number of Unicode code points (counts lead bytes; assumes valid UTF-8, as JSON parsing guarantees).
std::size_t codePointCount(std::string_view s);

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF), as JSON text and
// the paths recorded in run.json must be.
bool isValid(std::string_view s);

// `s` without the ASCII spaces, tabs and line breaks at either end (hand-written values: refs files, name=value).
std::string_view trimmedAscii(std::string_view s);

}  // namespace cci::utf8
