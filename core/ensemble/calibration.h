// Calibration of a model's A/B/C probabilities against gold, before they are averaged or weighted (soft and weighted
// voting): the reliability diagram (the chosen answer's probability in equal-width bins against the accuracy there),
// the expected calibration error (ECE: the items' share-weighted gap between the two), the negative log-likelihood
// of gold, and temperature scaling - softmax(log p / T), one T per model fitted on labelled items by minimising that
// likelihood (Guo et al., 2017) - which changes the confidence but never the chosen answer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cci::ensemble {

struct ReliabilityBin {
    double lower = 0, upper = 0;  // confidence range [lower, upper) (the last bin includes 1)
    std::size_t items = 0;
    double confidence = 0;  // mean probability of the chosen answer (NaN when empty)
    double accuracy = 0;    // share of items whose chosen answer is gold (NaN when empty)
};

struct Calibration {
    std::size_t items = 0;  // labelled items measured
    std::vector<ReliabilityBin> bins;
    double ece = 0;       // sum over bins of items/N * |accuracy - confidence|
    double nll = 0;       // mean -log p(gold)
    double accuracy = 0;  // of the argmax
};

// Measures the labelled items (gold 0..2; others are skipped) in `bins` equal-width confidence bins. `probs` holds
// three values per item (N x 3, row-major), as VoteMatrix::probs does.
Calibration measureCalibration(const std::vector<float>& probs, const std::vector<std::int8_t>& gold, int bins = 10);

// softmax(log p / T) of one item's three probabilities (T > 0; T > 1 softens, T < 1 sharpens).
std::array<double, 3> withTemperature(const std::array<double, 3>& p, double temperature);
// Every item of `probs` (N x 3) at `temperature`.
std::vector<float> withTemperature(const std::vector<float>& probs, double temperature);

// The temperature in [kMinTemperature, kMaxTemperature] that minimises the mean NLL of gold over the labelled items
// (golden-section search on log T; the NLL is convex in 1/T). 1 when no item is labelled.
inline constexpr double kMinTemperature = 0.05, kMaxTemperature = 20.0;
double fitTemperature(const std::vector<float>& probs, const std::vector<std::int8_t>& gold);
// A fitted temperature at an end of the search range is no fit but the range's limit (at 20: the probabilities say
// almost nothing about which answers are right); reports say so instead of printing it as a value.
bool temperatureAtSearchLimit(double temperature);
// "1.37", or "≥ 20 (search limit)" / "≤ 0.05 (search limit)".
std::string temperatureText(double temperature);

}  // namespace cci::ensemble
