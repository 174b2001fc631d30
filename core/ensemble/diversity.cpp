// Agreement and diversity measures.
#include "ensemble/diversity.h"

#include "ensemble/vote_matrix.h"

#include <cmath>
#include <limits>

namespace cci::ensemble {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Correctness {
    double n11 = 0, n10 = 0, n01 = 0, n00 = 0;
};

Correctness correctness(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b,
                        const std::vector<std::int8_t>& gold) {
    Correctness c;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        const bool ra = a[i] == gold[i], rb = b[i] == gold[i];
        (ra ? (rb ? c.n11 : c.n10) : (rb ? c.n01 : c.n00)) += 1;
    }
    return c;
}

}  // namespace

std::vector<std::int8_t> modelAnswers(const VoteMatrix& m, std::size_t model) {
    std::vector<std::int8_t> out(m.items());
    for (std::size_t i = 0; i < m.items(); ++i) out[i] = std::int8_t(m.vote(i, model));
    return out;
}

double agreement(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b) {
    if (a.empty()) return kNaN;
    std::size_t same = 0;
    for (std::size_t i = 0; i < a.size(); ++i) same += a[i] == b[i];
    return double(same) / double(a.size());
}

double cohenKappa(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b) {
    if (a.empty()) return kNaN;
    const double n = double(a.size());
    double pa[3] = {0, 0, 0}, pb[3] = {0, 0, 0};
    for (std::size_t i = 0; i < a.size(); ++i) {
        pa[a[i]] += 1 / n;
        pb[b[i]] += 1 / n;
    }
    const double po = agreement(a, b);
    const double pe = pa[0] * pb[0] + pa[1] * pb[1] + pa[2] * pb[2];
    if (std::fabs(1 - pe) < 1e-12) return po >= 1 - 1e-12 ? 1.0 : kNaN;  // both raters constant
    return (po - pe) / (1 - pe);
}

double doubleFault(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b,
                   const std::vector<std::int8_t>& gold) {
    if (gold.empty()) return kNaN;
    return correctness(a, b, gold).n00 / double(gold.size());
}

double yulesQ(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b,
              const std::vector<std::int8_t>& gold) {
    const Correctness c = correctness(a, b, gold);
    const double den = c.n11 * c.n00 + c.n01 * c.n10;
    return den == 0 ? kNaN : (c.n11 * c.n00 - c.n01 * c.n10) / den;
}

double fleissKappa(const std::vector<std::vector<int>>& counts) {
    if (counts.empty() || counts.front().empty()) return kNaN;
    const std::size_t k = counts.front().size();
    double raters = 0;
    for (int c : counts.front()) raters += c;
    if (raters < 2) return kNaN;
    std::vector<double> p(k, 0.0);
    double pBar = 0;
    for (const auto& row : counts) {
        double sumSq = 0;
        for (std::size_t c = 0; c < k; ++c) {
            sumSq += double(row[c]) * double(row[c]);
            p[c] += row[c];
        }
        pBar += (sumSq - raters) / (raters * (raters - 1));
    }
    const double n = double(counts.size());
    pBar /= n;
    double pe = 0;
    for (double& pc : p) {
        pc /= n * raters;
        pe += pc * pc;
    }
    if (std::fabs(1 - pe) < 1e-12) return pBar >= 1 - 1e-12 ? 1.0 : kNaN;
    return (pBar - pe) / (1 - pe);
}

double fleissKappa(const VoteMatrix& m, const std::vector<std::size_t>& members) {
    if (members.size() < 2) return kNaN;
    std::vector<std::vector<int>> counts(m.items(), std::vector<int>(3, 0));
    for (std::size_t i = 0; i < m.items(); ++i)
        for (std::size_t model : members) ++counts[i][std::size_t(m.vote(i, model))];
    return fleissKappa(counts);
}

double entropyMeasure(const VoteMatrix& m, const std::vector<std::size_t>& members) {
    const std::size_t L = members.size();
    if (L < 2 || m.items() == 0 || !m.labelled()) return kNaN;
    const double denom = double(L - (L + 1) / 2);  // L - ceil(L/2)
    double sum = 0;
    for (std::size_t i = 0; i < m.items(); ++i) {
        std::size_t correct = 0;
        for (std::size_t model : members) correct += m.vote(i, model) == m.gold[i];
        sum += double(std::min(correct, L - correct)) / denom;
    }
    return sum / double(m.items());
}

double kohaviWolpertVariance(const VoteMatrix& m, const std::vector<std::size_t>& members) {
    const double L = double(members.size());
    if (L < 1 || m.items() == 0 || !m.labelled()) return kNaN;
    double sum = 0;
    for (std::size_t i = 0; i < m.items(); ++i) {
        double correct = 0;
        for (std::size_t model : members) correct += m.vote(i, model) == m.gold[i];
        sum += correct * (L - correct);
    }
    return sum / (double(m.items()) * L * L);
}

McNemar mcnemar(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b,
                const std::vector<std::int8_t>& gold) {
    McNemar r;
    for (std::size_t i = 0; i < gold.size(); ++i) {
        const bool ra = a[i] == gold[i], rb = b[i] == gold[i];
        r.onlyFirstRight += ra && !rb;
        r.onlySecondRight += !ra && rb;
    }
    const double bc = double(r.onlyFirstRight + r.onlySecondRight);
    if (bc == 0) return r;
    const double diff = std::fabs(double(r.onlyFirstRight) - double(r.onlySecondRight));
    r.chiSquared = std::pow(std::max(0.0, diff - 1), 2) / bc;
    if (bc < 25) {
        // Exact two-sided binomial test with p = 1/2: 2 * P(X <= min(b, c)), capped at 1.
        const std::size_t n = r.onlyFirstRight + r.onlySecondRight;
        const std::size_t k = std::min(r.onlyFirstRight, r.onlySecondRight);
        double tail = 0;
        for (std::size_t i = 0; i <= k; ++i)
            tail += std::exp(std::lgamma(double(n) + 1) - std::lgamma(double(i) + 1) - std::lgamma(double(n - i) + 1) -
                             double(n) * std::log(2.0));
        r.pValue = std::min(1.0, 2 * tail);
        r.exact = true;
    } else {
        r.pValue = std::erfc(std::sqrt(r.chiSquared / 2));  // survival function of chi-squared with 1 dof
    }
    return r;
}

}  // namespace cci::ensemble
