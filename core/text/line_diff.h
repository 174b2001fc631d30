// Line diff (longest common subsequence) between two texts, for comparing the prompts of two styles.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cci::text {

struct DiffLine {
    enum class Kind { Same, Removed, Added } kind;
    std::string text;
};

// Lines of `a` and `b` (split at '\n') in order: kept, only in a (Removed), only in b (Added).
std::vector<DiffLine> diffLines(std::string_view a, std::string_view b);

}  // namespace cci::text
