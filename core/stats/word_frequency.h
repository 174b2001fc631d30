// Word frequencies of a corpus's utterances for the word cloud: ICU word segmentation (Korean-aware), an editable
// stop-word list, and tokens made only of compatibility jamo (ㅋㅋ, ㅠㅠ) left out unless asked for.
#pragma once

#include "corpus/corpus.h"

#include <set>
#include <string>
#include <vector>

namespace cci::stats {

struct WordCount {
    std::string word;
    std::size_t count = 0;
};

struct WordOptions {
    std::set<std::string> stopWords;
    bool includeJamoOnly = false;
    std::size_t top = 100;
};

// A small default stop-word list: frequent Korean function words and fillers of chat.
std::set<std::string> defaultStopWords();
// Most frequent words, by count (ties by word), at most options.top.
std::vector<WordCount> wordFrequencies(const Corpus& corpus, const WordOptions& options);

}  // namespace cci::stats
