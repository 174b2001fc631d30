// Ensemble voting and statistics: published tie-breaking, soft vs hard, hand-computed kappa/Q/double-fault/
// McNemar/entropy/KW values, Fleiss' kappa on the textbook example, and errors for misaligned files.
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "ensemble/analysis.h"
#include "ensemble/answer_reader.h"
#include "ensemble/held_out.h"
#include "ensemble/vote_matrix.h"
#include "ensemble/voting.h"
#include "infer/predict.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

#include <QTemporaryDir>
#include <QtTest>

using namespace cci;
using namespace cci::ensemble;

namespace {

std::vector<std::int8_t> letters(const QString& s) {
    std::vector<std::int8_t> out;
    for (const QChar c : s) out.push_back(std::int8_t(c.unicode() - 'A'));
    return out;
}

// A matrix with one item per row of `rows` (each a string of model votes) and gold answers.
VoteMatrix matrix(const QStringList& rows, const QString& gold) {
    VoteMatrix m;
    const int models = int(rows.front().size());
    for (int k = 0; k < models; ++k) {
        m.modelNames.push_back("m" + std::to_string(k));
        m.modelFiles.push_back("m" + std::to_string(k) + ".json");
    }
    m.probs.assign(std::size_t(models), {});
    for (int i = 0; i < rows.size(); ++i) {
        m.ids.push_back("item" + std::to_string(i));
        m.category.push_back(std::int8_t(i % 5));
        m.gold.push_back(gold.isEmpty() ? std::int8_t(-1) : letters(gold.mid(i, 1))[0]);
        for (std::int8_t v : letters(rows[i])) m.votes.push_back(v);
    }
    return m;
}

}  // namespace

class TestEnsemble : public QObject {
    Q_OBJECT
private slots:
    void predictionsOfRunsAreNamedByTheirRun() {
        // Every run's Predict… writes RUN/predictions/dev.json: in tables they are told apart by the run.
        QTemporaryDir dir;
        QVERIFY(QDir().mkpath(dir.filePath("lora-r16/predictions")));
        QFile run(dir.filePath("lora-r16/run.json"));
        QVERIFY(run.open(QIODevice::WriteOnly));
        run.write("{}");
        run.close();
        QCOMPARE(ensemble::predictionName(dir.filePath("lora-r16/predictions/dev.json").toStdString()),
                 std::string("lora-r16 · dev"));
        QVERIFY(QDir().mkpath(dir.filePath("other/predictions")));  // no run.json: not a run
        QCOMPARE(ensemble::predictionName(dir.filePath("other/predictions/dev.json").toStdString()),
                 std::string("dev"));
        QCOMPARE(ensemble::predictionName("/x/solar_dev.json"), std::string("solar_dev"));
    }

    void sidecarsAreNoPredictionFiles() {
        // The Ensemble tab's file chooser leaves them out (it listed pred.probs.json and pred.audit.json); the
        // names are the ones predict writes beside a prediction.
        const std::string pred = "/runs/r/predictions/dev.json";
        QVERIFY(!ensemble::isPredictionSidecar(pred));
        QVERIFY(ensemble::isPredictionSidecar(infer::probsPathFor(pred)));
        QVERIFY(ensemble::isPredictionSidecar(infer::auditPathFor(pred)));
        QVERIFY(!ensemble::isPredictionSidecar("/x/demo_dev.json"));
    }

