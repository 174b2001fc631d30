// Voting methods.
#include "ensemble/voting.h"

#include "ensemble/calibration.h"

#include "util/problem.h"

#include <algorithm>
#include <array>
#include <numeric>

namespace cci::ensemble {

std::string_view methodName(VoteMethod method) {
    switch (method) {
        case VoteMethod::Hard: return "hard";
        case VoteMethod::Soft: return "soft";
        case VoteMethod::Weighted: return "weighted";
    }
    return "hard";
}

int hardVote(const std::int8_t* votes, std::size_t count) {
    int counts[3] = {0, 0, 0};
    for (std::size_t k = 0; k < count; ++k) ++counts[votes[k]];
    const int best = *std::max_element(counts, counts + 3);
    for (std::size_t k = 0; k < count; ++k)  // first vote in model order whose option has the top count
        if (counts[votes[k]] == best) return votes[k];
    return 0;
}

VoteResult vote(const VoteMatrix& m, const VoteOptions& options) {
    std::vector<std::size_t> members = options.members;
    if (members.empty()) {
        members.resize(m.models());
        std::iota(members.begin(), members.end(), std::size_t(0));
    }
    if (options.method == VoteMethod::Weighted && options.weights.size() != m.models())
        throw Error("weighted voting needs one weight per model: " + std::to_string(m.models()) + " models, " +
                    std::to_string(options.weights.size()) + " weights");
    if (!options.temperatures.empty() && options.temperatures.size() != m.models())
        throw Error("calibrated soft voting needs one temperature per model: " + std::to_string(m.models()) +
                    " models, " + std::to_string(options.temperatures.size()) + " temperatures");
    if (options.method == VoteMethod::Soft)
        for (std::size_t model : members)
            if (m.probs[model].empty())
                throw Error("soft voting needs probabilities: " + m.modelFiles[model] + " has no .probs.json sidecar");
    VoteResult r;
    const std::size_t n = m.items();
    r.answer.resize(n);
    r.margin.resize(n);
    std::vector<std::int8_t> row(members.size());
    for (std::size_t i = 0; i < n; ++i) {
        int counts[3] = {0, 0, 0};
        for (std::size_t k = 0; k < members.size(); ++k) {
            row[k] = std::int8_t(m.vote(i, members[k]));
            ++counts[row[k]];
        }
        int sorted[3] = {counts[0], counts[1], counts[2]};
        std::sort(sorted, sorted + 3, std::greater<>());
        if (2 * sorted[0] <= int(members.size())) ++r.noMajority;
        switch (options.method) {
            case VoteMethod::Hard:
                r.answer[i] = std::int8_t(hardVote(row.data(), row.size()));
                r.margin[i] = sorted[0] - sorted[1];
                break;
            case VoteMethod::Weighted: {
                double score[3] = {0, 0, 0};
                for (std::size_t k = 0; k < members.size(); ++k) score[row[k]] += options.weights[members[k]];
                const double best = *std::max_element(score, score + 3);
                int answer = 0;
                for (std::size_t k = 0; k < members.size(); ++k)  // tie: earliest model's option, as hard voting
                    if (score[row[k]] == best) {
                        answer = row[k];
                        break;
                    }
                r.answer[i] = std::int8_t(answer);
                r.margin[i] = sorted[0] - sorted[1];
                break;
            }
            case VoteMethod::Soft: {
                double mean[3] = {0, 0, 0};
                for (std::size_t model : members) {
                    std::array<double, 3> p;
                    for (std::size_t c = 0; c < 3; ++c) p[c] = m.probs[model][i * 3 + c];
                    if (!options.temperatures.empty()) p = withTemperature(p, options.temperatures[model]);
                    for (std::size_t c = 0; c < 3; ++c) mean[c] += p[c];
                }
                r.answer[i] = std::int8_t(std::max_element(mean, mean + 3) - mean);  // first maximum
                r.margin[i] = sorted[0] - sorted[1];
                break;
            }
        }
    }
    return r;
}

}  // namespace cci::ensemble
