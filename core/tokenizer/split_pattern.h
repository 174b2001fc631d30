// Split patterns of tokenizer.json (a literal string or a regex) and the split behaviours the reference applies
// to the pieces they find (removed, isolated, merged with previous/next, contiguous, inverted).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cci::tok {

struct Range {
    std::size_t begin = 0, end = 0;
};

enum class SplitBehavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };

// Parses "Removed", "Isolated", … ; throws TokenizerFormatError naming `path` otherwise.
SplitBehavior parseSplitBehavior(std::string_view name, const std::string& path);

class SplitPattern {
public:
    // A literal string.
    static SplitPattern literal(std::string text);
    // A regex with the reference's semantics (Oniguruma): \s and \S mean Unicode White_Space, as there.
    // Throws TokenizerFormatError naming `path` when the regex does not compile.
    static SplitPattern regex(const std::string& pattern, const std::string& path);

    // Non-empty matches, left to right, non-overlapping.
    std::vector<Range> findMatches(std::string_view text) const;
    // Replaces every match by `content`.
    std::string replaceAll(std::string_view text, std::string_view content) const;

    SplitPattern(SplitPattern&&) noexcept;
    SplitPattern& operator=(SplitPattern&&) noexcept;
    ~SplitPattern();

    struct Regex;  // compiled ICU pattern (defined in the .cpp)

private:
    SplitPattern();
    std::string m_literal;
    std::unique_ptr<Regex> m_regex;
};

// Pieces of `text` (sub-ranges) after applying `behavior` to the matches; `invert` swaps matches and gaps.
// Empty pieces are dropped, as in the reference.
std::vector<Range> splitByMatches(std::size_t textSize, const std::vector<Range>& matches, SplitBehavior behavior,
                                  bool invert = false);

}  // namespace cci::tok
