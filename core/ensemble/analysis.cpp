// Ensemble analysis computations and report.json.
#include "ensemble/analysis.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cci::ensemble {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::array<double, 5> perCategoryAccuracy(const std::vector<std::int8_t>& answers, const VoteMatrix& m) {
    std::array<double, 5> right{}, total{};
    for (std::size_t i = 0; i < m.items(); ++i) {
        if (m.category[i] < 0 || m.gold[i] < 0) continue;
        total[std::size_t(m.category[i])] += 1;
        right[std::size_t(m.category[i])] += answers[i] == m.gold[i];
    }
    std::array<double, 5> out{};
    for (std::size_t c = 0; c < 5; ++c) out[c] = total[c] > 0 ? right[c] / total[c] : kNaN;
    return out;
}

std::array<double, 3> positionShare(const std::vector<std::int8_t>& answers) {
    std::array<double, 3> share{};
    for (const std::int8_t a : answers)
        if (a >= 0) share[std::size_t(a)] += 1;
    for (double& s : share) s = answers.empty() ? kNaN : s / double(answers.size());
    return share;
}

nlohmann::ordered_json number(double x) {
    return std::isfinite(x) ? nlohmann::ordered_json(x) : nlohmann::ordered_json();
}

template <std::size_t N>
nlohmann::ordered_json numbers(const std::array<double, N>& xs) {
    auto out = nlohmann::ordered_json::array();
    for (double x : xs) out.push_back(number(x));
    return out;
}

nlohmann::ordered_json perCategoryJson(const std::array<double, 5>& acc) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < 5; ++c) out[std::string(kCategories[c])] = number(acc[c]);
    return out;
}

nlohmann::ordered_json matrixJson(const Matrix& m) {
    auto out = nlohmann::ordered_json::array();
    for (const auto& row : m) {
        auto r = nlohmann::ordered_json::array();
        for (double x : row) r.push_back(number(x));
        out.push_back(r);
    }
    return out;
}

nlohmann::ordered_json mcnemarJson(const McNemar& t) {
    return {{"only_model_right", t.onlyFirstRight},
            {"only_ensemble_right", t.onlySecondRight},
            {"chi_squared", number(t.chiSquared)},
            {"p_value", number(t.pValue)},
            {"exact", t.exact}};
}

}  // namespace

double accuracy(const std::vector<std::int8_t>& answers, const std::vector<std::int8_t>& gold) {
    std::size_t right = 0, total = 0;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        if (gold[i] < 0) continue;
        ++total;
        right += answers[i] == gold[i];
    }
    return total == 0 ? kNaN : double(right) / double(total);
}

