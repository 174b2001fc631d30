// Ensemble analysis: per-model and ensemble accuracy (overall and per category), oracle accuracy, answer-position
// shares, pairwise agreement/kappa/double-fault/Q, Fleiss' kappa, entropy and KW variance, vote margins,
// leave-one-model-out, greedy forward selection and McNemar tests. Label-free parts are computed without gold.
#pragma once

#include "ensemble/bootstrap.h"
#include "ensemble/calibration.h"
#include "ensemble/diversity.h"
#include "ensemble/margin_coverage.h"
#include "ensemble/position_bias.h"
#include "ensemble/voting.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace cci::ensemble {

using Matrix = std::vector<std::vector<double>>;  // (M, M), NaN where undefined

struct ModelStats {
    std::string name, file;
    double accuracy = 0;                    // NaN without gold
    Interval accuracyInterval;              // 95% percentile bootstrap (NaN without gold)
    std::array<double, 5> perCategory{};    // in kCategories order; NaN for a category with no items
    std::array<double, 3> positionShare{};  // share of answers A, B, C
    PositionBias positionBias;              // picks against gold (with gold)
    bool hasProbabilities = false;
    // With gold and probabilities: how well the probabilities are calibrated, the temperature that calibrates them
    // on these items, and the calibration after it.
    std::optional<Calibration> calibration, calibrated;
    double temperature = 1;
    McNemar vsEnsemble;  // this model against the ensemble (with gold)
};

struct LeaveOneOut {
    std::string model;
    double accuracy = 0;                // ensemble without this model (NaN without gold)
    double delta = 0;                   // accuracy - full ensemble accuracy
    std::vector<std::string> flips;     // ids whose ensemble answer changes without this model
    std::size_t fixed = 0, broken = 0;  // flips that become right / wrong (with gold)
};

struct SelectionStep {
    std::string model;  // added at this step
    double accuracy = 0;
};

struct Analysis {
    std::size_t items = 0;
    bool labelled = false;
    std::vector<ModelStats> models;
    VoteMethod method = VoteMethod::Hard;
    VoteResult ensemble;
    double ensembleAccuracy = 0;
    Interval ensembleAccuracyInterval;
    std::array<double, 5> ensemblePerCategory{};
    double oracleAccuracy = 0;  // some model is right (NaN without gold)
    std::array<double, 3> goldPositionShare{};
    Matrix agreement, cohenKappa, doubleFault, yulesQ;
    Matrix mcnemarP;  // McNemar p-value for every pair of models (with gold; NaN without)
    double fleissKappa = 0, entropy = 0, kwVariance = 0;
    std::vector<std::size_t> marginHistogram;   // count of items per hard-vote margin 0..M
    std::vector<CoveragePoint> marginCoverage;  // accuracy when answering only items of margin >= t, per t
    std::vector<LeaveOneOut> leaveOneOut;
    std::vector<SelectionStep> greedySelection;  // empty without gold
};

// Analyses the members (empty = all models) voting with `options` (its members are replaced by `members`).
Analysis analyze(const VoteMatrix& m, const VoteOptions& options = {}, std::vector<std::size_t> members = {});

// Accuracy of answers against gold, overall and per category.
double accuracy(const std::vector<std::int8_t>& answers, const std::vector<std::int8_t>& gold);

// The items of `m` that satisfy `keep` (e.g. one category), as a smaller VoteMatrix.
template <class Pred>
VoteMatrix subsetItems(const VoteMatrix& m, Pred keep) {
    VoteMatrix out;
    out.modelNames = m.modelNames;
    out.modelFiles = m.modelFiles;
    out.probs.assign(m.models(), {});
    for (std::size_t i = 0; i < m.items(); ++i) {
        if (!keep(i)) continue;
        out.ids.push_back(m.ids[i]);
        out.category.push_back(m.category[i]);
        out.gold.push_back(m.gold[i]);
        for (std::size_t k = 0; k < m.models(); ++k) {
            out.votes.push_back(m.votes[i * m.models() + k]);
            if (!m.probs[k].empty())
                out.probs[k].insert(out.probs[k].end(), m.probs[k].begin() + std::ptrdiff_t(i * 3),
                                    m.probs[k].begin() + std::ptrdiff_t(i * 3 + 3));
        }
    }
    return out;
}

// report.json (keys: items, labelled, models - with accuracy_ci95 and, for models with probabilities, calibration:
// ece, nll, temperature, ece/nll at that temperature, reliability bins -, position_bias (gold x picked counts, pick
// and gold shares, chi-squared p-value, finding), ensemble, oracle_accuracy,
// gold_position_share, fleiss_kappa, entropy, kw_variance, pairwise, vote_margin_histogram, margin_coverage,
// leave_one_out, greedy_selection). NaN becomes null.
std::string analysisToJson(const Analysis& a);

}  // namespace cci::ensemble
