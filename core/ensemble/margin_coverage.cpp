// Accuracy against coverage by vote margin (see margin_coverage.h).
#include "ensemble/margin_coverage.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace cci::ensemble {

std::vector<CoveragePoint> marginCoverage(const VoteResult& vote, const std::vector<std::int8_t>& gold) {
    const std::size_t n = vote.answer.size();
    const int largest = n ? *std::max_element(vote.margin.begin(), vote.margin.end()) : 0;
    std::vector<CoveragePoint> out;
    for (int t = 0; t <= largest; ++t) {
        CoveragePoint p;
        p.minimumMargin = t;
        std::size_t labelled = 0, right = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (vote.margin[i] < t) continue;
            ++p.items;
            if (i < gold.size() && gold[i] >= 0) {
                ++labelled;
                right += vote.answer[i] == gold[i];
            }
        }
        p.coverage = n ? double(p.items) / double(n) : 0;
        p.accuracy = labelled ? double(right) / double(labelled) : std::numeric_limits<double>::quiet_NaN();
        out.push_back(p);
    }
    return out;
}

std::vector<std::size_t> lowMarginItems(const VoteResult& vote, int maximumMargin) {
    std::vector<std::size_t> items;
    for (std::size_t i = 0; i < vote.margin.size(); ++i)
        if (vote.margin[i] <= maximumMargin) items.push_back(i);
    std::stable_sort(items.begin(), items.end(),
                     [&](std::size_t a, std::size_t b) { return vote.margin[a] < vote.margin[b]; });
    return items;
}

}  // namespace cci::ensemble
