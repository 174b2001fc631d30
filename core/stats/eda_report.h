// The numbers of an EDA run as JSON (S_summary.json): every value the charts show, for the raw corpus and, when
// refined, the refined one.
#pragma once

#include "stats/corpus_stats.h"
#include "stats/word_frequency.h"

#include <optional>
#include <string>

namespace cci::stats {

struct EdaSet {
    CorpusStats stats;
    std::vector<WordCount> words;
};

std::string edaSummaryJson(const std::string& file, const EdaSet& raw, const std::optional<EdaSet>& refined);

}  // namespace cci::stats
