// `cci annotations stats|export`: the agreement table from merged sidecars (with gold and predictions), the
// majority export with ties, rationale CSV, and usage errors.
#include "cli_runner.h"

#include "annotate/annotation_stats.h"
#include "corpus/corpus_reader.h"
#include "util/atomic_write.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace cci;
using cci::test::demoFile;
using cci::test::runCci;

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

    void usageErrors() {
        QCOMPARE(runCci({"annotations", "frobnicate", m_alice}).code, 2);
        QCOMPARE(runCci({"annotations", "export", m_alice, "-o", "/tmp/never.json"}).code, 2);
        QCOMPARE(runCci({"annotations", "stats", m_alice, "--predictions", "x.json"}).code, 2);
        QCOMPARE(runCci({"annotations", "stats", "/no/such.annotations.json"}).code, 1);
    }
};

QTEST_APPLESS_MAIN(TestCliAnnotations)
#include "test_cli_annotations.moc"
