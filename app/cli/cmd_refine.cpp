// `cci refine IN.json -o OUT.json`: the published 9-rule cleaning (and optional variants) over a corpus file,
// written atomically, with an optional per-rule report.
#include "commands.h"
#include "progress_bar.h"

#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "refine/refiner.h"

#include <cstdio>
#include <iostream>

namespace cci::cli {
namespace {

std::string ruleNames() {
    std::string out;
    for (const refine::RuleInfo& r : refine::allRules())
        out += (out.empty() ? "" : ", ") + std::string(r.name) + " (" + std::to_string(r.number) + ")";
    return out;
}

const refine::RuleInfo& ruleOrUsageError(const std::string& name) {
    const refine::RuleInfo* rule = refine::findRule(name);
    if (!rule) throw UsageError("unknown rule \"" + name + "\"; rules are: " + ruleNames());
    return *rule;
}

void printReport(const refine::RefineResult& r, std::size_t items) {
    const refine::RefineStats& s = r.stats;
    std::printf("%-4s %-26s %12s %12s %12s %12s\n", "rule", "name", "utterances", "chars", "emptied", "items");
    for (const refine::RuleInfo& info : refine::allRules()) {
        const refine::RuleStats& rs = s.rules[std::size_t(info.number)];
        std::printf("%-4d %-26s %12zu %12ld %12zu %12zu\n", info.number, std::string(info.name).c_str(),
                    rs.utterancesChanged, rs.charactersRemoved, rs.utterancesEmptied, rs.itemsAffected);
    }
    std::printf("utterances: %zu in, %zu dropped, %zu merged into the previous one, %zu out\n", s.utterancesIn,
                s.utterancesDropped, s.merges, s.utterancesOut);
    std::printf("items: %zu, %zu changed, %zu with merges\n", items, s.itemsChanged, s.itemsWithMerges);
}

}  // namespace

Command refineCommand() {
    CommandSpec spec{
        .name = "refine",
        .summary = "Clean a corpus with the published 9 refinement rules (and optional variants).",
        .usage = "cci refine IN.json -o OUT.json [--disable RULE]... [--enable RULE]... [--no-merge] [--report]",
        .details =
            "Rules run in order on every utterance; emptied utterances are dropped and consecutive utterances\n"
            "of one speaker are merged (never across a reference utterance). With no options the output is\n"
            "the published refined corpus. RULE is a name or number:\n  " +
            ruleNames() +
            "\nRules 10+ are variants beyond the published recipe, off unless --enable'd.\n"
            "The input is validated first; nothing is written when it has problems.",
        .options = {{"output", "OUT.json", "refined corpus to write (required; written atomically)", false,
                     FileRole::Output},
                    {"o", "OUT.json", "same as --output", false, FileRole::Output},
                    {"disable", "RULE", "turn a rule off (repeatable)"},
                    {"enable", "RULE", "turn a rule or variant on (repeatable)"},
                    {"no-merge", "", "do not merge consecutive utterances of the same speaker"},
                    {"report", "", "print per-rule counts: utterances changed, characters removed, emptied, items"},
                    {"quiet", "", "no progress output"}},
        .minPositionals = 1,
        .maxPositionals = 1,
    };
    return {spec, [](const ParsedArgs& args) {
                const std::string out = args.value("output", args.value("o"));
                if (out.empty()) throw UsageError("missing -o OUT.json");
                refine::RefineConfig config;
                config.trace = false;
                config.mergeSameSpeaker = !args.has("no-merge");
                for (const auto& [option, on] : {std::pair{"disable", false}, std::pair{"enable", true}})
                    for (const std::string& name : args.list(option))
                        config.enabled[std::size_t(ruleOrUsageError(name).number)] = on;
                const std::string& in = args.positionals.front();
                const CorpusReadResult read = readCorpusFile(in);
                if (!read.ok()) {
                    for (const Problem& p : read.problems) std::cout << p.toString() << '\n';
                    std::cerr << "cci refine: " << in << " has " << read.problems.size()
                              << " problem(s); nothing written\n";
                    return kExitBadInput;
                }
                reportWarnings(read.corpus.warnings);
                ProgressBar bar;
                const refine::RefineResult result =
                    refine::refineCorpus(read.corpus, config, args.has("quiet") ? ProgressFn{} : bar.callback());
                bar.finish();
                saveCorpus(result.corpus, out);
                for (const Problem& w : result.warnings) std::cerr << "warning: " << w.toString() << '\n';
                if (args.has("report")) printReport(result, read.corpus.samples.size());
                std::cerr << "cci refine: wrote " << out << " (" << result.corpus.samples.size() << " items"
                          << (config.isPublished() ? ", published recipe" : ", modified recipe") << ")\n";
                return kExitOk;
            }};
}

}  // namespace cci::cli
