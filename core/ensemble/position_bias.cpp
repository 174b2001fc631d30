// Answer-position bias (see position_bias.h).
#include "ensemble/position_bias.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace cci::ensemble {

int PositionBias::mostOverPicked() const {
    int best = 0;
    for (int p = 1; p < 3; ++p)
        if (excess(p) > excess(best)) best = p;
    return best;
}

bool PositionBias::large(double alpha, double minimumExcess) const {
    if (!items || pValue >= alpha) return false;
    for (int p = 0; p < 3; ++p)
        if (std::abs(excess(p)) >= minimumExcess) return true;
    return false;
}

PositionBias measurePositionBias(const std::vector<std::int8_t>& answers, const std::vector<std::int8_t>& gold) {
    PositionBias b;
    std::array<double, 3> picked{}, right{};
    for (std::size_t i = 0; i < gold.size() && i < answers.size(); ++i) {
        if (gold[i] < 0 || gold[i] > 2 || answers[i] < 0 || answers[i] > 2) continue;
        ++b.counts[std::size_t(gold[i])][std::size_t(answers[i])];
        ++b.items;
        picked[std::size_t(answers[i])] += 1;
        right[std::size_t(gold[i])] += 1;
    }
    if (!b.items) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        b.pickShare = b.goldShare = {nan, nan, nan};
        return b;
    }
    const double n = double(b.items);
    int cells = 0;
    for (std::size_t p = 0; p < 3; ++p) {
        b.pickShare[p] = picked[p] / n;
        b.goldShare[p] = right[p] / n;
        if (right[p] > 0) {
            b.chiSquared += (picked[p] - right[p]) * (picked[p] - right[p]) / right[p];
            ++cells;
        } else if (picked[p] > 0) {
            b.chiSquared = std::numeric_limits<double>::infinity();  // picks a letter that is never right
        }
    }
    // Upper tail of the chi-squared distribution with cells - 1 degrees of freedom (1 or 2: closed forms).
    if (cells <= 1)
        b.pValue = std::isinf(b.chiSquared) ? 0 : 1;
    else if (cells == 2)
        b.pValue = std::erfc(std::sqrt(b.chiSquared / 2));
    else
        b.pValue = std::exp(-b.chiSquared / 2);
    return b;
}

std::string positionBiasFinding(const std::string& model, const PositionBias& bias) {
    if (!bias.large()) return {};
    const int p = bias.mostOverPicked();
    char text[320];
    std::snprintf(text, sizeof text,
                  "%s picks %c for %.1f%% of the items where %c is right for %.1f%% (chi-squared p = %.2g): a letter "
                  "preference; score with all 6 candidate orders (cci predict --permutations) or train with shuffled "
                  "options",
                  model.c_str(), char('A' + p), 100 * bias.pickShare[std::size_t(p)], char('A' + p),
                  100 * bias.goldShare[std::size_t(p)], bias.pValue);
    return text;
}

}  // namespace cci::ensemble
