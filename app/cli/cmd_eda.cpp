// `cci eda FILE... --out DIR [--refined] [--stop-words FILE] [--jamo] [--top N]`: the exploration charts and numbers
// of each corpus file (raw, and refined beside it with --refined): category and gold-answer distributions, turns and
// total-length histograms, the per-item total length table, a word cloud and a summary JSON with every number.
#include "commands.h"
#include "model_option.h"
#include "template_kwargs_option.h"

#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "prompt/prompt_style.h"
#include "refine/refiner.h"
#include "stats/eda_report.h"
#include "tokenizer/load_tokenizer.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#ifdef CCI_WITH_CHARTS
#include "charts/eda_charts.h"
#include "charts/word_cloud.h"

#include <QApplication>
#endif

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace cci::cli {

namespace {

std::set<std::string> readStopWords(const std::string& path) {
    std::set<std::string> words;
    std::istringstream in(readFile(path));
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty() && line[0] != '#') words.insert(line);
    }
    return words;
}

#ifdef CCI_WITH_CHARTS
QApplication& chartApplication() {
    // Charts are drawn offscreen: a command-line tool never needs a display.
    if (!std::getenv("QT_QPA_PLATFORM")) setenv("QT_QPA_PLATFORM", "offscreen", 1);
    static int argc = 1;
    static char name[] = "cci";
    static char* argv[] = {name, nullptr};
    static QApplication app(argc, argv);
    return app;
}
#endif

}  // namespace