    void hardVoteTieBreaksAsPublished_data() {
        QTest::addColumn<QString>("votes");
        QTest::addColumn<QString>("expected");  // Python: max(votes, key=votes.count)
        QTest::addRow("2-2-1, A first") << "AABBC"
                                        << "A";
        QTest::addRow("2-2-1, B first") << "BBAAC"
                                        << "B";
        QTest::addRow("2-2-1, loser first") << "CABAB"
                                            << "A";
        QTest::addRow("2-2-1, loser first, B next") << "CBABA"
                                                    << "B";
        QTest::addRow("1-1-1 ABC") << "ABC"
                                   << "A";
        QTest::addRow("1-1-1 CBA") << "CBA"
                                   << "C";
        QTest::addRow("1-1-1 BCA") << "BCA"
                                   << "B";
        QTest::addRow("11 models, C and A tied at 4") << "CCBBBAAACCA"
                                                      << "C";
        QTest::addRow("11 models, A and B tied at 4") << "ABCABCABCAB"
                                                      << "A";
        QTest::addRow("11 models, A and C tied, B first") << "BACCABBACCA"
                                                          << "A";
        QTest::addRow("clear majority") << "CCCAB"
                                        << "C";
        QTest::addRow("single model") << "B"
                                      << "B";
    }
    void hardVoteTieBreaksAsPublished() {
        QFETCH(QString, votes);
        QFETCH(QString, expected);
        const auto v = letters(votes);
        QCOMPARE(hardVote(v.data(), v.size()), int(letters(expected)[0]));
        // The same through the matrix path.
        const VoteResult r = vote(matrix({votes}, QString()));
        QCOMPARE(int(r.answer[0]), int(letters(expected)[0]));
    }

    void softAndWeightedCanDisagreeWithHard() {
        VoteMatrix m = matrix({"AAB"}, "B");
        m.probs = {{0.40f, 0.35f, 0.25f}, {0.40f, 0.35f, 0.25f}, {0.05f, 0.90f, 0.05f}};
        QCOMPARE(int(vote(m).answer[0]), 0);                      // hard: A (2 votes)
        QCOMPARE(int(vote(m, {VoteMethod::Soft}).answer[0]), 1);  // mean: B 0.533 > A 0.283
        QCOMPARE(int(vote(m, {VoteMethod::Weighted, {0.2, 0.2, 0.9}}).answer[0]), 1);
        QCOMPARE(int(vote(m, {VoteMethod::Weighted, {1.0, 1.0, 1.0}}).answer[0]), 0);
        // A weighted tie goes to the earliest model's option, as in hard voting.
        QCOMPARE(int(vote(m, {VoteMethod::Weighted, {0.5, 0.5, 1.0}}).answer[0]), 0);
        m.probs[2].clear();
        QVERIFY_THROWS_EXCEPTION(Error, vote(m, {VoteMethod::Soft}));
        QVERIFY_THROWS_EXCEPTION(Error, vote(m, {VoteMethod::Weighted, {1.0}}));
    }

    void noMajorityIsReported() {
        const VoteResult r = vote(matrix(QStringList{"AABBC", "AAABC"}, QString()));
        QCOMPARE(r.noMajority, std::size_t(1));  // 2-2-1 has no option above half; 3-1-1 has
        QCOMPARE(r.margin, (std::vector<int>{0, 2}));
    }

    void cohenKappaHandComputed() {
        // po = 5/8, pe = (3*3 + 3*3 + 2*2)/64 = 22/64, kappa = (5/8 - 22/64) / (1 - 22/64) = 3/7.
        const auto a = letters("AABBCCAB"), b = letters("ABBBCAAC");
        QCOMPARE(agreement(a, b), 0.625);
        QVERIFY(qFuzzyCompare(cohenKappa(a, b), 3.0 / 7.0));
        QCOMPARE(cohenKappa(a, a), 1.0);
    }

    void correctnessMeasuresHandComputed() {
        // Gold all A. Items 1-4 both right, 5-6 both wrong, 7-9 only a right, 10 only b right:
        // N11=4, N00=2, N10=3, N01=1 -> Q = (8 - 3) / (8 + 3) = 5/11, double fault = 2/10.
        const auto gold = letters("AAAAAAAAAA");
        const auto a = letters("AAAABBAAAC"), b = letters("AAAACCBCBA");
        QVERIFY(qFuzzyCompare(yulesQ(a, b, gold), 5.0 / 11.0));
        QCOMPARE(doubleFault(a, b, gold), 0.2);
        // McNemar: b = 3, c = 1 -> exact two-sided p = 2 * (C(4,0) + C(4,1)) / 16 = 0.625.
        const McNemar t = mcnemar(a, b, gold);
        QCOMPARE(t.onlyFirstRight, std::size_t(3));
        QCOMPARE(t.onlySecondRight, std::size_t(1));
        QVERIFY(t.exact);
        QVERIFY(qFuzzyCompare(t.pValue, 0.625));
        QVERIFY(qFuzzyCompare(t.chiSquared, 0.25));  // (|3 - 1| - 1)^2 / 4
    }

