// `cci analyze [--gold FILE] PRED... -o report.json [--html report.html]`: per-model and ensemble accuracy,
// agreement and diversity, vote margins, leave-one-out and greedy selection, as JSON and a self-contained HTML.
#include "commands.h"
#include "vote_options.h"

#include "ensemble/analysis.h"
#include "ensemble/html_report.h"
#include "ensemble/vote_matrix.h"
#include "util/atomic_write.h"

#include <cmath>
#include <cstdio>
#include <iostream>

namespace cci::cli {

Command analyzeCommand() {
    std::vector<OptionSpec> options = {
        {"gold", "FILE",
         "labelled file (e.g. dev) with the gold answers; without it "
         "only label-free statistics are computed",
         false, FileRole::Input},
        {"output", "report.json", "JSON report to write (required; atomic)", false, FileRole::Output},
        {"o", "report.json", "same as --output", false, FileRole::Output},
        {"html", "report.html", "also write a self-contained HTML report", false, FileRole::Output}};
    for (OptionSpec& o : voteOptionSpecs()) options.push_back(o);
    CommandSpec spec{
        .name = "analyze",
        .summary = "Analyse an ensemble: accuracies, agreement, diversity, margins, leave-one-out, selection.",
        .usage = "cci analyze [--gold FILE] PRED... -o report.json [--html report.html] [--method ...]",
        .details = "All PRED files must list the same ids in the same order (as the gold file when given).",
        .options = options,
        .minPositionals = 1,
    };
    return {
        spec, [](const ParsedArgs& args) {
            const std::string out = args.value("output", args.value("o"));
            if (out.empty()) throw UsageError("missing -o report.json");
            const ensemble::VoteOptions options = voteOptionsFrom(args, args.positionals);
            Corpus reference = ensemble::loadReference(args.value("gold", args.positionals.front()));
            if (!args.has("gold"))
                for (Sample& s : reference.samples) s.output.clear();  // predictions are not gold
            const ensemble::VoteMatrix m = ensemble::buildVoteMatrix(reference, args.positionals);
            const ensemble::Analysis a = ensemble::analyze(m, options);
            // The report and its HTML are published together.
            std::vector<std::pair<std::string, std::string>> files = {{out, ensemble::analysisToJson(a)}};
            if (args.has("html"))
                files.emplace_back(args.value("html"), ensemble::analysisToHtml(a, "Ensemble analysis"));
            writeFilesAtomic(files);
            for (const ensemble::ModelStats& s : a.models) {
                if (!std::isfinite(s.accuracy)) {
                    std::printf("%-40s (no gold)\n", s.name.c_str());
                    continue;
                }
                std::printf("%-40s %.2f%% [95%%: %.1f-%.1f]", s.name.c_str(), 100 * s.accuracy,
                            100 * s.accuracyInterval.low, 100 * s.accuracyInterval.high);
                if (s.calibration)
                    std::printf("  ECE %.3f, %.3f at temperature %s", s.calibration->ece, s.calibrated->ece,
                                ensemble::temperatureText(s.temperature).c_str());
                std::printf("\n");
            }
            if (a.labelled) {
                // The answer-position table: how often each letter is picked against how often it is right.
                std::printf("\nanswer position, picked vs gold%*s  A      B      C      chi2 p\n", 9, "");
                for (const ensemble::ModelStats& s : a.models) {
                    const auto& b = s.positionBias;
                    std::printf("%-40s", s.name.c_str());
                    for (int p = 0; p < 3; ++p) std::printf(" %+5.1f%%", 100 * b.excess(p));
                    std::printf("  %.2g%s\n", b.pValue, b.large() ? "  <- letter preference" : "");
                }
                std::printf("%-40s", "gold share");
                for (double g : a.goldPositionShare) std::printf(" %5.1f%%", 100 * g);
                std::printf("\n");
                for (const ensemble::ModelStats& s : a.models)
                    if (const auto finding = ensemble::positionBiasFinding(s.name, s.positionBias); !finding.empty())
                        std::printf("note: %s\n", finding.c_str());
                std::printf("\n");
            }
            if (a.labelled) {
                std::printf("accuracy by vote margin: answering only items with margin >= t\n");
                for (const ensemble::CoveragePoint& p : a.marginCoverage)
                    std::printf("  t = %d: %zu items (%.1f%%), accuracy %.2f%%\n", p.minimumMargin, p.items,
                                100 * p.coverage, 100 * p.accuracy);
            }
            if (a.labelled)
                std::printf("ensemble (%s) %.2f%% [95%%: %.1f-%.1f], oracle %.2f%%, Fleiss' kappa %.3f\n",
                            std::string(ensemble::methodName(a.method)).c_str(), 100 * a.ensembleAccuracy,
                            100 * a.ensembleAccuracyInterval.low, 100 * a.ensembleAccuracyInterval.high,
                            100 * a.oracleAccuracy, a.fleissKappa);
            else
                std::printf("Fleiss' kappa %.3f; %zu items without a strict majority\n", a.fleissKappa,
                            a.ensemble.noMajority);
            std::cerr << "cci analyze: wrote " << out << (args.has("html") ? " and " + args.value("html") : "") << '\n';
            return kExitOk;
        }};
}

}  // namespace cci::cli