Analysis analyze(const VoteMatrix& m, const VoteOptions& options, std::vector<std::size_t> members) {
    if (members.empty()) {
        members.resize(m.models());
        std::iota(members.begin(), members.end(), std::size_t(0));
    }
    Analysis a;
    a.items = m.items();
    a.labelled = m.labelled();
    a.method = options.method;
    VoteOptions opts = options;
    opts.members = members;
    a.ensemble = vote(m, opts);
    a.ensembleAccuracy = a.labelled ? accuracy(a.ensemble.answer, m.gold) : kNaN;
    a.ensembleAccuracyInterval = bootstrapAccuracy(a.ensemble.answer, m.gold);
    a.ensemblePerCategory = perCategoryAccuracy(a.ensemble.answer, m);
    a.goldPositionShare = a.labelled ? positionShare(m.gold) : std::array<double, 3>{kNaN, kNaN, kNaN};

    std::vector<std::vector<std::int8_t>> answers;
    for (std::size_t model : members) answers.push_back(modelAnswers(m, model));
    for (std::size_t k = 0; k < members.size(); ++k) {
        ModelStats s;
        s.name = m.modelNames[members[k]];
        s.file = m.modelFiles[members[k]];
        s.accuracy = a.labelled ? accuracy(answers[k], m.gold) : kNaN;
        s.perCategory = perCategoryAccuracy(answers[k], m);
        s.positionShare = positionShare(answers[k]);
        s.hasProbabilities = !m.probs[members[k]].empty();
        s.accuracyInterval = bootstrapAccuracy(answers[k], m.gold);
        if (a.labelled && s.hasProbabilities) {
            const auto& probs = m.probs[members[k]];
            s.calibration = measureCalibration(probs, m.gold);
            s.temperature = fitTemperature(probs, m.gold);
            s.calibrated = measureCalibration(withTemperature(probs, s.temperature), m.gold);
        }
        if (a.labelled) s.vsEnsemble = mcnemar(answers[k], a.ensemble.answer, m.gold);
        if (a.labelled) s.positionBias = measurePositionBias(answers[k], m.gold);
        a.models.push_back(std::move(s));
    }
    if (a.labelled) {
        std::size_t some = 0;
        for (std::size_t i = 0; i < m.items(); ++i) {
            bool any = false;
            for (const auto& col : answers) any = any || col[i] == m.gold[i];
            some += any;
        }
        a.oracleAccuracy = m.items() ? double(some) / double(m.items()) : kNaN;
    } else {
        a.oracleAccuracy = kNaN;
    }

    const std::size_t M = members.size();
    a.agreement.assign(M, std::vector<double>(M, kNaN));
    a.cohenKappa = a.doubleFault = a.yulesQ = a.mcnemarP = a.agreement;
    for (std::size_t x = 0; x < M; ++x)
        for (std::size_t y = 0; y < M; ++y) {
            a.agreement[x][y] = agreement(answers[x], answers[y]);
            a.cohenKappa[x][y] = cohenKappa(answers[x], answers[y]);
            if (a.labelled) {
                a.doubleFault[x][y] = doubleFault(answers[x], answers[y], m.gold);
                a.yulesQ[x][y] = yulesQ(answers[x], answers[y], m.gold);
                a.mcnemarP[x][y] = mcnemar(answers[x], answers[y], m.gold).pValue;
            }
        }
    a.fleissKappa = fleissKappa(m, members);
    a.entropy = entropyMeasure(m, members);
    a.kwVariance = kohaviWolpertVariance(m, members);
    a.marginHistogram.assign(M + 1, 0);
    for (const int margin : a.ensemble.margin) ++a.marginHistogram[std::size_t(std::clamp(margin, 0, int(M)))];
    a.marginCoverage = marginCoverage(a.ensemble, m.gold);

    // Leave one model out (needs at least two models).
    if (M >= 2)
        for (std::size_t k = 0; k < M; ++k) {
            VoteOptions without = opts;
            without.members.erase(without.members.begin() + std::ptrdiff_t(k));
            const VoteResult r = vote(m, without);
            LeaveOneOut loo;
            loo.model = m.modelNames[members[k]];
            loo.accuracy = a.labelled ? accuracy(r.answer, m.gold) : kNaN;
            loo.delta = loo.accuracy - a.ensembleAccuracy;
            for (std::size_t i = 0; i < m.items(); ++i)
                if (r.answer[i] != a.ensemble.answer[i]) {
                    loo.flips.push_back(m.ids[i]);
                    if (a.labelled) {
                        loo.fixed += r.answer[i] == m.gold[i];
                        loo.broken += a.ensemble.answer[i] == m.gold[i];
                    }
                }
            a.leaveOneOut.push_back(std::move(loo));
        }

    // Greedy forward selection with hard voting (subset votes in file order).
    if (a.labelled) {
        std::vector<std::size_t> chosen, left = members;
        double best = -1;
        while (!left.empty()) {
            double stepBest = -1;
            std::size_t pick = 0;
            for (std::size_t j = 0; j < left.size(); ++j) {
                std::vector<std::size_t> trial = chosen;
                trial.push_back(left[j]);
                std::sort(trial.begin(), trial.end());
                VoteOptions t;
                t.members = trial;
                const double acc = accuracy(vote(m, t).answer, m.gold);
                if (acc > stepBest) {
                    stepBest = acc;
                    pick = j;
                }
            }
            if (stepBest <= best) break;
            best = stepBest;
            chosen.push_back(left[pick]);
            a.greedySelection.push_back({m.modelNames[left[pick]], stepBest});
            left.erase(left.begin() + std::ptrdiff_t(pick));
        }
    }
    return a;
}

