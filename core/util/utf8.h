// Small UTF-8 helpers that need no ICU: code point counting and validity checks.
#pragma once

#include <cstddef>
#include <string_view>

namespace cci::utf8 {

// Number of Unicode code points (counts lead bytes; assumes valid UTF-8, as JSON parsing guarantees).
std::size_t codePointCount(std::string_view s);

}  // namespace cci::utf8