    void fleissKappaTextbookExample() {
        // Fleiss (1971) style example: 10 subjects, 14 raters, 5 categories; P = 0.378, Pe = 0.213, kappa = 0.210.
        const std::vector<std::vector<int>> counts = {
            {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
            {7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}};
        QVERIFY(std::fabs(fleissKappa(counts) - 0.20993) < 5e-5);
        // Perfect agreement on varied answers is kappa 1.
        QCOMPARE(fleissKappa(matrix({"AAA", "BBB", "CCC"}, QString()), {0, 1, 2}), 1.0);
    }

    void entropyAndKohaviWolpert() {
        // 3 models, gold A: item 1 all right (l=3), item 2 one right (l=1).
        // E = (min(3,0) + min(1,2)) / (2 * (3 - 2)) = 0.5; KW = (3*0 + 1*2) / (2 * 9) = 1/9.
        const VoteMatrix m = matrix({"AAA", "ABC"}, "AA");
        QCOMPARE(entropyMeasure(m, {0, 1, 2}), 0.5);
        QVERIFY(qFuzzyCompare(kohaviWolpertVariance(m, {0, 1, 2}), 1.0 / 9.0));
    }

    void analysisOracleLeaveOneOutAndGreedy() {
        // Gold ABCAB; models' answers per item are the rows.
        const VoteMatrix m = matrix({"ACA", "BCC", "CCA", "BAA", "ABC"}, "ABCAB");
        const Analysis a = analyze(m);
        QCOMPARE(a.models[0].accuracy, 0.6);
        QCOMPARE(a.oracleAccuracy, 1.0);
        // Hard votes: ACA->A, BCC->C, CCA->C, BAA->A, ABC->A  => right on items 0, 2, 3: 0.6.
        QCOMPARE(a.ensembleAccuracy, 0.6);
        QCOMPARE(a.leaveOneOut.size(), std::size_t(3));
        // Without m2: votes AC, BC, CC, BA, AB -> A, B, C, B, A (ties to the first): right on items 0-2 -> 0.6.
        // Against the full vote (A, C, C, A, A) items 1 (now right) and 3 (now wrong) flip.
        QCOMPARE(a.leaveOneOut[2].accuracy, 0.6);
        QCOMPARE(a.leaveOneOut[2].flips, (std::vector<std::string>{"item1", "item3"}));
        QCOMPARE(a.leaveOneOut[2].fixed, std::size_t(1));
        QCOMPARE(a.leaveOneOut[2].broken, std::size_t(1));
        QVERIFY(!a.greedySelection.empty());
        QCOMPARE(a.greedySelection[0].accuracy, 0.6);  // the best single model
        QCOMPARE(a.marginHistogram.size(), std::size_t(4));
        // McNemar between m0 (right on items 0-2) and m1 (right on 2-4): b = 2, c = 2 -> p = 1.
        QCOMPARE(a.mcnemarP[0][1], 1.0);
        QCOMPARE(a.mcnemarP[0][1], a.mcnemarP[1][0]);
        const QString json = QString::fromStdString(analysisToJson(a));
        for (const char* key :
             {"\"models\"", "\"ensemble\"", "\"oracle_accuracy\"", "\"fleiss_kappa\"", "\"pairwise\"",
              "\"double_fault\"", "\"mcnemar_p\"", "\"leave_one_out\"", "\"position_share\"", "\"per_category\""})
            QVERIFY2(json.contains(QLatin1String(key)), key);
    }

    void positionBiasHandComputed() {
        auto letters = [](const std::string& s) {
            std::vector<std::int8_t> v;
            for (const char c : s) v.push_back(c == '-' ? -1 : std::int8_t(c - 'A'));
            return v;
        };
        // Gold 5 A, 5 B, 10 C; picks 8 A, 5 B, 7 C: chi-squared 9/5 + 0 + 9/10 = 2.7, 2 degrees of freedom.
        const auto gold = letters("AAAAABBBBBCCCCCCCCCC");
        const auto picks = letters("AAAAABBBBBAAACCCCCCC");
        const PositionBias b = measurePositionBias(picks, gold);
        QCOMPARE(b.items, std::size_t(20));
        QCOMPARE(b.counts[2][0], std::size_t(3));  // gold C, picked A
        QCOMPARE(b.counts[2][2], std::size_t(7));
        QCOMPARE(b.counts[0][0], std::size_t(5));
        QVERIFY(qFuzzyCompare(b.chiSquared, 2.7));
        QVERIFY(qFuzzyCompare(b.pValue, std::exp(-1.35)));
        QVERIFY(qFuzzyCompare(b.excess(0), 0.15));
        QCOMPARE(b.mostOverPicked(), 0);
        QVERIFY(!b.large());  // p = 0.26
        QVERIFY(positionBiasFinding("m", b).empty());
        // Two letters in gold (1 degree of freedom): 10 A, 10 B against 15 A, 5 B -> chi-squared 5, p =
        // erfc(sqrt(2.5)).
        const PositionBias two = measurePositionBias(letters("AAAAAAAAAAAAAAABBBBB"), letters("AAAAAAAAAABBBBBBBBBB"));
        QVERIFY(qFuzzyCompare(two.chiSquared, 5.0));
        QVERIFY(qFuzzyCompare(two.pValue, std::erfc(std::sqrt(2.5))));
        // Always A over 30 balanced items: (30-10)^2/10 + 10 + 10 = 60.
        const PositionBias always =
            measurePositionBias(letters(std::string(30, 'A')), letters("AAAAAAAAAABBBBBBBBBBCCCCCCCCCC"));
        QVERIFY(qFuzzyCompare(always.chiSquared, 60.0));
        QVERIFY(always.large());
        const std::string finding = positionBiasFinding("run-7", always);
        QVERIFY2(finding.find("run-7 picks A for 100.0% of the items where A is right for 33.3%") == 0,
                 finding.c_str());
        // Unlabelled items are skipped; none labelled gives no bias.
        QCOMPARE(measurePositionBias(letters("AB"), letters("-A")).items, std::size_t(1));
        QVERIFY(!measurePositionBias(letters("AB"), letters("--")).large());
        // In the analysis and its report.
        const Analysis a = analyze(matrix({"A", "A", "A", "A", "A", "A"}, "ABCABC"));
        QCOMPARE(a.models[0].positionBias.counts[1][0], std::size_t(2));
        const auto report = nlohmann::json::parse(analysisToJson(a));
        QCOMPARE(report["models"][0]["position_bias"]["gold_by_picked"].dump(),
                 std::string("[[2,0,0],[2,0,0],[2,0,0]]"));
        QVERIFY(report["models"][0]["position_bias"]["p_value"].get<double>() < 0.05);
    }

    void calibratedSoftVotingUsesEachModelsTemperature() {
        // Model 0 (0.6, 0.3, 0.1), model 1 (0.1, 0.45, 0.45): the mean (0.35, 0.375, 0.275) picks B. Sharpened at
        // T = 0.25, model 0 becomes (0.6^4, 0.3^4, 0.1^4) / sum = (0.9403, 0.0588, 0.0007) and the mean picks A.
        VoteMatrix m = matrix({"AB"}, "A");
        m.probs = {{0.6f, 0.3f, 0.1f}, {0.1f, 0.45f, 0.45f}};
        VoteOptions soft;
        soft.method = VoteMethod::Soft;
        QCOMPARE(int(vote(m, soft).answer[0]), 1);
        soft.temperatures = {0.25, 1.0};
        QCOMPARE(int(vote(m, soft).answer[0]), 0);
        soft.temperatures = {0.25};
        QVERIFY(QString::fromStdString([&] {
                    try {
                        vote(m, soft);
                    } catch (const Error& e) {
                        return std::string(e.what());
                    }
                    return std::string();
                }())
                    .contains("one temperature per model"));
    }

    void heldOutFitsComeFromTheRunsDevEvaluation() {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        // Gold of four dev items: A, B, C, A.
        const std::string gold = root + "/dev.json";
        Corpus dev = loadCorpus(std::string(CCI_DEMO_DIR) + "/demo_dev.json");
        dev.samples.resize(4);
        const char* answers[] = {"inference_1", "inference_2", "inference_3", "inference_1"};
        for (std::size_t i = 0; i < 4; ++i) dev.samples[i].output = answers[i];
        saveCorpus(dev, gold);
        const auto probsFile = [&](const std::string& path, const std::vector<std::array<double, 3>>& rows) {
            nlohmann::json j = nlohmann::json::array();
            for (std::size_t i = 0; i < rows.size(); ++i) j.push_back({{"id", dev.samples[i].id}, {"probs", rows[i]}});
            std::filesystem::create_directories(std::filesystem::path(path).parent_path());
            writeFileAtomic(path, j.dump());
        };
        const std::string run = root + "/runs/r1";
        std::filesystem::create_directories(run + "/predictions");
        writeFileAtomic(
            run + "/run.json",
            nlohmann::json{{"dev", {{"file", gold}}}, {"best", {{"step", 4}}}, {"status", "finished"}}.dump());
        // The last evaluation: right on 3 of 4, overconfident; the best (step 4): right on all 4.
        probsFile(run + "/dev_predictions.probs.json",
                  {{0.98, 0.01, 0.01}, {0.01, 0.98, 0.01}, {0.98, 0.01, 0.01}, {0.98, 0.01, 0.01}});
        probsFile(run + "/dev_evaluations/step-000004.probs.json",
                  {{0.7, 0.2, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.2, 0.7}, {0.7, 0.2, 0.1}});
        const auto last = heldOutFit(run + "/predictions/test.json");
        QVERIFY(last.has_value());
        QCOMPARE(last->items, std::size_t(4));
        QCOMPARE(last->accuracy, 0.75);
        QVERIFY(last->temperature > 1);  // 0.98 on a wrong answer: softened
        // The temperature minimises the NLL of gold: a little either way is worse.
        const std::vector<float> p = {0.98f, 0.01f, 0.01f, 0.01f, 0.98f, 0.01f,
                                      0.98f, 0.01f, 0.01f, 0.98f, 0.01f, 0.01f};
        const std::vector<std::int8_t> g = {0, 1, 2, 0};
        const auto nll = [&](double t) { return measureCalibration(withTemperature(p, t), g).nll; };
        QVERIFY(nll(last->temperature) <= nll(last->temperature * 1.05));
        QVERIFY(nll(last->temperature) <= nll(last->temperature / 1.05));
        const auto best = heldOutFit(run + "/predictions/test-best.json");
        QVERIFY(best.has_value());
        QCOMPARE(best->accuracy, 1.0);
        QVERIFY(best->probabilitiesFile.ends_with("dev_evaluations/step-000004.probs.json"));
        // Weighted voting weights by the held-out accuracies, soft voting calibrates.
        VoteOptions weighted;
        weighted.method = VoteMethod::Weighted;
        applyHeldOut(weighted, {*last, *best});
        QCOMPARE(weighted.weights, (std::vector<double>{0.75, 1.0}));
        QVERIFY(weighted.temperatures.empty());
        // A file outside a run has nothing to fit on, and the error names it.
        QVERIFY(!heldOutFit(root + "/elsewhere/test.json").has_value());
        QString message;
        try {
            heldOutFits({run + "/predictions/test.json", root + "/elsewhere/test.json"});
        } catch (const Error& e) {
            message = e.what();
        }
        QVERIFY2(message.startsWith(QString::fromStdString(root + "/elsewhere/test.json: no held-out predictions")),
                 qPrintable(message));
    }

    void accuracyAgainstCoverageByMargin() {
        // Votes AAA (margin 3), AAB (1), ABC (0, tie -> A), BBA (1, wrong); gold A everywhere.
        const VoteMatrix m = matrix({"AAA", "AAB", "ABC", "BBA"}, "AAAA");
        const Analysis a = analyze(m);
        QCOMPARE(a.marginCoverage.size(), std::size_t(4));  // thresholds 0..3
        const std::vector<std::size_t> items = {4, 3, 1, 1};
        const std::vector<double> accuracy = {0.75, 2.0 / 3.0, 1.0, 1.0};
        for (std::size_t t = 0; t < 4; ++t) {
            QCOMPARE(a.marginCoverage[t].minimumMargin, int(t));
            QCOMPARE(a.marginCoverage[t].items, items[t]);
            QCOMPARE(a.marginCoverage[t].coverage, double(items[t]) / 4.0);
            QVERIFY(qFuzzyCompare(a.marginCoverage[t].accuracy, accuracy[t]));
        }
        // At most margin 1, smallest first: ABC, then AAB and BBA in item order.
        QCOMPARE(lowMarginItems(a.ensemble, 1), (std::vector<std::size_t>{2, 1, 3}));
        QCOMPARE(lowMarginItems(a.ensemble, 0), (std::vector<std::size_t>{2}));
        const auto report = nlohmann::json::parse(analysisToJson(a));
        QCOMPARE(report["margin_coverage"][1]["items"].get<int>(), 3);
    }

    void answerSkimAgreesWithTheValidatingReader() {
        QTemporaryDir dir;
        Corpus dev = loadCorpus(CCI_DEMO_DIR "/demo_dev.json");
        // Plain file: the fast skim; an id with a character JSON must escape: the validating fallback.
        dev.samples[2].id = "quote\"inside";
        const std::string escaped = dir.filePath("escaped.json").toStdString();
        saveCorpus(dev, escaped);
        for (const std::string& path : {std::string(CCI_DEMO_DIR "/demo_dev.json"), escaped}) {
            const Corpus full = loadCorpus(path);
            const AnswerFile skim = readAnswers(path);
            QCOMPARE(skim.ids.size(), full.samples.size());
            for (std::size_t i = 0; i < full.samples.size(); ++i) {
                QCOMPARE(skim.ids[i], full.samples[i].id);
                QCOMPARE(skim.outputs[i], full.samples[i].output);
            }
        }
        // A broken file reports like `cci validate`.
        const std::string broken = dir.filePath("broken.json").toStdString();
        QFile f(QString::fromStdString(broken));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[\n  {\"id\": \"a\", \"output\": \"inference_1\"\n]");
        f.close();
        try {
            (void)readAnswers(broken);
            QFAIL("accepted a broken file");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QString::fromStdString(broken) + ":3:1: malformed JSON"),
                     e.what());
        }
    }

