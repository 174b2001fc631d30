// UTF-8 helpers.
#include "util/utf8.h"

namespace cci::utf8 {

std::size_t codePointCount(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
}

bool isValid(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t length;
        unsigned lowest, highest = 0xBF;  // allowed range of the second byte
        if (b < 0x80) {
            ++i;
            continue;
        } else if (b >= 0xC2 && b <= 0xDF) {
            length = 2, lowest = 0x80;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3, lowest = b == 0xE0 ? 0xA0 : 0x80, highest = b == 0xED ? 0x9F : 0xBF;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4, lowest = b == 0xF0 ? 0x90 : 0x80, highest = b == 0xF4 ? 0x8F : 0xBF;
        } else {
            return false;
        }
        if (i + length > s.size()) return false;
        const auto second = static_cast<unsigned char>(s[i + 1]);
        if (second < lowest || second > highest) return false;
        for (std::size_t k = 2; k < length; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += length;
    }
    return true;
}

std::string_view trimmedAscii(std::string_view s) {
    const auto begin = s.find_first_not_of(" \t\n\r");
    if (begin == std::string_view::npos) return {};
    return s.substr(begin, s.find_last_not_of(" \t\n\r") - begin + 1);
}

}  // namespace cci::utf8
