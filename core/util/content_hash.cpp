// FNV-1a content hash (see content_hash.h).
#include "util/content_hash.h"

#include <cstdint>
#include <cstdio>

namespace cci {

std::string fnv1a64Hex(std::string_view bytes) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
    return hex;
}

}  // namespace cci
