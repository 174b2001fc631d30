// Bootstrap intervals (see bootstrap.h).
#include "ensemble/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace cci::ensemble {

Interval bootstrapAccuracy(const std::vector<std::int8_t>& answers, const std::vector<std::int8_t>& gold, int resamples,
                           double level, std::uint64_t seed) {
    std::vector<std::uint8_t> right;
    for (std::size_t i = 0; i < gold.size() && i < answers.size(); ++i)
        if (gold[i] >= 0 && gold[i] <= 2) right.push_back(answers[i] == gold[i]);
    if (right.empty() || resamples < 1) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        return {nan, nan};
    }
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<std::size_t> pick(0, right.size() - 1);
    std::vector<double> accuracies(static_cast<std::size_t>(resamples));
    for (auto& a : accuracies) {
        std::size_t hits = 0;
        for (std::size_t k = 0; k < right.size(); ++k) hits += right[pick(random)];
        a = double(hits) / double(right.size());
    }
    std::sort(accuracies.begin(), accuracies.end());
    const double tail = (1 - level) / 2;
    auto at = [&](double q) {
        const auto index =
            std::size_t(std::clamp(std::floor(q * double(resamples - 1) + 0.5), 0.0, double(resamples - 1)));
        return accuracies[index];
    };
    return {at(tail), at(1 - tail)};
}

}  // namespace cci::ensemble
