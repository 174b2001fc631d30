// Shortcut baselines: how far answers get without reading the conversation the way the task intends - a letter
// prior, a letter prior per category, the longest or shortest candidate, and the candidate that shares the most
// character bigrams with the reference utterances or with the whole conversation. A fine-tuned model's accuracy is
// only as meaningful as its distance above these. Priors are fitted on one corpus (e.g. train) and measured on
// another (e.g. dev); fitted and measured on the same corpus they are in-sample, and marked so.
#pragma once

#include "corpus/corpus.h"

#include <string>
#include <vector>

namespace cci::stats {

struct ShortcutBaseline {
    std::string name;         // e.g. "category prior"
    std::string description;  // what it answers
    double accuracy = 0;      // NaN when no item of the measured corpus is labelled (chance too)
    std::size_t items = 0;    // labelled items measured
    bool inSample = false;    // fitted on the items it is measured on (priors only)
};

// The baselines measured on the labelled items of `measured`, priors fitted on the labelled items of `fitted`
// (pass the same corpus for in-sample priors).
std::vector<ShortcutBaseline> shortcutBaselines(const Corpus& fitted, const Corpus& measured);

// The candidate (0..2) sharing the most distinct character bigrams with `text` (ties to the first).
int mostOverlappingCandidate(const Sample& sample, const std::string& text);

}  // namespace cci::stats