namespace {
nlohmann::ordered_json reliabilityJson(const Calibration& c) {
    nlohmann::ordered_json bins = nlohmann::ordered_json::array();
    for (const ReliabilityBin& b : c.bins)
        bins.push_back({{"from", b.lower},
                        {"to", b.upper},
                        {"items", b.items},
                        {"confidence", number(b.confidence)},
                        {"accuracy", number(b.accuracy)}});
    return bins;
}
}  // namespace

std::string analysisToJson(const Analysis& a) {
    using J = nlohmann::ordered_json;
    J models = J::array();
    for (const ModelStats& s : a.models) {
        J m = {{"name", s.name},
               {"file", s.file},
               {"accuracy", number(s.accuracy)},
               {"per_category", perCategoryJson(s.perCategory)},
               {"position_share", numbers(s.positionShare)},
               {"has_probabilities", s.hasProbabilities}};
        m["accuracy_ci95"] = {number(s.accuracyInterval.low), number(s.accuracyInterval.high)};
        if (s.calibration)
            m["calibration"] = {{"ece", number(s.calibration->ece)},
                                {"nll", number(s.calibration->nll)},
                                {"temperature", s.temperature},
                                {"ece_at_temperature", number(s.calibrated->ece)},
                                {"nll_at_temperature", number(s.calibrated->nll)},
                                {"reliability", reliabilityJson(*s.calibration)}};
        if (a.labelled) {
            m["mcnemar_vs_ensemble"] = mcnemarJson(s.vsEnsemble);
            const PositionBias& b = s.positionBias;
            m["position_bias"] = {{"gold_by_picked", b.counts},
                                  {"pick_share", numbers(b.pickShare)},
                                  {"gold_share", numbers(b.goldShare)},
                                  {"chi_squared", number(b.chiSquared)},
                                  {"p_value", number(b.pValue)},
                                  {"large", b.large()},
                                  {"finding", positionBiasFinding(s.name, b)}};
        }
        models.push_back(m);
    }
    J loo = J::array();
    for (const LeaveOneOut& l : a.leaveOneOut)
        loo.push_back({{"model", l.model},
                       {"accuracy", number(l.accuracy)},
                       {"delta", number(l.delta)},
                       {"flips", l.flips},
                       {"fixed", l.fixed},
                       {"broken", l.broken}});
    J greedy = J::array();
    for (const SelectionStep& s : a.greedySelection)
        greedy.push_back({{"model", s.model}, {"accuracy", number(s.accuracy)}});
    J report = {
        {"items", a.items},
        {"labelled", a.labelled},
        {"models", models},
        {"ensemble",
         {{"method", std::string(methodName(a.method))},
          {"accuracy", number(a.ensembleAccuracy)},
          {"accuracy_ci95", {number(a.ensembleAccuracyInterval.low), number(a.ensembleAccuracyInterval.high)}},
          {"per_category", perCategoryJson(a.ensemblePerCategory)},
          {"no_majority_items", a.ensemble.noMajority}}},
        {"oracle_accuracy", number(a.oracleAccuracy)},
        {"gold_position_share", numbers(a.goldPositionShare)},
        {"fleiss_kappa", number(a.fleissKappa)},
        {"entropy", number(a.entropy)},
        {"kw_variance", number(a.kwVariance)},
        {"pairwise",
         {{"agreement", matrixJson(a.agreement)},
          {"cohen_kappa", matrixJson(a.cohenKappa)},
          {"double_fault", matrixJson(a.doubleFault)},
          {"q", matrixJson(a.yulesQ)},
          {"mcnemar_p", matrixJson(a.mcnemarP)}}},
        {"vote_margin_histogram", a.marginHistogram},
        {"margin_coverage",
         [&] {
             J points = J::array();
             for (const CoveragePoint& p : a.marginCoverage)
                 points.push_back({{"min_margin", p.minimumMargin},
                                   {"items", p.items},
                                   {"coverage", p.coverage},
                                   {"accuracy", number(p.accuracy)}});
             return points;
         }()},
        {"leave_one_out", loo},
        {"greedy_selection", greedy},
    };
    return report.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace cci::ensemble
