// `cci validate`, `cci help` and option errors: exit codes (0 valid, 1 problems, 2 usage) and printed lines.
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int code;
    QString out;
    QString err;
};

Run cci(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(CCI_BINARY), args);
    p.waitForFinished(60000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

QString demo(const char* name) { return QStringLiteral(CCI_DEMO_DIR "/") + QLatin1String(name); }

}  // namespace

class TestCliValidate : public QObject {
    Q_OBJECT
private slots:
    void validFilesExitZero() {
        const Run r = cci({"validate", demo("demo_train.json"), demo("demo_dev.json"), demo("demo_test.json")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("demo_train.json: 150 items, 0 problems — valid"));
    }

    void problemsExitOneWithOneLinePerProblem() {
        QTemporaryDir dir;
        const QString bad = dir.filePath("bad_dev.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"([{"id": "a", "input": {"conversation": [{"speaker": "1", "utterance": "x", "utterance_id": "u1"}],
                   "reference_id": ["u2"], "category": "원인", "inference_1": "a", "inference_2": "b",
                   "inference_3": "c"}, "output": "inference_5"}])");
        f.close();
        const Run r = cci({"validate", "--quiet", demo("demo_dev.json"), bad});
        QCOMPARE(r.code, 1);
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 3);
        for (const QString& line : lines) QVERIFY2(line.startsWith(bad + ": item 0 (id a): [0]."), qPrintable(line));
        QVERIFY(lines[0].contains("speaker must be an integer"));
        QVERIFY(lines[1].contains("\"u2\" is not an utterance id"));
        QVERIFY(lines[2].contains("\"inference_5\" is not an allowed answer"));
    }

    void missingFileExitsOne() {
        const Run r = cci({"validate", "/no/such/file.json"});
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
        const Run r = cci(args);
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.isEmpty());
    }

    void helpForEveryCommand() {
        const Run overview = cci({"help"});
        QCOMPARE(overview.code, 0);
        for (const char* command : {"validate", "doctor"}) {
            QVERIFY(overview.out.contains(QLatin1String(command)));
            const Run h = cci({command, "--help"});
            QCOMPARE(h.code, 0);
            QVERIFY(h.out.startsWith(QStringLiteral("usage: cci ") + command));
        }
        const Run v = cci({"--version"});
        QCOMPARE(v.code, 0);
        QVERIFY(v.out.startsWith("cci "));
    }

    void doctorReportsBlas() {
        const Run r = cci({"doctor", "--threads", "1"});
        QVERIFY(r.code == 0 || r.code == 1);
        QVERIFY(r.out.contains("libtorch"));
        QVERIFY(r.out.contains("BLAS"));
    }
};

QTEST_APPLESS_MAIN(TestCliValidate)
#include "test_cli_validate.moc"
