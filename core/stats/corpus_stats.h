// Corpus statistics for exploration (the published study's EDA): category and gold-answer distributions, histograms
// of turns per conversation (bin 1) and of total characters per conversation (bin 50) with min/mean/max, and the
// per-item total utterance length (Unicode code points summed over the utterances).
#pragma once

#include "corpus/corpus.h"

#include <array>
#include <string>
#include <vector>

namespace cci::stats {

struct Histogram {
    double binWidth = 1;
    double start = 0;  // bin i covers [start + i * binWidth, start + (i + 1) * binWidth)
    std::vector<std::size_t> counts;
    double min = 0, mean = 0, max = 0;
    std::vector<std::vector<std::size_t>> items;  // item indices (file order) in each bin
};

struct CorpusStats {
    std::size_t items = 0;
    std::array<std::size_t, 5> categories{};  // in kCategories order
    std::size_t otherCategories = 0;          // items whose category is not one of the five
    std::array<std::size_t, 3> outputs{};     // gold inference_1..3
    std::size_t unlabeled = 0;
    Histogram turns, totalLength;
    std::vector<std::size_t> totalLengths;  // per item, file order
};

// Histogram of values with bins aligned to multiples of binWidth.
Histogram histogram(const std::vector<std::size_t>& values, double binWidth);
CorpusStats computeStats(const Corpus& corpus);
// Total utterance length of one item: code points summed over its utterances.
std::size_t totalUtteranceLength(const Sample& sample);

// "id,total_utterance_length" then one row per item in file order.
std::string totalLengthsCsv(const Corpus& corpus, const CorpusStats& stats);

}  // namespace cci::stats
