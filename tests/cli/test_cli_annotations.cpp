// `cci annotations stats|export|label`: the agreement table from merged sidecars (with gold and predictions), the
// majority export with ties, rationale CSV, outputs never over inputs, the sidecar lock, and usage errors.
#include "cli_runner.h"

#include "annotate/annotation_stats.h"
#include "corpus/corpus_reader.h"
#include "util/atomic_write.h"
#include "util/file_lock.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace cci;
using cci::test::demoFile;
using cci::test::runCci;
using cci::test::runCciWith;

class TestCliAnnotations : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_alice, m_bob;

private slots:
    void initTestCase() {
        const Corpus dev = loadCorpus(demoFile("demo_dev.json").toStdString());
        annotate::AnnotationSet alice, bob;
        for (std::size_t i = 0; i < 10; ++i) {
            annotate::Annotation a;
            a.updated = "2026-01-01T00:00:00Z";
            a.choice = dev.samples[i].goldIndex();
            alice.set(dev.samples[i].id, "alice", a);
            a.choice = i < 7 ? a.choice : (a.choice + 1) % 3;  // bob differs on three items
            bob.set(dev.samples[i].id, "bob", a);
        }
        m_alice = m_dir.filePath("alice.annotations.json");
        m_bob = m_dir.filePath("bob.annotations.json");
        annotate::saveAnnotations(alice, m_alice.toStdString());
        annotate::saveAnnotations(bob, m_bob.toStdString());
    }

    void statsTable() {
        QStringList preds;
        const QDir dir(QStringLiteral(CCI_DEMO_DIR "/predictions"));
        for (const QString& f : dir.entryList({"*_dev.json"}, QDir::Files, QDir::Name))
            if (!f.endsWith(".probs.json")) preds << dir.filePath(f);
        const auto r = runCci({"annotations", "stats", m_alice, m_bob, "--gold", demoFile("demo_dev.json"),
                               "--predictions", preds.join(',')});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QRegularExpression("alice\\s+10\\s+0\\s+100.0%")), qPrintable(r.out));
        QVERIFY(r.out.contains(QRegularExpression("bob\\s+10\\s+0\\s+70.0%")));
        QVERIFY(r.out.contains("alice / bob:"));
        QVERIFY(r.out.contains("Items where annotators disagree: 3"));
        QVERIFY(r.out.contains("model 5: "));
    }

    void exportMajority() {
        const QString out = m_dir.filePath("labels.json"), csv = m_dir.filePath("rationales.csv");
        const auto r = runCci({"annotations", "export", m_alice, m_bob, "--corpus", demoFile("demo_dev.json"), "-o",
                               out, "--rationales", csv});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("10 items labelled, 30 without a choice, 3 majority ties"));
        const Corpus labels = loadCorpus(out.toStdString());
        const Corpus dev = loadCorpus(demoFile("demo_dev.json").toStdString());
        for (std::size_t i = 0; i < 10; ++i)
            QCOMPARE(labels.samples[i].output, dev.samples[i].output);  // ties -> alice
        QVERIFY(labels.samples[20].output.empty());
        QCOMPARE(QString::fromStdString(readFile(csv.toStdString())).count('\n'), 21);
    }

    void exportNeverWritesOverItsInputs() {
        // -o or --rationales onto the corpus, or onto a sidecar being exported: refused, every file as it was.
        QTemporaryDir dir;
        const QString corpus = dir.filePath("an_x.json"), sidecar = dir.filePath("an_x.annotations.json");
        QVERIFY(QFile::copy(demoFile("demo_dev.json"), corpus));
        QVERIFY(QFile::copy(m_alice, sidecar));
        const std::string corpusBefore = readFile(corpus.toStdString()),
                          sidecarBefore = readFile(sidecar.toStdString());
        for (const QStringList& outputs : {QStringList{"-o", corpus}, QStringList{"-o", sidecar},
                                           QStringList{"-o", dir.filePath("out.json"), "--rationales", sidecar},
                                           QStringList{"-o", dir.filePath("out.json"), "--rationales", corpus}}) {
            const auto r = runCci(QStringList{"annotations", "export", sidecar, "--corpus", corpus} + outputs);
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("is also an input"), qPrintable(r.err));
            QCOMPARE(readFile(corpus.toStdString()), corpusBefore);
            QCOMPARE(readFile(sidecar.toStdString()), sidecarBefore);
            QVERIFY(!QFileInfo::exists(dir.filePath("out.json")));
        }
    }

    void labellingASidecarInUseIsRefused() {
        // Two labellers on one sidecar lost one's labels: the second now stops at once, naming the first.
        QTemporaryDir dir;
        const QString corpus = dir.filePath("shared.json");
        QVERIFY(QFile::copy(demoFile("demo_dev.json"), corpus));
        const cci::FileLock held(cci::hiddenLockPathFor(dir.filePath("shared.annotations.json").toStdString()),
                                 "shared.annotations.json");
        const auto r = runCciWith({"annotations", "label", "--corpus", corpus, "--annotator", "bob"}, {},
                                  "cci-demo-dev-000001\t1\n");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("shared.annotations.json is in use by another process (pid " +
                                QString::number(QCoreApplication::applicationPid()) + ")"),
                 qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(dir.filePath("shared.annotations.json")));
    }

    void choiceAndRationaleAreSavedTogether() {
        // One line, one save: a process killed between two saves kept the choice without its rationale. A second
        // write of the sidecar fails here (as a full disk would): a line written in two saves would fail with it.
        QTemporaryDir dir;
        const QString corpus = dir.filePath("one.json");
        QVERIFY(QFile::copy(demoFile("demo_dev.json"), corpus));
        const auto r = runCciWith({"annotations", "label", "--corpus", corpus, "--annotator", "carol"},
                                  {"CCI_FAIL_WRITES=one.annotations.json:2"},
                                  "cci-demo-dev-000001\t2\tthe second follows from the reference\n");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto set = annotate::loadAnnotations(dir.filePath("one.annotations.json").toStdString());
        const auto* a = set.find("cci-demo-dev-000001", "carol");
        QVERIFY(a);
        QCOMPARE(a->choice, 1);
        QCOMPARE(a->rationale, std::string("the second follows from the reference"));
    }

    void labelNamesAndInputsAreChecked() {
        QTemporaryDir dir;
        const QString corpus = dir.filePath("bom.json");
        QVERIFY(QFile::copy(demoFile("demo_dev.json"), corpus));
        auto label = [&](const QStringList& args, const QByteArray& input) {
            return runCciWith(QStringList{"annotations", "label", "--corpus", corpus} + args, {}, input);
        };
        // A labels file saved with a UTF-8 BOM (the BOM made the first id unknown, invisibly) and CRLF line ends.
        const auto bom = label({"--annotator", "dana"},
                               "\xEF\xBB\xBF"
                               "cci-demo-dev-000001\t2\r\n");
        QVERIFY2(bom.code == 0, qPrintable(bom.err));
        const auto set = annotate::loadAnnotations(dir.filePath("bom.annotations.json").toStdString());
        QVERIFY(set.find("cci-demo-dev-000001", "dana"));
        // Names that would be blank or broken rows in every table.
        for (const QString& name : {QString(), QStringLiteral("  "), QStringLiteral("a\nb")}) {
            const auto bad = label({"--annotator", name}, "cci-demo-dev-000001\t1\n");
            QCOMPARE(bad.code, 2);
            QVERIFY2(bad.err.contains("--annotator must be a non-empty name"), qPrintable(bad.err));
        }
        // A sidecar of another corpus exported against this one: nothing matches, nothing is written.
        const QString out = dir.filePath("labels.json");
        const auto other = runCci({"annotations", "export", dir.filePath("bom.annotations.json"), "--corpus",
                                   demoFile("demo_train.json"), "-o", out});
        QCOMPARE(other.code, 1);
        QVERIFY2(other.err.contains("none of the 1 annotated items is in"), qPrintable(other.err));
        QVERIFY(!QFileInfo::exists(out));
    }

    void usageErrors() {
        QCOMPARE(runCci({"annotations", "frobnicate", m_alice}).code, 2);
        QCOMPARE(runCci({"annotations", "export", m_alice, "-o", "/tmp/never.json"}).code, 2);
        QCOMPARE(runCci({"annotations", "stats", m_alice, "--predictions", "x.json"}).code, 2);
        QCOMPARE(runCci({"annotations", "stats", "/no/such.annotations.json"}).code, 1);
    }
};

QTEST_APPLESS_MAIN(TestCliAnnotations)
#include "test_cli_annotations.moc"
