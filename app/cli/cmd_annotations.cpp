// `cci annotations stats|export`: agreement of annotators (with each other, gold and models) and exports of
// annotation sidecars as labelled corpora and rationale CSVs.
#include "commands.h"

#include "annotate/annotation_stats.h"
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "ensemble/vote_matrix.h"
#include "util/atomic_write.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace cci::cli {
namespace {

annotate::AnnotationSet mergedSidecars(const std::vector<std::string>& paths) {
    annotate::AnnotationSet all;
    for (const std::string& p : paths) all.merge(annotate::loadAnnotations(p));
    return all;
}

}  // namespace

Command annotationsCommand() {
    CommandSpec spec{
        .name = "annotations",
        .summary = "Annotation sidecars: agreement statistics and exports.",
        .usage = "cci annotations stats SIDECAR... [--gold FILE] [--predictions PRED,...]\n"
                 "       cci annotations export SIDECAR... --corpus FILE [--annotator NAME] -o OUT.json "
                 "[--rationales OUT.csv]",
        .details = "stats: per annotator the items annotated, agreement with gold and with each model (agreement and\n"
                   "Cohen's kappa), Cohen's kappa between annotators, Fleiss' kappa among all, and the items where\n"
                   "annotators disagree. Several sidecars (one per annotator) are merged.\n"
                   "export: the corpus with \"output\" from one annotator or, without --annotator, from the majority\n"
                   "(ties go to the first annotator by name and are listed); usable as gold for cci analyze.",
        .options = {{"gold", "FILE", "labelled corpus (stats: agreement with gold; reference for --predictions)"},
                    {"predictions", "PRED,...", "prediction files to compare annotators with (needs --gold)"},
                    {"corpus", "FILE", "export: the corpus the annotations belong to"},
                    {"annotator", "NAME", "export: take this annotator's choices instead of the majority"},
                    {"output", "OUT.json", "export: labelled corpus to write (atomic)"},
                    {"o", "OUT.json", "same as --output"},
                    {"rationales", "OUT.csv", "export: also write the rationales as CSV"}},
        .minPositionals = 2,
    };
    return {spec, [](const ParsedArgs& args) {
                const std::string sub = args.positionals.front();
                const std::vector<std::string> sidecars(args.positionals.begin() + 1, args.positionals.end());
                const annotate::AnnotationSet set = mergedSidecars(sidecars);
                if (sub == "stats") {
                    std::unique_ptr<Corpus> gold;
                    if (args.has("gold")) gold = std::make_unique<Corpus>(loadCorpus(args.value("gold")));
                    std::unique_ptr<ensemble::VoteMatrix> preds;
                    const std::vector<std::string> predFiles = args.list("predictions");
                    if (!predFiles.empty()) {
                        if (!gold) throw UsageError("--predictions needs --gold FILE (the file the predictions answer)");
                        preds = std::make_unique<ensemble::VoteMatrix>(ensemble::buildVoteMatrix(*gold, predFiles));
                    }
                    std::vector<const Corpus*> golds;
                    if (gold) golds.push_back(gold.get());
                    std::cout << annotate::agreementTable(annotate::annotationAgreement(set, golds, preds.get()));
                    return kExitOk;
                }
                if (sub == "export") {
                    const std::string out = args.value("output", args.value("o"));
                    if (!args.has("corpus")) throw UsageError("export needs --corpus FILE");
                    if (out.empty()) throw UsageError("export needs -o OUT.json");
                    const Corpus corpus = loadCorpus(args.value("corpus"));
                    const annotate::LabelExport e = annotate::exportLabels(corpus, set, args.value("annotator"));
                    saveCorpus(e.corpus, out);
                    if (args.has("rationales")) writeFileAtomic(args.value("rationales"), annotate::rationalesCsv(corpus, set));
                    std::printf("%zu items labelled, %zu without a choice, %zu majority ties\n",
                                corpus.samples.size() - e.missing.size(), e.missing.size(), e.ties.size());
                    for (const std::string& id : e.ties) std::printf("  tie: %s\n", id.c_str());
                    std::cerr << "cci annotations: wrote " << out << '\n';
                    return kExitOk;
                }
                throw UsageError("unknown subcommand \"" + sub + "\" (expected stats or export)");
            }};
}

}  // namespace cci::cli
