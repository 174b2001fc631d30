// `cci annotations stats|export|label`: agreement of annotators (with each other, gold and models), exports of
// annotation sidecars as labelled corpora and rationale CSVs, and headless labelling from tab-separated lines.
#include "commands.h"

#include "annotate/annotation_book.h"
#include "annotate/annotation_stats.h"
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "ensemble/vote_matrix.h"
#include "util/atomic_write.h"
#include "util/file_lock.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <set>

namespace cci::cli {
namespace {

annotate::AnnotationSet mergedSidecars(const std::vector<std::string>& paths) {
    annotate::AnnotationSet all;
    for (const std::string& p : paths) all.merge(annotate::loadAnnotations(p));
    return all;
}

// "1".."3", "0" or "unsure", or "inference_N" -> the choice value; -2 when none of these.
int parseChoice(const std::string& text) {
    if (text.size() == 1 && text[0] >= '1' && text[0] <= '3') return text[0] - '1';
    if (text == "0") return annotate::kUnsure;
    return text.empty() ? -2 : annotate::choiceFromName(text);
}

// Applies "ID<TAB>CHOICE[<TAB>RATIONALE]" lines from stdin through the same AnnotationBook the Annotate tab uses, so
// every line is saved (atomically) before the next is read. Returns the number of items labelled.
std::size_t labelFromStdin(const std::string& corpusPath, const std::string& sidecar, const std::string& annotator) {
    const Corpus corpus = loadCorpus(corpusPath);
    std::set<std::string> ids;
    for (const Sample& s : corpus.samples) ids.insert(s.id);
    const FileLock lock(hiddenLockPathFor(sidecar), sidecar);  // two labellers at once would lose one's labels
    annotate::AnnotationBook book;
    book.setAnnotator(annotator);
    book.open(corpusPath, sidecar, std::filesystem::path(corpusPath).filename().string());
    std::string line;
    std::size_t lineNo = 0, labelled = 0;
    while (std::getline(std::cin, line)) {
        ++lineNo;
        if (lineNo == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a UTF-8 BOM (Windows editors)
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::string where = "stdin line " + std::to_string(lineNo) + ": ";
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos) throw Error(where + "expected ID<TAB>CHOICE[<TAB>RATIONALE]");
        const std::string id = line.substr(0, tab);
        const std::size_t tab2 = line.find('\t', tab + 1);
        const std::string choiceText =
            line.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1);
        if (!ids.count(id)) throw Error(where + "item \"" + id + "\" is not in " + corpusPath);
        const int choice = parseChoice(choiceText);
        if (choice < 0)
            throw Error(where + "choice \"" + choiceText + "\" is not 1, 2, 3, 0 (unsure) or inference_1..3");
        if (tab2 != std::string::npos)
            book.label(corpusPath, id, choice, line.substr(tab2 + 1));
        else
            book.choose(corpusPath, id, choice);
        ++labelled;
    }
    return labelled;
}

}  // namespace

