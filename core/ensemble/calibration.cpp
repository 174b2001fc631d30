// Calibration (see calibration.h).
#include "ensemble/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace cci::ensemble {

namespace {

constexpr double kFloor = 1e-12;  // probabilities of exactly 0 (rounded sidecars) still have a logarithm

std::array<double, 3> row(const std::vector<float>& probs, std::size_t i) {
    return {double(probs[3 * i]), double(probs[3 * i + 1]), double(probs[3 * i + 2])};
}

int argmax(const std::array<double, 3>& p) { return p[1] > p[0] ? (p[2] > p[1] ? 2 : 1) : (p[2] > p[0] ? 2 : 0); }

double meanNll(const std::vector<float>& probs, const std::vector<std::int8_t>& gold, double temperature) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        if (gold[i] < 0 || gold[i] > 2) continue;
        const auto p = withTemperature(row(probs, i), temperature);
        sum -= std::log(std::max(p[std::size_t(gold[i])], kFloor));
        ++n;
    }
    return n ? sum / double(n) : 0;
}

}  // namespace

std::array<double, 3> withTemperature(const std::array<double, 3>& p, double temperature) {
    std::array<double, 3> logits{};
    for (int k = 0; k < 3; ++k) logits[std::size_t(k)] = std::log(std::max(p[std::size_t(k)], kFloor)) / temperature;
    const double top = *std::max_element(logits.begin(), logits.end());
    double sum = 0;
    for (auto& l : logits) sum += l = std::exp(l - top);
    for (auto& l : logits) l /= sum;
    return logits;
}

std::vector<float> withTemperature(const std::vector<float>& probs, double temperature) {
    std::vector<float> out(probs.size());
    for (std::size_t i = 0; i < probs.size() / 3; ++i) {
        const auto p = withTemperature(row(probs, i), temperature);
        for (int k = 0; k < 3; ++k) out[3 * i + std::size_t(k)] = float(p[std::size_t(k)]);
    }
    return out;
}

Calibration measureCalibration(const std::vector<float>& probs, const std::vector<std::int8_t>& gold, int bins) {
    Calibration c;
    bins = std::max(1, bins);
    std::vector<double> confidence(std::size_t(bins), 0.0), correct(std::size_t(bins), 0.0);
    std::vector<std::size_t> count(std::size_t(bins), 0);
    double nll = 0;
    std::size_t right = 0;
    for (std::size_t i = 0; i < gold.size() && 3 * i + 2 < probs.size(); ++i) {
        if (gold[i] < 0 || gold[i] > 2) continue;
        const auto p = row(probs, i);
        const int choice = argmax(p);
        const std::size_t b =
            std::min(std::size_t(bins) - 1, std::size_t(std::max(0.0, p[std::size_t(choice)]) * bins));
        ++count[b];
        confidence[b] += p[std::size_t(choice)];
        correct[b] += choice == gold[i];
        right += choice == gold[i];
        nll -= std::log(std::max(p[std::size_t(gold[i])], kFloor));
        ++c.items;
    }
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (int b = 0; b < bins; ++b) {
        ReliabilityBin bin;
        bin.lower = double(b) / bins;
        bin.upper = double(b + 1) / bins;
        bin.items = count[std::size_t(b)];
        bin.confidence = bin.items ? confidence[std::size_t(b)] / double(bin.items) : nan;
        bin.accuracy = bin.items ? correct[std::size_t(b)] / double(bin.items) : nan;
        if (bin.items) c.ece += double(bin.items) / double(c.items) * std::abs(bin.accuracy - bin.confidence);
        c.bins.push_back(bin);
    }
    c.nll = c.items ? nll / double(c.items) : nan;
    c.accuracy = c.items ? double(right) / double(c.items) : nan;
    if (!c.items) c.ece = nan;
    return c;
}

double fitTemperature(const std::vector<float>& probs, const std::vector<std::int8_t>& gold) {
    if (std::none_of(gold.begin(), gold.end(), [](std::int8_t g) { return g >= 0 && g <= 2; })) return 1.0;
    // Golden-section search on log T.
    double lo = std::log(kMinTemperature), hi = std::log(kMaxTemperature);
    const double ratio = (std::sqrt(5.0) - 1) / 2;
    double a = hi - ratio * (hi - lo), b = lo + ratio * (hi - lo);
    double fa = meanNll(probs, gold, std::exp(a)), fb = meanNll(probs, gold, std::exp(b));
    for (int it = 0; it < 80 && hi - lo > 1e-7; ++it) {
        if (fa <= fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - ratio * (hi - lo);
            fa = meanNll(probs, gold, std::exp(a));
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + ratio * (hi - lo);
            fb = meanNll(probs, gold, std::exp(b));
        }
    }
    return std::exp((lo + hi) / 2);
}

bool temperatureAtSearchLimit(double t) {
    return t >= kMaxTemperature * (1 - 1e-4) || t <= kMinTemperature * (1 + 1e-4);
}

std::string temperatureText(double t) {
    char text[48];
    if (temperatureAtSearchLimit(t))
        std::snprintf(text, sizeof text, "%s %g (search limit)", t > 1 ? "≥" : "≤",
                      t > 1 ? kMaxTemperature : kMinTemperature);
    else
        std::snprintf(text, sizeof text, "%.2f", t);
    return text;
}

}  // namespace cci::ensemble
