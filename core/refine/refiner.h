// Refiner: applies the refinement rules to every utterance of a corpus, then drops emptied utterances and merges
// consecutive utterances of the same speaker (never across a reference utterance), as the published system did.
// Returns the refined corpus, per-rule statistics and, when asked, a trace of every edit for the diff view.
#pragma once

#include "corpus/corpus.h"
#include "refine/editable_text.h"
#include "refine/rules.h"
#include "util/problem.h"
#include "util/progress.h"

#include <array>
#include <string>
#include <vector>

namespace cci::refine {

struct RefineConfig {
    // enabled[n] for rule number n; the published rules 1-9 are on, variants 10+ off.
    std::array<bool, kMaxRuleNumber + 1> enabled = publishedRules();
    bool mergeSameSpeaker = true;  // merge consecutive utterances of one speaker (published)
    bool trace = true;             // record every edit in original-text coordinates (for the diff view)

    static std::array<bool, kMaxRuleNumber + 1> publishedRules();
    // The published refinement without the trace: what training and prediction apply to a corpus.
    static RefineConfig untraced() {
        RefineConfig config;
        config.trace = false;
        return config;
    }
    bool isPublished() const { return enabled == publishedRules() && mergeSameSpeaker; }
};

struct UtteranceTrace {
    std::vector<RuleEdit> edits;  // in original-text coordinates, in the order the rules ran
    int emptiedBy = 0;            // rule that emptied the text; -1 when it was empty already; 0 when not emptied
    int refinedIndex = -1;        // index in the refined conversation; -1 when dropped. Merged utterances share one.
    std::string refinedText;      // the utterance's own text after the rules (before merging)
};

struct ItemTrace {
    std::vector<UtteranceTrace> utterances;  // one per ORIGINAL utterance
    bool changed = false;                    // any edit, drop or merge
};

struct RuleStats {
    std::size_t utterancesChanged = 0;
    long charactersRemoved = 0;  // net code points removed (a variant that inserts tags can make this negative)
    std::size_t utterancesEmptied = 0;
    std::size_t itemsAffected = 0;
};

struct RefineStats {
    std::array<RuleStats, kMaxRuleNumber + 1> rules{};  // indexed by rule number
    std::size_t utterancesIn = 0;
    std::size_t utterancesOut = 0;
    std::size_t utterancesDropped = 0;
    std::size_t merges = 0;  // utterances appended to a previous one
    std::size_t itemsWithMerges = 0;
    std::size_t itemsChanged = 0;
};

struct RefineResult {
    Corpus corpus;                 // the refined corpus
    std::vector<ItemTrace> trace;  // one per item when config.trace, else empty
    RefineStats stats;
    std::vector<Problem> warnings;  // e.g. a reference utterance that was dropped
    bool cancelled = false;         // the progress callback asked to stop; corpus/trace are incomplete
};

RefineResult refineCorpus(const Corpus& corpus, const RefineConfig& config = {}, const ProgressFn& progress = {});

// Refines one item (used by the corpus refiner and the GUI's live preview).
Sample refineSample(const Sample& sample, const RefineConfig& config, ItemTrace* trace, RefineStats& stats,
                    std::vector<std::string>* warnings = nullptr);

// Refines a single text as a (non-reference) utterance.
std::string refineText(std::string_view text, const RefineConfig& config = {});

}  // namespace cci::refine
