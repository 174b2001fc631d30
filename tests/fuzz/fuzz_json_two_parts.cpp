// Fuzz target: the two-thread corpus parse must agree with the one-pass parse (same elements, same first error).
#include "util/json_stream.h"

#include <cstdlib>
#include <mutex>

namespace {
struct Outcome {
    std::vector<std::string> elements;  // source text of each element, in order
    long error = -1;                    // offset of the syntax error, -1 when none
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    Outcome one, two;
    try {
        cci::forEachArrayElement(text, [&](const cci::JsonNode& n) { one.elements.emplace_back(n.source()); });
    } catch (const cci::JsonSyntaxError& e) {
        one.error = long(e.offset);
    }
    std::vector<std::string> parts[2];
    std::mutex lock;
    try {
        const bool both = cci::forEachArrayElementInTwoParts(
            text,
            [&](int part, const cci::JsonNode& n) {
                std::lock_guard<std::mutex> guard(lock);
                parts[part].emplace_back(n.source());
            },
            /*minBytes=*/0);
        two.elements = parts[0];
        if (both) two.elements.insert(two.elements.end(), parts[1].begin(), parts[1].end());
    } catch (const cci::JsonSyntaxError& e) {
        two.error = long(e.offset);
    }
    if (one.error != two.error) std::abort();
    if (one.error < 0 && one.elements != two.elements) std::abort();
    return 0;
}
