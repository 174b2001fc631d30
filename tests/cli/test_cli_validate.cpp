// `cci validate`, `cci help` and option errors: exit codes (0 valid, 1 problems, 2 usage) and printed lines.
#include "cli_runner.h"

#include <QTemporaryDir>

#include <sys/stat.h>

#include <QtTest>
#include <algorithm>
#include <thread>

#include "test_support.h"

using cci::test::CliRun;
using cci::test::demoFile;
using cci::test::runCci;

class TestCliValidate : public QObject {
    Q_OBJECT
private slots:
    void validFilesExitZero() {
        const CliRun r =
            runCci({"validate", demoFile("demo_train.json"), demoFile("demo_dev.json"), demoFile("demo_test.json")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("demo_train.json: 150 items, 0 problems — valid"));
    }

    void problemsExitOneWithOneLinePerProblem() {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad_dev.json");
        QVERIFY(cci::test::writeBytes(
            bad, R"([{"id": "a", "input": {"conversation": [{"speaker": "1", "utterance": "x", "utterance_id": "u1"}],
                   "reference_id": ["u2"], "category": "원인", "inference_1": "a", "inference_2": "b",
                   "inference_3": "c"}, "output": "inference_5"}])"));
        const CliRun r = runCci({"validate", "--quiet", demoFile("demo_dev.json"), bad});
        QCOMPARE(r.code, 1);
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        for (const QString& line : lines) QVERIFY2(line.startsWith(bad + ": item 0 (id a): [0]."), qPrintable(line));
        QVERIFY(lines[0].contains("speaker must be an integer"));
        QVERIFY(lines[1].contains("\"inference_5\" is not an allowed answer"));
        QVERIFY(lines[2].contains("warning: \"u2\" is not an utterance id"));  // tolerated, listed after the errors
    }

    // The real corpus's quirks (number utterances, references to dropped utterances) are warnings: the file is
    // usable by every command, and --strict makes them problems.
    void toleratedQuirksAreWarningsEverywhere() {
        const QString quirks = QStringLiteral(CCI_TEST_DATA_DIR "/real_data_quirks.json");
        const CliRun r = runCci({"validate", quirks});
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains("real_data_quirks.json: 2 items, 0 problems, 4 warnings — usable"), qPrintable(r.out));
        QVERIFY(
            r.out.contains("[0].input.conversation[1].utterance: warning: expected a string, found a number; read as "
                           "the text \"40\""));
        QVERIFY(r.out.contains("[0].input.reference_id[1]: warning: \"QUIRK001.1.9\" is not an utterance id"));
        QCOMPARE(runCci({"validate", "--strict", quirks}).code, 1);

        // Prompts use the text str() makes, and leave the missing reference out; the warnings go to stderr.
        const CliRun prompt = runCci({"prompt", quirks, "--style", "CustomRef", "--item", "quirk-001"});
        QVERIFY2(prompt.code == 0, qPrintable(prompt.err));
        QVERIFY(prompt.out.contains("40"));
        QVERIFY(prompt.err.contains("warning:"));
        QTemporaryDir dir;
        const CliRun refined = runCci({"refine", quirks, "-o", dir.filePath("refined.json"), "--quiet"});
        QVERIFY2(refined.code == 0, qPrintable(refined.err));
        // The published refinement empties the referenced "ㅋㅋㅋ": the refined file references a dropped utterance,
        // which is again only a warning.
        const CliRun again = runCci({"validate", dir.filePath("refined.json")});
        QVERIFY2(again.code == 0, qPrintable(again.out));
        QVERIFY(again.out.contains("\"QUIRK002.1.2\" is not an utterance id"));
        QVERIFY(runCci({"eda", quirks, "--out", dir.filePath("eda")}).code == 0);
    }

    void fifoIsRefusedWithoutBlocking() {
        // open() on a FIFO waits for a writer: the file type is checked first.
        QTemporaryDir dir;
        const QString fifo = dir.filePath("pipe_dev.json");
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        const CliRun r = runCci({"validate", fifo});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(fifo + ": not a regular file"), qPrintable(r.out));
    }

    void missingFileExitsOne() {
        const CliRun r = runCci({"validate", "/no/such/file.json"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.contains("/no/such/file.json: cannot open"));
    }

    void usageErrorsExitTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addRow("no file") << QStringList{"validate"};
        QTest::addRow("unknown option") << QStringList{"validate", "--frobnicate", "x.json"};
        QTest::addRow("unknown command") << QStringList{"frobnicate"};
        QTest::addRow("bad integer") << QStringList{"doctor", "--threads", "many"};
    }
    void usageErrorsExitTwo() {
        QFETCH(QStringList, args);
        const CliRun r = runCci(args);
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.isEmpty());
    }

    void helpForEveryCommand() {
        const CliRun overview = runCci({"help"});
        QCOMPARE(overview.code, 0);
        for (const char* command : {"validate", "refine", "vote", "analyze", "annotations", "doctor"}) {
            QVERIFY(overview.out.contains(QLatin1String(command)));
            const CliRun h = runCci({command, "--help"});
            QCOMPARE(h.code, 0);
            QVERIFY(h.out.startsWith(QStringLiteral("usage: cci ") + command));
        }
        const CliRun v = runCci({"--version"});
        QCOMPARE(v.code, 0);
        QVERIFY(v.out.startsWith("cci "));
    }

    void doctorReportsBlas() {
        const CliRun r = runCci({"doctor", "--threads", "1"});
        QVERIFY(r.code == 0 || r.code == 1);
        QVERIFY(r.out.contains("libtorch"));
        QVERIFY(r.out.contains("BLAS"));
        QVERIFY2(r.out.contains("CPU inference") && r.out.contains("softmax / norm / SiLU"), qPrintable(r.out));
#ifdef CCI_EXPECT_BLAS_OPENMP
        // Built against OpenBLAS's OpenMP build (cmake/BlasThreading.cmake): the RPATH must have won over the
        // system's libblas.so.3, or libtorch's BLAS keeps a second thread pool.
        QVERIFY2(r.out.contains("OpenBLAS (OpenMP threads)"), qPrintable(r.out));
        QVERIFY2(r.out.contains("openblas-openmp"), qPrintable(r.out));
#endif
    }

    void threadsAreCappedAtTheHardware() {
        // 100,000 threads would exhaust the process: the count is capped, and the user told.
        const CliRun r = runCci({"doctor", "--threads", "100000"});
        QVERIFY(r.code == 0 || r.code == 1);
        const QString hardware = QString::number(std::max(1u, std::thread::hardware_concurrency()));
        QVERIFY2(r.err.contains("--threads 100000 is more than this machine's " + hardware +
                                " hardware threads: using " + hardware),
                 qPrintable(r.err));
    }
};

QTEST_APPLESS_MAIN(TestCliValidate)
#include "test_cli_validate.moc"
