// Refiner: per-utterance rule application, drop and merge, statistics.
#include "refine/refiner.h"

#include "text/unicode_text.h"

namespace cci::refine {
namespace {

// Applies the enabled rules in order to `t` (already reset to the utterance's text); updates per-rule stats.
void applyRules(EditableText& t, const RefineConfig& config, const RuleContext& context, RefineStats& stats,
                UtteranceTrace* trace, bool itemRuleSeen[]) {
    int emptiedBy = t.text().empty() ? -1 : 0;
    for (const int rule : applicationOrder()) {
        if (!config.enabled[std::size_t(rule)]) continue;
        if (rule == kGreetings && context.isReference && config.enabled[kKeepReferenceGreetings]) continue;
        const bool wasEmpty = t.text().empty();
        applyRule(rule, t, context);
        if (!wasEmpty && t.text().empty() && emptiedBy == 0) {
            emptiedBy = rule;
            ++stats.rules[std::size_t(rule)].utterancesEmptied;
        }
    }
    for (int rule = 1; rule <= kMaxRuleNumber; ++rule)
        if (t.changedBy(rule)) {
            auto& r = stats.rules[std::size_t(rule)];
            ++r.utterancesChanged;
            r.charactersRemoved += t.removedBy(rule);
            itemRuleSeen[rule] = true;
        }
    if (trace) {
        trace->edits = t.edits();
        trace->emptiedBy = emptiedBy;
    }
}

}  // namespace

std::array<bool, kMaxRuleNumber + 1> RefineConfig::publishedRules() {
    std::array<bool, kMaxRuleNumber + 1> on{};
    for (const RuleInfo& r : allRules()) on[std::size_t(r.number)] = r.published;
    return on;
}

Sample refineSample(const Sample& sample, const RefineConfig& config, ItemTrace* trace, RefineStats& stats,
                    std::vector<std::string>* warnings) {
    Sample out;
    out.id = sample.id;
    out.referenceIds = sample.referenceIds;
    out.category = sample.category;
    out.inferences = sample.inferences;
    out.output = sample.output;

    // Items reference one to three utterances: a linear scan beats building a hash set per item.
    auto isReference = [&](const Utterance& u) {
        for (const std::string& id : u.ids)
            for (const std::string& ref : sample.referenceIds)
                if (id == ref) return true;
        return false;
    };
    std::vector<bool> groupBlank;  // per refined utterance: every merged part is whitespace only
    bool itemRuleSeen[kMaxRuleNumber + 1] = {};
    if (trace) {
        trace->utterances.assign(sample.conversation.size(), {});
        trace->changed = false;
    }
    stats.utterancesIn += sample.conversation.size();

    bool lastIsReference = false;
    std::size_t mergesHere = 0, dropsHere = 0;
    for (std::size_t i = 0; i < sample.conversation.size(); ++i) {
        const Utterance& u = sample.conversation[i];
        const bool reference = isReference(u);
        UtteranceTrace* ut = trace ? &trace->utterances[i] : nullptr;
        thread_local EditableText work;  // reused across utterances: no allocation once warmed up
        work.reset(u.text, ut != nullptr);
        applyRules(work, config, RuleContext{reference}, stats, ut, itemRuleSeen);
        const std::u32string& refined = work.text();
        std::string refinedUtf8 = text::toUtf8(refined);
        bool blank = true;
        for (const char32_t c : refined) blank = blank && text::isSpace(c);
        if (ut) ut->refinedText = refinedUtf8;
        if (refined.empty()) {
            ++dropsHere;
            if (reference && warnings)
                warnings->push_back("reference utterance " + u.ids.front() +
                                    " became empty and was dropped; reference_id now names a missing utterance");
            continue;
        }
        const bool canMerge = config.mergeSameSpeaker && !out.conversation.empty() &&
                              out.conversation.back().speaker == u.speaker && !reference && !lastIsReference;
        if (canMerge) {
            Utterance& group = out.conversation.back();
            group.text += ' ';
            group.text += refinedUtf8;
            group.ids.insert(group.ids.end(), u.ids.begin(), u.ids.end());
            group.idIsList = true;
            groupBlank.back() = groupBlank.back() && blank;
            ++mergesHere;
        } else {
            Utterance next;
            next.speaker = u.speaker;
            next.text = std::move(refinedUtf8);
            next.ids = u.ids;
            next.idIsList = u.idIsList;
            out.conversation.push_back(std::move(next));
            groupBlank.push_back(blank);
        }
        lastIsReference = reference;
        if (ut) ut->refinedIndex = int(out.conversation.size()) - 1;
    }
    // A merged utterance whose stripped text is empty is dropped (cannot happen with the published rules, whose
    // parts are non-empty and stripped, but variants may leave whitespace-only parts).
    for (std::size_t k = out.conversation.size(); k-- > 0;) {
        if (!groupBlank[k]) continue;
        out.conversation.erase(out.conversation.begin() + std::ptrdiff_t(k));
        if (trace)
            for (UtteranceTrace& ut : trace->utterances) {
                if (ut.refinedIndex == int(k))
                    ut.refinedIndex = -1;
                else if (ut.refinedIndex > int(k))
                    --ut.refinedIndex;
            }
    }
    bool anyRule = false;
    for (int rule = 1; rule <= kMaxRuleNumber; ++rule)
        if (itemRuleSeen[rule]) {
            ++stats.rules[std::size_t(rule)].itemsAffected;
            anyRule = true;
        }
    stats.utterancesDropped += dropsHere;
    stats.merges += mergesHere;
    stats.itemsWithMerges += mergesHere > 0;
    stats.utterancesOut += out.conversation.size();
    const bool changed = anyRule || dropsHere > 0 || mergesHere > 0;
    stats.itemsChanged += changed;
    if (trace) trace->changed = changed;
    return out;
}

RefineResult refineCorpus(const Corpus& corpus, const RefineConfig& config, const ProgressFn& progress) {
    RefineResult result;
    result.corpus.sourcePath = {};
    result.corpus.split = corpus.split;
    result.corpus.samples.reserve(corpus.samples.size());
    if (config.trace) result.trace.resize(corpus.samples.size());
    const std::size_t n = corpus.samples.size();
    std::vector<std::string> warnings;
    for (std::size_t i = 0; i < n; ++i) {
        if (progress && i % 1024 == 0 && !progress({"refine", i, n})) {
            result.cancelled = true;
            return result;
        }
        warnings.clear();
        result.corpus.samples.push_back(refineSample(
            corpus.samples[i], config, config.trace ? &result.trace[i] : nullptr, result.stats, &warnings));
        for (std::string& w : warnings)
            result.warnings.push_back(Problem{.file = corpus.sourcePath,
                                              .itemIndex = long(i),
                                              .itemId = corpus.samples[i].id,
                                              .message = std::move(w)});
    }
    if (progress) progress({"refine", n, n});
    return result;
}

std::string refineText(std::string_view text, const RefineConfig& config) {
    RefineStats stats;
    bool seen[kMaxRuleNumber + 1] = {};
    EditableText t;
    t.reset(text, /*trace=*/false);
    applyRules(t, config, RuleContext{}, stats, nullptr, seen);
    return text::toUtf8(t.text());
}

}  // namespace cci::refine
