// Diff segments and rule queries for the refinement view.
#include "refine/refine_diff.h"

#include "text/unicode_text.h"

namespace cci::refine {

std::vector<DiffSegment> diffSegments(std::string_view original, const std::vector<RuleEdit>& edits) {
    const std::u32string text = text::toUtf32(original);
    std::vector<int> ruleAt(text.size(), 0);
    std::vector<int> editAt(text.size(), -1);
    // Edits are stored in application order, so the first edit covering a character is the rule that took it.
    for (std::size_t e = 0; e < edits.size(); ++e)
        for (std::uint32_t i = edits[e].begin; i < edits[e].end && i < text.size(); ++i)
            if (ruleAt[i] == 0) {
                ruleAt[i] = edits[e].rule;
                editAt[i] = int(e);
            }
    std::vector<DiffSegment> out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t j = i;
        while (j < text.size() && ruleAt[j] == ruleAt[i] && editAt[j] == editAt[i]) ++j;
        DiffSegment seg;
        seg.text = text::toUtf8(std::u32string_view(text).substr(i, j - i));
        seg.rule = ruleAt[i];
        if (editAt[i] >= 0 && (i == 0 || editAt[i - 1] != editAt[i]))
            seg.replacement = text::toUtf8(edits[std::size_t(editAt[i])].replacement);
        out.push_back(std::move(seg));
        i = j;
    }
    return out;
}

bool changedByRule(const Sample& sample, const RefineConfig& config, int rule) {
    RefineStats stats;
    RefineConfig untraced = config;
    untraced.trace = false;
    (void)refineSample(sample, untraced, nullptr, stats);
    const RuleStats& r = stats.rules[std::size_t(rule)];
    return r.utterancesChanged > 0 || r.utterancesEmptied > 0;
}

RefineStats refineStatistics(const std::vector<const Corpus*>& corpora, const RefineConfig& config,
                             const ProgressFn& progress) {
    RefineStats stats;
    RefineConfig untraced = config;
    untraced.trace = false;
    std::size_t total = 0, done = 0;
    for (const Corpus* c : corpora) total += c->samples.size();
    for (const Corpus* c : corpora)
        for (const Sample& s : c->samples) {
            if (progress && done % 1024 == 0 && !progress({"refine", done, total})) return stats;
            (void)refineSample(s, untraced, nullptr, stats);
            ++done;
        }
    return stats;
}

}  // namespace cci::refine
