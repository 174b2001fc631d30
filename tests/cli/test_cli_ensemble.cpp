// `cci vote` and `cci analyze`: outputs agree with core, usage errors exit 2, misaligned files exit 1 naming
// the file, reports without gold leave accuracy out.
#include "cli_runner.h"

#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "ensemble/vote_matrix.h"
#include "ensemble/voting.h"
#include "util/atomic_write.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace cci;
using cci::test::demoFile;
using cci::test::runCci;

namespace {

QStringList predictions(const char* split) {
    QStringList out;
    const QDir dir(QStringLiteral(CCI_DEMO_DIR "/predictions"));
    for (const QString& f :
         dir.entryList({QStringLiteral("*_%1.json").arg(QLatin1String(split))}, QDir::Files, QDir::Name))
        if (!f.endsWith(QLatin1String(".probs.json"))) out << dir.filePath(f);
    return out;
}

std::vector<std::string> toStd(const QStringList& l) {
    std::vector<std::string> out;
    for (const QString& s : l) out.push_back(s.toStdString());
    return out;
}

}  // namespace

class TestCliEnsemble : public QObject {
    Q_OBJECT
private slots:
    void voteWritesTheSubmission_data() {
        QTest::addColumn<QString>("method");
        QTest::addRow("hard") << "hard";
        QTest::addRow("soft") << "soft";
    }
    void voteWritesTheSubmission() {
        QFETCH(QString, method);
        QTemporaryDir dir;
        const QString out = dir.filePath("submission.json");
        const QStringList preds = predictions("test");
        QCOMPARE(preds.size(), 5);
        const auto r = runCci(
            QStringList{"vote", "--submission", demoFile("demo_test.json"), "-o", out, "--method", method} + preds);
        QCOMPARE(r.code, 0);
        const Corpus reference = loadCorpus(demoFile("demo_test.json").toStdString());
        ensemble::VoteOptions options;
        options.method = method == "soft" ? ensemble::VoteMethod::Soft : ensemble::VoteMethod::Hard;
        const auto expected = ensemble::vote(ensemble::buildVoteMatrix(reference, toStd(preds)), options);
        const Corpus written = loadCorpus(out.toStdString());
        QCOMPARE(written.samples.size(), reference.samples.size());
        for (std::size_t i = 0; i < written.samples.size(); ++i) {
            QCOMPARE(written.samples[i].goldIndex(), int(expected.answer[i]));
            QCOMPARE(written.samples[i].conversation.size(), reference.samples[i].conversation.size());
        }
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addRow("weighted without weights") << QStringList{"--method", "weighted"};
        QTest::addRow("wrong number of weights") << QStringList{"--method", "weighted", "--weights", "1,2"};
        QTest::addRow("unknown method") << QStringList{"--method", "median"};
        QTest::addRow("weights without weighted") << QStringList{"--weights", "1,1,1,1,1"};
        QTest::addRow("bad weight") << QStringList{"--method", "weighted", "--weights", "1,1,x,1,1"};
        QTest::addRow("all weights zero") << QStringList{"--method", "weighted", "--weights", "0,0,0,0,0"};
    }
    void usageErrors() {
        QFETCH(QStringList, extra);
        const auto r = runCci(QStringList{"vote", "--submission", demoFile("demo_test.json"), "-o", "/tmp/never.json"} +
                              extra + predictions("test"));
        QCOMPARE(r.code, 2);
        QVERIFY(!QFile::exists("/tmp/never.json"));
    }

    void voteNeverWritesOverOneOfItsInputs() {
        QTemporaryDir dir;
        const QStringList preds = predictions("test");
        const QString victim = dir.filePath("victim.json");
        QVERIFY(QFile::copy(preds.front(), victim));
        const QByteArray before = [&] {
            QFile f(victim);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        const auto r = runCci(QStringList{"vote", "--submission", demoFile("demo_test.json"), "-o", victim, victim} +
                              preds.mid(1));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("is also an input"), qPrintable(r.err));
        QFile f(victim);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    void noCommandWritesOverItsInputs_data() {
        // One check serves every command that writes (cci's option table says which options are inputs and which
        // outputs): the output may be neither an input nor an input's .probs.json or annotations sidecar.
        QTest::addColumn<QString>("victim");  // which input file the output names
        QTest::addColumn<bool>("analyze");
        QTest::newRow("analyze onto the gold file") << "gold" << true;
        QTest::newRow("analyze onto a prediction") << "prediction" << true;
        QTest::newRow("analyze --html onto a prediction") << "html" << true;
        QTest::newRow("hard vote onto an input's probabilities") << "probabilities" << false;
    }
    void noCommandWritesOverItsInputs() {
        QFETCH(QString, victim);
        QFETCH(bool, analyze);
        QTemporaryDir dir;
        const QString gold = dir.filePath("gold.json");
        QVERIFY(QFile::copy(demoFile("demo_dev.json"), gold));
        QStringList preds;
        for (const QString& p : predictions("dev").mid(0, 2)) {
            const QString copy = dir.filePath(QFileInfo(p).fileName());
            QVERIFY(QFile::copy(p, copy));
            const QString probs = QString(p).replace(".json", ".probs.json");
            QVERIFY(QFile::copy(probs, QString(copy).replace(".json", ".probs.json")));
            preds << copy;
        }
        const QString target = victim == "gold"            ? gold
                               : victim == "probabilities" ? QString(preds[0]).replace(".json", ".probs.json")
                                                           : preds[0];
        const QByteArray before = QByteArray::fromStdString(readFile(target.toStdString()));
        QStringList args;
        if (analyze)
            args = QStringList{"analyze", "--gold", gold} + preds +
                   (victim == "html" ? QStringList{"-o", dir.filePath("r.json"), "--html", target}
                                     : QStringList{"-o", target});
        else
            args = QStringList{"vote", "--submission", gold} + preds + QStringList{"-o", target};
        const auto r = runCci(args);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(target + ": is also an input"), qPrintable(r.err));
        QCOMPARE(QByteArray::fromStdString(readFile(target.toStdString())), before);
        QVERIFY(!QFileInfo::exists(dir.filePath("r.json")));
    }

