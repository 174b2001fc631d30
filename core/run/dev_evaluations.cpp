// Dev evaluations of a run and the best of them (see dev_evaluations.h).
#include "run/dev_evaluations.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace cci::run {

bool isImprovement(const DevEvaluation& candidate, const std::optional<DevEvaluation>& best) {
    if (!candidate.accuracy) return false;
    if (!best || !best->accuracy || *candidate.accuracy > *best->accuracy) return true;
    if (*candidate.accuracy < *best->accuracy) return false;
    return candidate.loss && best->loss && *candidate.loss < *best->loss - kLossTieMargin;
}

std::vector<DevEvaluation> devEvaluations(const std::string& metricsText) {
    std::vector<DevEvaluation> out;
    std::istringstream lines(metricsText);
    std::string line;
    while (std::getline(lines, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.value("split", "") != "dev") continue;
        const auto number = [&](const char* key) -> std::optional<double> {
            const auto it = j.find(key);
            if (it == j.end() || !it->is_number()) return std::nullopt;
            return it->get<double>();
        };
        DevEvaluation e;
        e.step = std::size_t(std::max(0.0, number("step").value_or(0)));
        e.epoch = number("epoch").value_or(0);
        e.accuracy = number("accuracy");
        e.loss = number("loss");
        out.push_back(e);
    }
    return out;
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
