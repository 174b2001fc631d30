// Dev evaluations of a run and the best of them (see dev_evaluations.h).
#include "run/dev_evaluations.h"

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

}  // namespace cci::run
