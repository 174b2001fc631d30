// What the refinement diff view shows, computed here so the view only paints: the original text cut into
// segments tagged with the rule that removed or replaced them, and per-item "changed by rule N" queries.
#pragma once

#include "refine/refiner.h"

#include <string>
#include <string_view>
#include <vector>

namespace cci::refine {

struct DiffSegment {
    std::string text;         // UTF-8 piece of the ORIGINAL text
    int rule = 0;             // first rule (in application order) that removed or replaced it; 0 = kept
    std::string replacement;  // what that rule put in its place (first segment of an edit only)
};

// Splits `original` by the edits of one traced utterance. Pure insertions (empty spans) are not shown.
std::vector<DiffSegment> diffSegments(std::string_view original, const std::vector<RuleEdit>& edits);

// True when refining `sample` with `config` lets `rule` change, empty or drop any of its utterances.
bool changedByRule(const Sample& sample, const RefineConfig& config, int rule);

// Sums statistics (trace off) over several corpora, for the per-rule counts of the whole workspace.
RefineStats refineStatistics(const std::vector<const Corpus*>& corpora, const RefineConfig& config,
                             const ProgressFn& progress = {});

}  // namespace cci::refine
