// UTF-8 helpers.
#include "util/utf8.h"

namespace cci::utf8 {

std::size_t codePointCount(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

}  // namespace cci::utf8
