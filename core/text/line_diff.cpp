// LCS line diff; prompts are a few dozen lines, so the quadratic table is small.
#include "text/line_diff.h"

namespace cci::text {
namespace {

std::vector<std::string> splitLines(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t nl = s.find('\n', start);
        out.emplace_back(s.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

}  // namespace

std::vector<DiffLine> diffLines(std::string_view a, std::string_view b) {
    const std::vector<std::string> x = splitLines(a), y = splitLines(b);
    const std::size_t n = x.size(), m = y.size();
    std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
        for (std::size_t j = m; j-- > 0;)
            lcs[i][j] = x[i] == y[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::vector<DiffLine> out;
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && x[i] == y[j]) {
            out.push_back({DiffLine::Kind::Same, x[i]});
            ++i;
            ++j;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            out.push_back({DiffLine::Kind::Removed, x[i++]});  // a changed line reads - old, then + new
        } else {
            out.push_back({DiffLine::Kind::Added, y[j++]});
        }
    }
    return out;
}

}  // namespace cci::text
