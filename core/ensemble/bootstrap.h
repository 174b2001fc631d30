// Bootstrap confidence intervals of accuracies: how far the accuracy on a few hundred dev items can be from the
// accuracy the model would have on more items like them. Percentile bootstrap over the labelled items, with a fixed
// seed so a report is reproducible.
#pragma once

#include <cstdint>
#include <vector>

namespace cci::ensemble {

struct Interval {
    double low = 0, high = 0;  // NaN without labelled items
};

// The `level` (e.g. 0.95) percentile interval of the accuracy of `answers` against `gold` over `resamples`
// resamples of the labelled items (gold 0..2).
Interval bootstrapAccuracy(const std::vector<std::int8_t>& answers, const std::vector<std::int8_t>& gold,
                           int resamples = 2000, double level = 0.95, std::uint64_t seed = 42);

}  // namespace cci::ensemble
