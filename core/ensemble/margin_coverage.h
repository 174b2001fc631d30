// Accuracy against coverage by vote margin: answering only the items whose ensemble margin (winner's votes minus the
// runner-up's) reaches a threshold trades coverage for accuracy. The curve says how sure the ensemble is where it is
// right, and the items below a threshold are the ones worth a human look (the Ensemble tab sends them to Annotate).
#pragma once

#include "ensemble/voting.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cci::ensemble {

struct CoveragePoint {
    int minimumMargin = 0;  // items with margin >= this are answered
    std::size_t items = 0;  // how many
    double coverage = 0;    // their share of all items
    double accuracy = 0;    // among them, against gold (NaN when none or unlabelled)
};

// One point per threshold 0..the largest margin (the first covers every item).
std::vector<CoveragePoint> marginCoverage(const VoteResult& vote, const std::vector<std::int8_t>& gold);

// The items whose margin is at most `maximumMargin`, smallest margin first (ties in item order).
std::vector<std::size_t> lowMarginItems(const VoteResult& vote, int maximumMargin);

}  // namespace cci::ensemble