Command annotationsCommand() {
    CommandSpec spec{
        .name = "annotations",
        .summary = "Annotation sidecars: agreement statistics and exports.",
        .usage =
            "cci annotations stats SIDECAR... [--gold FILE] [--predictions PRED,...]\n"
            "       cci annotations export SIDECAR... --corpus FILE [--annotator NAME] -o OUT.json "
            "[--rationales OUT.csv]\n"
            "       cci annotations label --corpus FILE [--sidecar FILE] [--annotator NAME] < LABELS.tsv",
        .details =
            "stats: per annotator the items annotated, agreement with gold and with each model (agreement and\n"
            "Cohen's kappa), Cohen's kappa between annotators, Fleiss' kappa among all, and the items where\n"
            "annotators disagree. Several sidecars (one per annotator) are merged.\n"
            "export: the corpus with \"output\" from one annotator or, without --annotator, from the majority\n"
            "(ties go to the first annotator by name and are listed); usable as gold for cci analyze.\n"
            "label: reads lines ID<TAB>CHOICE[<TAB>RATIONALE] from stdin (CHOICE: 1, 2, 3, 0 = unsure, or\n"
            "inference_1..3; lines starting with # are skipped) and records them as the annotator's choices in the\n"
            "corpus's sidecar (default <corpus>.annotations.json), saving after every line as the Annotate tab\n"
            "does. Unknown items and choices stop with an error naming the line; lines before it are kept.",
        .options = {{"gold", "FILE", "labelled corpus (stats: agreement with gold; reference for --predictions)", false,
                     FileRole::Input},
                    {"predictions", "PRED,...", "prediction files to compare annotators with (needs --gold)", false,
                     FileRole::Input},
                    {"corpus", "FILE", "export, label: the corpus the annotations belong to", false, FileRole::Input},
                    {"annotator", "NAME",
                     "export: take this annotator's choices instead of the majority; "
                     "label: record as this annotator (default: $USER)"},
                    {"sidecar", "FILE", "label: the sidecar to write (default <corpus>.annotations.json)"},
                    {"output", "OUT.json", "export: labelled corpus to write (atomic)", false, FileRole::Output},
                    {"o", "OUT.json", "same as --output", false, FileRole::Output},
                    {"rationales", "OUT.csv", "export: also write the rationales as CSV", false, FileRole::Output}},
        .minPositionals = 1,
    };
    return {
        spec, [](const ParsedArgs& args) {
            const std::string sub = args.positionals.front();
            if (sub == "label") {
                if (args.positionals.size() > 1) throw UsageError("label takes no sidecar arguments (use --sidecar)");
                if (!args.has("corpus")) throw UsageError("label needs --corpus FILE");
                const std::string corpus = args.value("corpus");
                const std::string sidecar = args.value("sidecar", annotate::sidecarPathFor(corpus));
                const char* user = std::getenv("USER");
                const std::string annotator = args.value("annotator", user && *user ? user : "annotator");
                // A name is what agreement tables and exports show: empty or with control characters it would
                // be a blank or broken row.
                const bool blank = annotator.find_first_not_of(" \t") == std::string::npos;
                if (blank || std::any_of(annotator.begin(), annotator.end(),
                                         [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
                    throw UsageError(
                        "--annotator must be a non-empty name without control characters (tabs, new lines)");
                const std::size_t n = labelFromStdin(corpus, sidecar, annotator);
                std::cerr << "cci annotations: " << n << " items labelled by " << annotator << " in " << sidecar
                          << '\n';
                return kExitOk;
            }
            if (args.positionals.size() < 2) throw UsageError(sub + " needs at least one SIDECAR file");
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
                if (!set.items().empty() && std::none_of(corpus.samples.begin(), corpus.samples.end(),
                                                         [&](const Sample& s) { return set.items().count(s.id) > 0; }))
                    throw Error("none of the " + std::to_string(set.items().size()) + " annotated items is in " +
                                args.value("corpus") + " (the sidecar belongs to another corpus?); nothing written");
                // The labelled corpus and its rationales are published together (a full disk leaves both old).
                std::vector<std::pair<std::string, std::string>> files = {{out, corpusToJson(e.corpus)}};
                if (args.has("rationales"))
                    files.emplace_back(args.value("rationales"), annotate::rationalesCsv(corpus, set));
                writeFilesAtomic(files);
                std::printf("%zu items labelled, %zu without a choice, %zu majority ties\n",
                            corpus.samples.size() - e.missing.size(), e.missing.size(), e.ties.size());
                for (const std::string& id : e.ties) std::printf("  tie: %s\n", id.c_str());
                std::cerr << "cci annotations: wrote " << out << '\n';
                return kExitOk;
            }
            throw UsageError("unknown subcommand \"" + sub + "\" (expected stats, export or label)");
        }};
}

}  // namespace cci::cli
