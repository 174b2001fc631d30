// Crash safety: `cci` killed with SIGKILL at random moments - while training (checkpoints being written), while
// predicting, while refining and while saving annotations - leaves only complete files (or none), and a killed
// training run resumed with `cci train --resume` ends with the same adapter, bit for bit, as an uninterrupted run.
#include "cli_runner.h"

#include "annotate/annotations.h"
#include "corpus/corpus_reader.h"
#include "model/tiny_model.h"
#include "util/atomic_write.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

using cci::test::demoFile;
using cci::test::runCci;

namespace {

// Starts cci (with `input` on its stdin), waits until `ready` holds (or ~`maxMs`), then kills it with SIGKILL.
void runAndKill(const QStringList& args, const std::function<bool()>& ready, int delayMs, int maxMs = 60000,
                const QByteArray& input = {}) {
    QProcess p;
    p.start(QStringLiteral(CCI_BINARY), args);
    QVERIFY(p.waitForStarted());
    if (!input.isEmpty()) p.write(input);
    p.closeWriteChannel();
    QElapsedTimer clock;
    clock.start();
    while (!ready() && clock.elapsed() < maxMs && p.state() == QProcess::Running) QTest::qWait(20);
    QTest::qWait(delayMs);
    if (p.state() == QProcess::Running) ::kill(pid_t(p.processId()), SIGKILL);
    p.waitForFinished(10000);
}

int lines(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return 0;
    return int(f.readAll().count('\n'));
}

}  // namespace

class TestCliKill : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;

