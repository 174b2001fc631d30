// A run's dev evaluations as metrics.jsonl records them ("split": "dev" lines) and which of them is the best: the
// highest dev accuracy, a tie broken by a dev loss lower by at least kLossTieMargin. The trainer keeps that
// evaluation's adapter (adapter_best/) and stops early on it; the Runs view and `cci runs` mark it. A run's
// evaluations are read from metrics.jsonl by run_catalog's parseMetrics + devEvaluationsOf.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace cci::run {

struct DevEvaluation {
    std::size_t step = 0;            // optimizer steps taken when evaluated
    double epoch = 0;                // epochs done (fractional between epoch ends)
    std::optional<double> accuracy;  // none for a dev file without answers
    std::optional<double> loss;
};

// A loss this much lower (nats per target token) is an improvement between two evaluations of equal accuracy.
inline constexpr double kLossTieMargin = 1e-3;

// True when `candidate` is better than `best` (an evaluation without accuracy never is).
bool isImprovement(const DevEvaluation& candidate, const std::optional<DevEvaluation>& best);

// The index of the best evaluation (the first of equals), none when no evaluation has an accuracy.
std::optional<std::size_t> bestEvaluation(const std::vector<DevEvaluation>& evaluations);

// Predictions that collapsed onto one letter: the letter (0 = A) and its share when at least kCollapsedShare of at
// least kCollapsedMinItems answers are that letter (a model that answers C everywhere scores the share of C in gold;
// its accuracy says nothing of what it learned). `picked` counts the answers A, B, C.
inline constexpr double kCollapsedShare = 0.9;
inline constexpr std::size_t kCollapsedMinItems = 10;
struct CollapsedAnswers {
    int letter = 0;
    std::size_t count = 0, items = 0;
};
std::optional<CollapsedAnswers> collapsedAnswers(const std::array<std::size_t, 3>& picked);
// In words: "answers C for 151 of 151 items (100%): the predictions collapsed onto one letter".
std::string describeCollapse(const CollapsedAnswers& collapse);

// How many evaluations came after the best one (early stopping's patience count); all of them without a best.
std::size_t evaluationsSinceBest(const std::vector<DevEvaluation>& evaluations);

}  // namespace cci::run
