// `cci validate`, `cci help` and option errors: exit codes (0 valid, 1 problems, 2 usage) and printed lines.
#include "cli_runner.h"

#include <QTemporaryDir>
#include <QtTest>

#include "test_support.h"

using cci::test::CliRun;
using cci::test::demoFile;
using cci::test::runCci;

class TestCliValidate : public QObject {
    Q_OBJECT
private slots:
    void validFilesExitZero() {
        const CliRun r = runCci({"validate", demoFile("demo_train.json"), demoFile("demo_dev.json"), demoFile("demo_test.json")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("demo_train.json: 150 items, 0 problems — valid"));
    }

    void problemsExitOneWithOneLinePerProblem() {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad_dev.json");
        QVERIFY(cci::test::writeBytes(bad, R"([{"id": "a", "input": {"conversation": [{"speaker": "1", "utterance": "x", "utterance_id": "u1"}],
                   "reference_id": ["u2"], "category": "원인", "inference_1": "a", "inference_2": "b",
                   "inference_3": "c"}, "output": "inference_5"}])"));
        const CliRun r = runCci({"validate", "--quiet", demoFile("demo_dev.json"), bad});
        QCOMPARE(r.code, 1);
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        for (const QString& line : lines) QVERIFY2(line.startsWith(bad + ": item 0 (id a): [0]."), qPrintable(line));
        QVERIFY(lines[0].contains("speaker must be an integer"));
        QVERIFY(lines[1].contains("\"u2\" is not an utterance id"));
        QVERIFY(lines[2].contains("\"inference_5\" is not an allowed answer"));
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
};

QTEST_APPLESS_MAIN(TestCliValidate)
#include "test_cli_validate.moc"