    void misalignedFilesAreNamed() {
        QTemporaryDir dir;
        const Corpus dev = loadCorpus(CCI_DEMO_DIR "/demo_dev.json");
        Corpus shorter = dev, swapped = dev, unanswered = dev;
        shorter.samples.pop_back();
        std::swap(swapped.samples[3], swapped.samples[4]);
        unanswered.samples[7].output.clear();
        const std::string a = dir.filePath("shorter.json").toStdString(),
                          b = dir.filePath("swapped.json").toStdString(),
                          c = dir.filePath("unanswered.json").toStdString();
        saveCorpus(shorter, a);
        saveCorpus(swapped, b);
        saveCorpus(unanswered, c);
        auto message = [&](const std::string& file) {
            try {
                (void)buildVoteMatrix(dev, {std::string(CCI_DEMO_DIR "/demo_dev.json"), file});
            } catch (const Error& e) {
                return QString::fromStdString(e.what());
            }
            return QString();
        };
        QVERIFY(message(a).contains("39 items, but the reference"));
        QVERIFY(message(b).contains("item 3 has id " + QString::fromStdString(dev.samples[4].id) +
                                    " where the reference has " + QString::fromStdString(dev.samples[3].id)));
        QVERIFY(message(c).contains("item 7 (id " + QString::fromStdString(dev.samples[7].id) + ") has no answer"));
    }
};

QTEST_APPLESS_MAIN(TestEnsemble)
#include "test_ensemble.moc"
