// Agreement and diversity measures of an ensemble (Kuncheva & Whitaker 2003; Fleiss 1971; Cohen 1960).
// Label-free measures use the models' answers only; the others need gold answers. Undefined values are NaN.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace cci::ensemble {

struct VoteMatrix;

// Fraction of items on which two answer vectors agree.
double agreement(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b);
// Cohen's kappa between two raters over the three options: (po - pe) / (1 - pe).
double cohenKappa(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b);
// Both wrong / N.
double doubleFault(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b,
                   const std::vector<std::int8_t>& gold);
// Yule's Q statistic on correctness: (N11 N00 - N01 N10) / (N11 N00 + N01 N10).
double yulesQ(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b,
              const std::vector<std::int8_t>& gold);

// Fleiss' kappa from a table of counts: counts[item][category] = raters who chose that category; every item
// must have the same number of raters (at least two).
double fleissKappa(const std::vector<std::vector<int>>& counts);
// Fleiss' kappa among the member models (raters) over the three options.
double fleissKappa(const VoteMatrix& m, const std::vector<std::size_t>& members);
// Kuncheva's entropy measure E (0 = no diversity, 1 = highest) and the Kohavi-Wolpert variance; need gold.
double entropyMeasure(const VoteMatrix& m, const std::vector<std::size_t>& members);
double kohaviWolpertVariance(const VoteMatrix& m, const std::vector<std::size_t>& members);

// Column of one model's answers.
std::vector<std::int8_t> modelAnswers(const VoteMatrix& m, std::size_t model);

struct McNemar {
    std::size_t onlyFirstRight = 0;   // b
    std::size_t onlySecondRight = 0;  // c
    double chiSquared = 0;            // with continuity correction
    double pValue = 1;                // exact two-sided binomial when b + c < 25, else chi-squared (1 dof)
    bool exact = false;
};
McNemar mcnemar(const std::vector<std::int8_t>& a, const std::vector<std::int8_t>& b,
                const std::vector<std::int8_t>& gold);

}  // namespace cci::ensemble