Command edaCommand() {
    CommandSpec spec{
        .name = "eda",
        .summary = "Charts and numbers of a corpus: categories, answers, turns, lengths, words (raw and refined).",
        .usage =
            "cci eda FILE... --out DIR [--refined] [--stop-words FILE] [--jamo] [--top N]\n"
            "        [--model DIR [--max-seq-length N] [--styles A,B] [--template-kwargs K=V,…]]",
        .details =
            "For each FILE with stem S, writes into DIR: S_category_distribution.png, S_output_distribution.png,\n"
            "S_conversation_length_distribution.png, S_total_utterance_length_distribution.png,\n"
            "S_total_utterance_lengths.csv (id,total_utterance_length), S_wordcloud.png and S_summary.json\n"
            "(every number the charts show). --refined adds the refined corpus beside the raw one.\n"
            "Total utterance length = Unicode code points summed over the conversation's utterances.\n"
            "--model adds S_token_length_distribution.png and \"token_lengths\" in the summary: each style's prompt\n"
            "length in the model's tokens (through its chat template) and the items over --max-seq-length (1024).",
        .options = {{"out", "DIR", "output folder (created if needed)"},
                    {"refined", "", "also the refined corpus (default rules), side by side with the raw one"},
                    {"stop-words", "FILE",
                     "stop words for the word cloud, one per line (default: a small built-in list)"},
                    {"jamo", "", "keep words made only of jamo (ㅋㅋ, ㅠㅠ) in the word cloud"},
                    {"top", "N", "words in the word cloud (100)"},
                    {"model", "DIR|ORG/NAME",
                     "model folder (or cached hub id) whose tokenizer and chat template measure the prompts"},
                    revisionOptionSpec(),
                    {"max-seq-length", "N", "cut-off for the token lengths (1024)"},
                    {"styles", "A,B", "prompt styles to measure (default: every bundled style)"},
                    templateKwargsOptionSpec()},
        .minPositionals = 1,
    };
    return {
        spec, [](const ParsedArgs& args) -> int {
            if (!args.has("out")) throw UsageError("missing --out DIR");
            const std::string out = args.value("out");
            std::error_code ec;
            std::filesystem::create_directories(out, ec);
            if (ec) throw Error(out + ": cannot create the folder: " + ec.message());
            stats::WordOptions words;
            words.stopWords =
                args.has("stop-words") ? readStopWords(args.value("stop-words")) : stats::defaultStopWords();
            words.includeJamoOnly = args.has("jamo");
            words.top = std::size_t(args.intValue("top", 100));
            std::optional<tok::LoadedTokenizer> tokenizer;
            std::optional<chat::ResolvedTemplate> chatTemplate;
            std::vector<prompt::PromptStyle> styles;
            const std::size_t maxSeq = std::size_t(args.intValue("max-seq-length", 1024));
            if (args.has("model")) {
                const std::string modelFolder = resolveModelOption(args.value("model"), args);
                tokenizer = tok::loadTokenizer(modelFolder);
                if (tokenizer->config.hasChatTemplate())
                    chatTemplate = chat::resolveChatTemplate(modelFolder, templateKwargsOption(args));
                if (args.has("styles")) {
                    for (const auto& name : args.list("styles")) styles.push_back(prompt::findPromptStyle(name));
                } else {
                    styles = prompt::loadPromptStyles(prompt::bundledPromptDir());
                }
            }
            // Shortcut baselines' priors are fitted on a train split among the files, when one is given.
            std::optional<Corpus> trainSplit;
            for (const std::string& file : args.positionals)
                if (guessSplit(std::filesystem::path(file).filename().string()) == Split::Train)
                    trainSplit = loadCorpus(file);
            for (const std::string& file : args.positionals) {
                const Corpus corpus = loadCorpus(file);
                const bool isTrain = guessSplit(std::filesystem::path(file).filename().string()) == Split::Train;
                const auto baselines = stats::shortcutBaselines(trainSplit && !isTrain ? *trainSplit : corpus, corpus);
                for (const auto& b : baselines)
                    if (b.items)
                        std::cerr << file << ": shortcut \"" << b.name << "\" " << 100 * b.accuracy << "%"
                                  << (b.inSample ? " (in-sample)" : "") << "\n";
                const std::string stem = std::filesystem::path(file).stem().string();
                const std::string base = out + "/" + stem + "_";
                stats::EdaSet raw{stats::computeStats(corpus), stats::wordFrequencies(corpus, words)};
                std::optional<stats::EdaSet> refined;
                if (args.has("refined")) {
                    const Corpus r = refine::refineCorpus(corpus).corpus;
                    refined = stats::EdaSet{stats::computeStats(r), stats::wordFrequencies(r, words)};
                }
                // One corpus's files are published together (a full disk leaves the earlier set, never new files
                // beside old ones).
                std::vector<std::pair<std::string, std::string>> files;
                files.emplace_back(base + "total_utterance_lengths.csv", stats::totalLengthsCsv(corpus, raw.stats));
                std::vector<stats::StyleTokenLengths> tokenLengths;
                if (tokenizer)
                    tokenLengths = stats::promptTokenLengths(corpus, styles, chatTemplate ? &*chatTemplate : nullptr,
                                                             *tokenizer->tokenizer, maxSeq);
                files.emplace_back(base + "summary.json",
                                   stats::edaSummaryJson(file, raw, refined, tokenLengths, maxSeq, baselines));
#ifdef CCI_WITH_CHARTS
                chartApplication();
                for (auto chart : {charts::EdaChart::Categories, charts::EdaChart::Outputs, charts::EdaChart::Turns,
                                   charts::EdaChart::TotalLength}) {
                    const QByteArray png = charts::edaChartPng(chart, raw.stats, refined ? &refined->stats : nullptr);
                    files.emplace_back(base + charts::chartFileSuffix(chart).toStdString() + ".png",
                                       std::string(png.constData(), std::size_t(png.size())));
                }
                if (!tokenLengths.empty()) {
                    const QByteArray png = charts::tokenLengthChartPng(tokenLengths, maxSeq);
                    files.emplace_back(base + "token_length_distribution.png",
                                       std::string(png.constData(), std::size_t(png.size())));
                }
                const QByteArray cloud = charts::imagePng(charts::renderWordCloud(
                    raw.words, QSize(960, 600), QString::fromStdString(stem) + QStringLiteral(" — words")));
                files.emplace_back(base + "wordcloud.png", std::string(cloud.constData(), std::size_t(cloud.size())));
                writeFilesAtomic(files);
                std::cerr << file << ": " << corpus.samples.size() << " items -> " << base << "*.png, .csv, .json\n";
#else
                writeFilesAtomic(files);
                std::cerr << file << ": " << corpus.samples.size() << " items -> " << base
                              << "total_utterance_lengths.csv, summary.json (this headless build draws no PNG charts;"
                                 " the workbench build does)\n";
#endif
            }
            return kExitOk;
        }};
}

}  // namespace cci::cli
