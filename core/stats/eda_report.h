// The numbers of an EDA run as JSON (S_summary.json): every value the charts show, for the raw corpus and, when
// refined, the refined one.
#pragma once

#include "stats/corpus_stats.h"
#include "stats/shortcut_baselines.h"
#include "stats/token_lengths.h"
#include "stats/word_frequency.h"

#include <optional>
#include <string>

namespace cci::stats {

struct EdaSet {
    CorpusStats stats;
    std::vector<WordCount> words;
};

// `tokenLengths` (may be empty) adds "token_lengths": per style the histogram, max_seq_length and the items over it;
// `baselines` (may be empty) adds "shortcut_baselines": name, accuracy, items, in_sample.
std::string edaSummaryJson(const std::string& file, const EdaSet& raw, const std::optional<EdaSet>& refined,
                           const std::vector<StyleTokenLengths>& tokenLengths = {}, std::size_t maxSeqLength = 0,
                           const std::vector<ShortcutBaseline>& baselines = {});

}  // namespace cci::stats
