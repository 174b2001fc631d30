// The run catalogue behind the Runs view: summaries of run.json + metrics.jsonl (best dev loss/accuracy, steps,
// method, interrupted detection) and tolerance of hand-edited or truncated run files, which must never throw.
#include "train/run_catalog.h"
#include "util/atomic_write.h"

#include "util/problem.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

#include <unistd.h>

using namespace cci;

class TestRunCatalog : public QObject {
    Q_OBJECT

private slots:
    void summaryCombinesRunJsonAndMetrics() {
        const std::string runJson = R"({"model": "/models/Solar-Ko-Recovery-11B", "style": "CustomRef",
            "status": "finished", "seconds": 120.5, "optimizer": {"lr": 0.0002},
            "config": {"load_in_4bit": true}, "train": {"file": "/data/train.refined.json"},
            "schedule": {"total_steps": 8}})";
        const auto metrics = train::parseMetrics(
            "{\"split\":\"train\",\"step\":1,\"loss\":2.5,\"elapsed_s\":1}\n"
            "{\"split\":\"dev\",\"epoch\":1,\"loss\":1.5,\"accuracy\":0.6}\n"
            "not json at all\n"
            "{\"split\":\"train\",\"step\":2,\"loss\":2.0,\"elapsed_s\":2}\n"
            "{\"split\":\"dev\",\"epoch\":2,\"loss\":1.7,\"accuracy\":0.7}\n"
            "{\"split\":\"train\",\"step\":3,\"loss\":1.0,\"elapsed_s\":3}\n");
        QCOMPARE(metrics.size(), std::size_t(5));
        const auto s = train::summariseRun("/runs/solar-a", runJson, metrics);
        QVERIFY(s);
        QCOMPARE(s->name, std::string("solar-a"));
        QCOMPARE(s->model, std::string("Solar-Ko-Recovery-11B"));
        QCOMPARE(s->method, std::string("QLoRA"));
        QCOMPARE(s->data, std::string("train.refined.json"));
        QCOMPARE(s->learningRate, 0.0002);
        QCOMPARE(*s->bestDevLoss, 1.5);
        QCOMPARE(*s->bestDevAccuracy, 0.7);
        QCOMPARE(*s->lastTrainLoss, 1.0);
        QCOMPARE(s->steps, std::size_t(3));
        QCOMPARE(s->totalSteps, std::size_t(8));
        QCOMPARE(s->seconds, 120.5);  // a finished run keeps its recorded duration
    }

    void predictionScoresAsTheRunTrained() {
        // GUI Predict… and the run's own settings: style, chat template, refinement and NF4 base come from run.json.
        QTemporaryDir dir;
        const std::string run = dir.filePath("r").toStdString();
        std::filesystem::create_directories(run);
        writeFileAtomic(run + "/run.json", R"({"status": "finished", "config": {"model": "/m", "train": "t.json",
            "style": "SystemRefOfficialTerm", "template": "chatml", "refine": true, "load_in_4bit": true}})");
        const auto p = train::predictConfigOfRun(run);
        QCOMPARE(p.modelDir, std::string("/m"));
        QCOMPARE(p.adapterDir, run + "/adapter");
        QCOMPARE(p.style, std::string("SystemRefOfficialTerm"));
        QCOMPARE(p.templateSpec, std::string("chatml"));
        QVERIFY(p.refine && p.nf4);
        writeFileAtomic(run + "/run.json", R"({"status": "finished"})");
        QVERIFY_THROWS_EXCEPTION(Error, train::predictConfigOfRun(run));
    }

    void runningWithoutItsProcessIsInterrupted() {
        const std::string alive = R"({"status": "running", "pid": )" + std::to_string(getpid()) + "}";
        QCOMPARE(train::summariseRun("r", alive, {})->status, std::string("running"));
        // pid_max on Linux is at most 4194304: this pid cannot exist.
        QCOMPARE(train::summariseRun("r", R"({"status": "running", "pid": 999999999})", {})->status,
                 std::string("interrupted"));
    }

    void brokenRunFilesNeverThrow_data() {
        QTest::addColumn<QString>("runJson");
        QTest::addColumn<QString>("status");
        QTest::newRow("numbers for strings") << R"({"model": 5, "style": [], "status": 3, "train": {"file": 1}})" << "unknown";
        QTest::newRow("objects of the wrong type") << R"({"optimizer": 1, "config": "x", "schedule": [1]})" << "unknown";
        QTest::newRow("negative and huge numbers") << R"({"status": "failed", "seconds": -4, "schedule": {"total_steps": 1e300}})" << "failed";
        QTest::newRow("pid out of range") << R"({"status": "running", "pid": -1})" << "running";
        QTest::newRow("pid a string") << R"({"status": "running", "pid": "12"})" << "running";
    }

    void brokenRunFilesNeverThrow() {
        QFETCH(QString, runJson);
        QFETCH(QString, status);
        const auto metrics = train::parseMetrics("{\"split\": 4, \"step\": \"x\", \"loss\": null}\n[1,2]\n{\"step\": -7}\n");
        QCOMPARE(metrics.size(), std::size_t(2));
        const auto s = train::summariseRun("r", runJson.toStdString(), metrics);
        QVERIFY(s);
        QCOMPARE(QString::fromStdString(s->status), status);
        QVERIFY(s->seconds >= 0);
        QCOMPARE(s->totalSteps, std::size_t(0));
    }

    void unreadableRunJsonIsNoRun() {
        QVERIFY(!train::summariseRun("r", "{\"status\": \"runn", {}));
        QVERIFY(!train::summariseRun("r", "[]", {}));
        QTemporaryDir dir;
        QVERIFY(!train::readRun(dir.path().toStdString()));
        QVERIFY(QDir(dir.path()).mkpath("a"));
        writeFileAtomic(dir.filePath("a/run.json").toStdString(), "{\"model\": 7}");
        const auto runs = train::listRuns(dir.path().toStdString());
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].name, std::string("a"));
    }
};

QTEST_GUILESS_MAIN(TestRunCatalog)
#include "test_run_catalog.moc"