private slots:
    void initTestCase() {
        m_model = m_dir.filePath("model");
        cci::test::makeSmallModel(m_model);
    }

    void killedTrainingResumesToTheSameAdapter() {
        const QStringList common = cci::test::smallTrainArgs(
            m_model, {"--epochs", "2", "--grad-accum", "4", "--lora-dropout", "0.1", "--checkpoint-every", "2"});
        QCOMPARE(runCci(QStringList(common) << "--out" << m_dir.filePath("whole")).code, 0);
        const QByteArray expected = [&] {
            QFile f(m_dir.filePath("whole/adapter/adapter_model.safetensors"));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        for (int round = 0; round < 3; ++round) {
            const QString run = m_dir.filePath(QStringLiteral("killed%1").arg(round));
            const int afterSteps = 2 + int(QRandomGenerator::global()->bounded(12));
            runAndKill(
                QStringList(common) << "--out" << run, [&] { return lines(run + "/metrics.jsonl") >= afterSteps; },
                int(QRandomGenerator::global()->bounded(150)));
            // Whatever is there is complete: run.json parses, the checkpoint (if any) has its state.
            QVERIFY(!QFileInfo::exists(run + "/run.json.tmp"));
            if (!QFileInfo::exists(run + "/checkpoint/state.json") &&
                !QFileInfo::exists(run + "/checkpoint.old/state.json"))
                continue;  // killed before the first checkpoint: nothing to resume
            const auto resumed = runCci({"train", "--resume", run, "--quiet"});
            QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
            QFile f(run + "/adapter/adapter_model.safetensors");
            QVERIFY(f.open(QIODevice::ReadOnly));
            QCOMPARE(f.readAll(), expected);
        }
    }

    void sigtermStopsWithACheckpointAndEveryEpochHasOne() {
        const QStringList common = cci::test::smallTrainArgs(
            m_model, {"--epochs", "2", "--grad-accum", "4", "--lora-dropout", "0.1", "--checkpoint-every", "1000"});
        // Fewer steps than --checkpoint-every (as the published recipe on the real data): the first epoch still ends
        // with a checkpoint.
        QCOMPARE(runCci(QStringList(common) << "--out" << m_dir.filePath("epochs")).code, 0);
        const auto state =
            nlohmann::json::parse(cci::readFile(m_dir.filePath("epochs/checkpoint/state.json").toStdString()));
        QCOMPARE(state["step"].get<int>(), 10);  // 40 items / 4 per step: the end of epoch 1
        const QByteArray expected = [&] {
            QFile f(m_dir.filePath("epochs/adapter/adapter_model.safetensors"));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        // SIGTERM (or Ctrl+C) part-way: the run stops after the current step, writes a checkpoint, says so, and
        // resumes to the same adapter.
        const QString run = m_dir.filePath("terminated");
        QProcess p;
        p.start(QStringLiteral(CCI_BINARY), QStringList(common) << "--out" << run);
        QVERIFY(p.waitForStarted());
        QElapsedTimer clock;
        clock.start();
        while (lines(run + "/metrics.jsonl") < 3 && clock.elapsed() < 60000 && p.state() == QProcess::Running)
            QTest::qWait(20);
        QVERIFY(p.state() == QProcess::Running);
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("optimizer steps; checkpoint written: cci train --resume " + run), qPrintable(err));
        QCOMPARE(nlohmann::json::parse(cci::readFile((run + "/run.json").toStdString()))["status"].get<std::string>(),
                 std::string("cancelled"));
        const auto resumed = runCci({"train", "--resume", run, "--quiet"});
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QFile f(run + "/adapter/adapter_model.safetensors");
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), expected);
    }

    void killedPredictionAndRefinementLeaveNoPartialFiles() {
        for (int round = 0; round < 4; ++round) {
            const QString out = m_dir.filePath(QStringLiteral("pred%1.json").arg(round));
            runAndKill(
                {"predict", "--model", m_model, "--data", demoFile("demo_dev.json"), "-o", out, "--quiet"},
                [] { return true; }, int(QRandomGenerator::global()->bounded(1500)));
            if (QFileInfo::exists(out)) QCOMPARE(int(cci::loadCorpus(out.toStdString()).samples.size()), 40);
            const QString refined = m_dir.filePath(QStringLiteral("refined%1.json").arg(round));
            runAndKill(
                {"refine", demoFile("demo_train.json"), "-o", refined, "--quiet"}, [] { return true; },
                int(QRandomGenerator::global()->bounded(300)));
            if (QFileInfo::exists(refined)) QCOMPARE(int(cci::loadCorpus(refined.toStdString()).samples.size()), 150);
        }
        // No temp files left behind by completed writes; killed writes may leave a temp file, never a half target.
        for (const QString& name : QDir(m_dir.path()).entryList(QDir::Files))
            if (name.endsWith(QLatin1String(".json")) && !name.contains(QLatin1String(".tmp")))
                QVERIFY2(QFileInfo(m_dir.filePath(name)).size() > 0, qPrintable(name));
    }

    void killedLabellingLeavesAValidSidecar() {
        // Every item of the training split with a long rationale: each line rewrites the whole sidecar.
        const cci::Corpus corpus = cci::loadCorpus(demoFile("demo_train.json").toStdString());
        QByteArray labels;
        std::vector<std::pair<std::string, std::string>> fed;  // item id, rationale in the order given
        for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
            const std::string rationale = "근거 " + std::to_string(i) + ": " + std::string(1500, 'x');
            fed.emplace_back(corpus.samples[i].id, rationale);
            labels += QByteArray::fromStdString(corpus.samples[i].id + "\t" + std::to_string(i % 3 + 1) + "\t" +
                                                rationale + "\n");
        }
        int partial = 0;  // rounds killed part-way through the labels
        for (int round = 0; round < 6; ++round) {
            const QString sidecar = m_dir.filePath(QStringLiteral("labels%1.annotations.json").arg(round));
            runAndKill(
                {"annotations", "label", "--corpus", demoFile("demo_train.json"), "--sidecar", sidecar, "--annotator",
                 "kim"},
                [&] { return QFileInfo::exists(sidecar); }, int(QRandomGenerator::global()->bounded(300)), 60000,
                labels);
            if (!QFileInfo::exists(sidecar)) continue;  // killed before the first save
            // The sidecar parses and holds exactly a prefix of what was fed, each entry whole.
            const auto set = cci::annotate::loadAnnotations(sidecar.toStdString());
            std::size_t present = 0;
            for (std::size_t i = 0; i < fed.size(); ++i) {
                const auto* a = set.find(fed[i].first, "kim");
                if (!a) {
                    for (std::size_t j = i; j < fed.size(); ++j) QVERIFY(!set.find(fed[j].first, "kim"));
                    break;
                }
                ++present;
                QCOMPARE(a->choice, int(i % 3));
                // The last line may have been killed between its choice and its rationale (two saves).
                if (i + 1 < fed.size() && set.find(fed[i + 1].first, "kim"))
                    QCOMPARE(a->rationale, fed[i].second);
                else
                    QVERIFY(a->rationale.empty() || a->rationale == fed[i].second);
            }
            QVERIFY(present > 0);
            partial += present < fed.size();
        }
        QVERIFY2(partial > 0, "every round finished before the kill: the test did not test anything");
    }

    void labellingReportsTheBadLine() {
        const QString sidecar = m_dir.filePath("bad.annotations.json");
        QProcess p;
        p.start(QStringLiteral(CCI_BINARY),
                {"annotations", "label", "--corpus", demoFile("demo_dev.json"), "--sidecar", sidecar});
        QVERIFY(p.waitForStarted());
        const cci::Corpus corpus = cci::loadCorpus(demoFile("demo_dev.json").toStdString());
        p.write(QByteArray::fromStdString(corpus.samples[0].id + "\t2\n# comment\n" + corpus.samples[1].id + "\t7\n"));
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 1);
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("stdin line 3") && err.contains("\"7\""), qPrintable(err));
        const auto set = cci::annotate::loadAnnotations(sidecar.toStdString());
        QCOMPARE(set.find(corpus.samples[0].id, qEnvironmentVariable("USER", "annotator").toStdString())->choice, 1);
    }
};

QTEST_GUILESS_MAIN(TestCliKill)
#include "test_cli_kill.moc"