    void weightedVoteRuns() {
        QTemporaryDir dir;
        const auto r =
            runCci(QStringList{"vote", "--submission", demoFile("demo_test.json"), "-o", dir.filePath("w.json"),
                               "--method", "weighted", "--weights", "0.9,0.8", "--weights", "0.7,0.6,0.5"} +
                   predictions("test"));
        QCOMPARE(r.code, 0);
    }

    void misalignedPredictionsExitOne() {
        // Dev predictions against the test file: other ids.
        const auto r = runCci(QStringList{"vote", "--submission", demoFile("demo_test.json"), "-o", "/tmp/never.json"} +
                              predictions("dev"));
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("where the reference has cci-demo-test-000001"));
        QVERIFY(!QFile::exists("/tmp/never.json"));
    }

    void analyzeWithAndWithoutGold() {
        QTemporaryDir dir;
        const QString json = dir.filePath("report.json"), html = dir.filePath("report.html");
        auto r = runCci(QStringList{"analyze", "--gold", demoFile("demo_dev.json"), "-o", json, "--html", html} +
                        predictions("dev"));
        QCOMPARE(r.code, 0);
        QJsonObject report =
            QJsonDocument::fromJson(QString::fromStdString(readFile(json.toStdString())).toUtf8()).object();
        QVERIFY(report["labelled"].toBool());
        QCOMPARE(report["models"].toArray().size(), 5);
        QVERIFY(report["ensemble"].toObject()["accuracy"].toDouble() > 0.5);
        QCOMPARE(report["pairwise"].toObject()["q"].toArray().size(), 5);
        // Every accuracy with its bootstrap interval; the demo predictions have probabilities: their calibration.
        for (const auto& value : report["models"].toArray()) {
            const QJsonObject model = value.toObject();
            const QJsonArray ci = model["accuracy_ci95"].toArray();
            QVERIFY(ci[0].toDouble() <= model["accuracy"].toDouble() &&
                    model["accuracy"].toDouble() <= ci[1].toDouble());
            const QJsonObject calibration = model["calibration"].toObject();
            QVERIFY(calibration["temperature"].toDouble() > 0);
            QVERIFY(calibration["nll_at_temperature"].toDouble() <= calibration["nll"].toDouble() + 1e-9);
            QCOMPARE(calibration["reliability"].toArray().size(), 10);
        }
        QVERIFY(r.out.contains("[95%: ") && r.out.contains("at temperature"));
        const QString page = QString::fromStdString(readFile(html.toStdString()));
        QVERIFY(page.contains("<svg"));
        // A calibration table and one reliability diagram per model.
        QVERIFY(page.contains("<h2>Calibration</h2>"));
        QCOMPARE(page.count("<figure"), 5);
        QVERIFY(!page.contains("src=") && !page.contains("<script"));  // self-contained

        r = runCci(QStringList{"analyze", "-o", json} + predictions("test"));
        QCOMPARE(r.code, 0);
        report = QJsonDocument::fromJson(QString::fromStdString(readFile(json.toStdString())).toUtf8()).object();
        QVERIFY(!report["labelled"].toBool());
        QVERIFY(report["ensemble"].toObject()["accuracy"].isNull());
        QVERIFY(report["fleiss_kappa"].isDouble());
        QVERIFY(report["pairwise"].toObject()["double_fault"].toArray()[0].toArray()[1].isNull());
    }
};

QTEST_APPLESS_MAIN(TestCliEnsemble)
#include "test_cli_ensemble.moc"
