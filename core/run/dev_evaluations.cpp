// Dev evaluations of a run and the best of them (see dev_evaluations.h).
#include "run/dev_evaluations.h"

#include <algorithm>
#include <cstdio>

namespace cci::run {

bool isImprovement(const DevEvaluation& candidate, const std::optional<DevEvaluation>& best) {
    if (!candidate.accuracy) return false;
    if (!best || !best->accuracy || *candidate.accuracy > *best->accuracy) return true;
    if (*candidate.accuracy < *best->accuracy) return false;
    return candidate.loss && best->loss && *candidate.loss < *best->loss - kLossTieMargin;
}

std::optional<std::size_t> bestEvaluation(const std::vector<DevEvaluation>& evaluations) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < evaluations.size(); ++i)
        if (isImprovement(evaluations[i], best ? std::optional(evaluations[*best]) : std::nullopt)) best = i;
    return best;
}

std::size_t evaluationsSinceBest(const std::vector<DevEvaluation>& evaluations) {
    const auto best = bestEvaluation(evaluations);
    return best ? evaluations.size() - 1 - *best : evaluations.size();
}

std::optional<CollapsedAnswers> collapsedAnswers(const std::array<std::size_t, 3>& picked) {
    const std::size_t items = picked[0] + picked[1] + picked[2];
    if (items < kCollapsedMinItems) return std::nullopt;
    const auto top = std::max_element(picked.begin(), picked.end());
    if (double(*top) < kCollapsedShare * double(items)) return std::nullopt;
    return CollapsedAnswers{int(top - picked.begin()), *top, items};
}

std::string describeCollapse(const CollapsedAnswers& c) {
    char text[160];
    std::snprintf(
        text, sizeof text,
        "answers %c for %zu of %zu items (%.0f%%): the predictions collapsed onto one letter, so the accuracy "
        "is about the share of that letter in gold",
        char('A' + c.letter), c.count, c.items, 100.0 * double(c.count) / double(c.items));
    return text;
}

}  // namespace cci::run
