// Answer-position bias of one model against gold: the 3x3 table of gold position x picked position, how often each
// letter is picked against how often it is right, and a chi-squared goodness-of-fit test of the picks against the
// gold shares - a small p-value says the model prefers (or avoids) a letter beyond what the answers explain. Scoring
// with all six candidate orders (`cci predict --permutations`) removes such a preference.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cci::ensemble {

struct PositionBias {
    std::array<std::array<std::size_t, 3>, 3> counts{};  // [gold][picked] over the labelled items
    std::size_t items = 0;
    std::array<double, 3> pickShare{}, goldShare{};  // NaN without labelled items
    double chiSquared = 0, pValue = 1;

    // The letter picked most beyond its gold share (0..2), and by how many share points.
    int mostOverPicked() const;
    double excess(int position) const { return pickShare[std::size_t(position)] - goldShare[std::size_t(position)]; }
    // Significant at `alpha` and at least `minimumExcess` share points off for some letter.
    bool large(double alpha = 0.01, double minimumExcess = 0.05) const;
};

// Answers and gold per item (0..2; gold -1 = unlabelled, skipped).
PositionBias measurePositionBias(const std::vector<std::int8_t>& answers, const std::vector<std::int8_t>& gold);

// One sentence for a model whose bias is large ("" otherwise).
std::string positionBiasFinding(const std::string& model, const PositionBias& bias);

}  // namespace cci::ensemble
