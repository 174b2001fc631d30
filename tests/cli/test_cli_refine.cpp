// `cci refine`: output equals the core refiner's, the report's numbers, and bad input (invalid corpus, unknown
// rule, unwritable output) gives a clear error and writes nothing.
#include "cli_runner.h"

#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "refine/refiner.h"
#include "util/atomic_write.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include "test_support.h"

using namespace cci;
using cci::test::demoFile;
using cci::test::runCci;

class TestCliRefine : public QObject {
    Q_OBJECT
private slots:
    void writesTheRefinedCorpusAndReport() {
        QTemporaryDir dir;
        const QString out = dir.filePath("refined_dev.json");
        const auto r = runCci({"refine", demoFile("demo_dev.json"), "-o", out, "--report", "--quiet"});
        QCOMPARE(r.code, 0);
        const refine::RefineResult expected = refine::refineCorpus(loadCorpus(demoFile("demo_dev.json").toStdString()));
        QCOMPARE(QString::fromStdString(readFile(out.toStdString())),
                 QString::fromStdString(corpusToJson(expected.corpus)));
        // The report row of rule 7 carries the refiner's own counts.
        const auto& jamo = expected.stats.rules[refine::kJamo];
        const QRegularExpression row(QStringLiteral("^7\\s+jamo\\s+%1\\s+%2\\s+%3\\s+%4$")
                                         .arg(jamo.utterancesChanged)
                                         .arg(jamo.charactersRemoved)
                                         .arg(jamo.utterancesEmptied)
                                         .arg(jamo.itemsAffected),
                                     QRegularExpression::MultilineOption);
        QVERIFY2(row.match(r.out).hasMatch(), qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("%1 merged").arg(expected.stats.merges)));
    }

    void disablingRulesChangesTheOutput() {
        QTemporaryDir dir;
        const QString out = dir.filePath("r.json");
        QCOMPARE(runCci({"refine", demoFile("demo_dev.json"), "-o", out, "--disable", "jamo", "--disable", "5",
                         "--enable", "laughter-tags", "--quiet"})
                     .code,
                 0);
        refine::RefineConfig config;
        config.enabled[refine::kJamo] = false;
        config.enabled[refine::kGreetings] = false;
        config.enabled[refine::kLaughterTags] = true;
        const auto expected = refine::refineCorpus(loadCorpus(demoFile("demo_dev.json").toStdString()), config);
        QCOMPARE(QString::fromStdString(readFile(out.toStdString())),
                 QString::fromStdString(corpusToJson(expected.corpus)));
        QVERIFY(QString::fromStdString(readFile(out.toStdString())).contains(QString::fromUtf8("[웃음]")));
    }

    void invalidCorpusWritesNothing() {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.json"), out = dir.filePath("out.json");
        QVERIFY(cci::test::writeBytes(bad, "[{\"id\": \"x\"}]"));
        const auto r = runCci({"refine", bad, "-o", out});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.contains("[0].input: missing field"));
        QVERIFY(r.err.contains("nothing written"));
        QVERIFY(!QFile::exists(out));
    }

    void unknownRuleIsAUsageErrorListingTheRules() {
        const auto r = runCci({"refine", demoFile("demo_dev.json"), "-o", "/tmp/never.json", "--disable", "typo"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("unknown rule \"typo\""));
        QVERIFY(r.err.contains("jamo (7)"));
        QVERIFY(r.err.contains("keep-reference-greetings (12)"));
    }

    void unwritableOutputLeavesNoPartialFile() {
        // The output's folder is a regular file: no process, root included, can create the temp file there.
        QTemporaryDir dir;
        const QString notAFolder = dir.filePath("plain-file");
        QVERIFY(cci::test::writeBytes(notAFolder));
        const auto r = runCci({"refine", demoFile("demo_dev.json"), "-o", notAFolder + "/out.json", "--quiet"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(notAFolder + "/out.json"), qPrintable(r.err));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);  // only plain-file
    }

    void missingOutputIsAUsageError() { QCOMPARE(runCci({"refine", demoFile("demo_dev.json")}).code, 2); }
};

QTEST_APPLESS_MAIN(TestCliRefine)
#include "test_cli_refine.moc"
