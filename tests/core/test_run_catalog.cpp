// The run folder's layout and record (RunFolder), and the run catalogue behind the Runs view: summaries of run.json +
// metrics.jsonl (best dev loss/accuracy, steps, method, interrupted detection) and tolerance of hand-edited or
// truncated run files, which must never throw.
#include "infer/run_settings.h"
#include "run/dev_evaluations.h"
#include "run/run_catalog.h"
#include "run/run_folder.h"
#include "run/tensorboard_events.h"
#include "system/device_spec.h"
#include "test_support.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>

#include <unistd.h>

using namespace cci;
using cci::test::errorOf;

class TestRunCatalog : public QObject {
    Q_OBJECT

private slots:
    void summaryCombinesRunJsonAndMetrics() {
        const std::string runJson = R"({"model": "/models/Solar-Ko-Recovery-11B", "style": "CustomRef",
            "status": "finished", "seconds": 120.5, "optimizer": {"lr": 0.0002},
            "config": {"load_in_4bit": true}, "train": {"file": "/data/train.refined.json"},
            "schedule": {"total_steps": 8}})";
        const auto metrics = run::parseMetrics(
            "{\"split\":\"train\",\"step\":1,\"loss\":2.5,\"elapsed_s\":1}\n"
            "{\"split\":\"dev\",\"epoch\":1,\"loss\":1.5,\"accuracy\":0.6}\n"
            "not json at all\n"
            "{\"split\":\"train\",\"step\":2,\"loss\":2.0,\"elapsed_s\":2}\n"
            "{\"split\":\"dev\",\"epoch\":2,\"loss\":1.7,\"accuracy\":0.7}\n"
            "{\"split\":\"train\",\"step\":3,\"loss\":1.0,\"elapsed_s\":3}\n");
        QCOMPARE(metrics.size(), std::size_t(5));
        const auto s = run::summariseRun("/runs/solar-a", runJson, metrics);
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
        const auto p = infer::predictConfigOfRun(run);
        QCOMPARE(p.modelDir, std::string("/m"));
        QCOMPARE(p.adapterDir, run + "/adapter");
        QCOMPARE(p.style, std::string("SystemRefOfficialTerm"));
        QCOMPARE(p.templateSpec, std::string("chatml"));
        QVERIFY(p.refine && p.nf4);
        // Scoring a corpus file with the run: its submission goes into the run's predictions folder.
        const auto q = infer::predictConfigOfRun(run, "/data/nikl_dev.v1.json");
        QCOMPARE(q.dataFile, std::string("/data/nikl_dev.v1.json"));
        QCOMPARE(q.outFile, run + "/predictions/nikl_dev.v1.json");
        QCOMPARE(q.style, p.style);
        writeFileAtomic(run + "/run.json", R"({"status": "finished"})");
        QVERIFY_THROWS_EXCEPTION(Error, infer::predictConfigOfRun(run));
    }

    void runFolderNamesTheLayoutAndGuardsTheRecord() {
        QTemporaryDir dir;
        const run::RunFolder folder(dir.filePath("runs/a/").toStdString());
        QCOMPARE(folder.name(), std::string("a"));
        QCOMPARE(folder.recordFile(), dir.filePath("runs/a/run.json").toStdString());
        QVERIFY(!folder.hasRecord() && !folder.hasCheckpoint());
        QCOMPARE(folder.readMetricsText(), std::string());
        // The record: written (creating the folder), updated in place, refused with the file's name when damaged.
        folder.writeRecord({{"status", "running"}, {"pid", 1}});
        folder.updateRecord([](nlohmann::ordered_json& r) {
            r["status"] = run::status::failed;
            r.erase("pid");
        });
        QCOMPARE(folder.readRecord().dump(), std::string(R"({"status":"failed"})"));
        writeFileAtomic(folder.recordFile(), "[1, 2");
        const std::string damaged = errorOf([&] { folder.readRecord(); });
        QVERIFY2(damaged.find(folder.recordFile()) != std::string::npos &&
                     damaged.find("not a JSON object") != std::string::npos,
                 damaged.c_str());
        // Metrics grow a line at a time after the first write.
        folder.writeMetrics("{\"step\": 1}\n");
        folder.appendMetric({{"step", 2}});
        QCOMPARE(run::parseMetrics(folder.readMetricsText()).size(), std::size_t(2));
        // A checkpoint counts when its state.json is there; checkpoint.old/ stands in after a crash between renames.
        std::filesystem::create_directories(folder.previousCheckpointDir());
        writeFileAtomic(folder.previousCheckpointDir() + "/state.json", "{}");
        QVERIFY(folder.hasCheckpoint());
        QCOMPARE(folder.checkpointToLoad(), folder.previousCheckpointDir());
    }

    void deviceNamesParseOnce() {
        // The one parse behind the loader, the trainer, GPU queries and the GUI's job queues.
        QVERIFY(!parseDevice("cpu").cuda);
        QCOMPARE(parseDevice("cpu").name(), std::string("cpu"));
        const DeviceSpec first = parseDevice("cuda");
        QVERIFY(first.cuda && !first.indexGiven && first.index == 0);
        QCOMPARE(first.name(), std::string("cuda:0"));  // the same queue as "cuda:0"
        const DeviceSpec third = parseDevice("cuda:2");
        QVERIFY(third.cuda && third.indexGiven && third.index == 2);
        QCOMPARE(third.name(), std::string("cuda:2"));
        for (const char* bad : {"gpu", "cuda:", "cuda:x", "cuda0", "cuda:-1", "cuda:1234", "CPU", ""}) {
            const std::string message = errorOf([&] { parseDevice(bad); });
            QVERIFY2(
                message.find("unknown device \"" + std::string(bad) + "\" (cpu, cuda or cuda:N)") != std::string::npos,
                message.c_str());
        }
    }

    void runningWithoutItsProcessIsInterrupted() {
        const std::string alive = R"({"status": "running", "pid": )" + std::to_string(getpid()) + "}";
        QCOMPARE(run::summariseRun("r", alive, {})->status, std::string("running"));
        // pid_max on Linux is at most 4194304: this pid cannot exist.
        QCOMPARE(run::summariseRun("r", R"({"status": "running", "pid": 999999999})", {})->status,
                 std::string("interrupted"));
    }

    void brokenRunFilesNeverThrow_data() {
        QTest::addColumn<QString>("runJson");
        QTest::addColumn<QString>("status");
        QTest::newRow("numbers for strings") << R"({"model": 5, "style": [], "status": 3, "train": {"file": 1}})"
                                             << "unknown";
        QTest::newRow("objects of the wrong type") << R"({"optimizer": 1, "config": "x", "schedule": [1]})"
                                                   << "unknown";
        QTest::newRow("negative and huge numbers")
            << R"({"status": "failed", "seconds": -4, "schedule": {"total_steps": 1e300}})"
            << "failed";
        QTest::newRow("pid out of range") << R"({"status": "running", "pid": -1})"
                                          << "running";
        QTest::newRow("pid a string") << R"({"status": "running", "pid": "12"})"
                                      << "running";
    }

    void brokenRunFilesNeverThrow() {
        QFETCH(QString, runJson);
        QFETCH(QString, status);
        const auto metrics =
            run::parseMetrics("{\"split\": 4, \"step\": \"x\", \"loss\": null}\n[1,2]\n{\"step\": -7}\n");
        QCOMPARE(metrics.size(), std::size_t(2));
        const auto s = run::summariseRun("r", runJson.toStdString(), metrics);
        QVERIFY(s);
        QCOMPARE(QString::fromStdString(s->status), status);
        QVERIFY(s->seconds >= 0);
        QCOMPARE(s->totalSteps, std::size_t(0));
    }

    void unreadableRunJsonIsNoRun() {
        QVERIFY(!run::summariseRun("r", "{\"status\": \"runn", {}));
        QVERIFY(!run::summariseRun("r", "[]", {}));
        QTemporaryDir dir;
        QVERIFY(!run::readRun(dir.path().toStdString()));
        QVERIFY(QDir(dir.path()).mkpath("a"));
        writeFileAtomic(dir.filePath("a/run.json").toStdString(), "{\"model\": 7}");
        const auto runs = run::listRuns(dir.path().toStdString());
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].name, std::string("a"));
        // A run.json that is no run record is listed as unreadable, not left out without a word.
        QVERIFY(QDir(dir.path()).mkpath("b"));
        writeFileAtomic(dir.filePath("b/run.json").toStdString(), "[]");
        const auto withBroken = run::listRuns(dir.path().toStdString());
        QCOMPARE(withBroken.size(), std::size_t(2));
        const auto broken =
            std::find_if(withBroken.begin(), withBroken.end(), [](const auto& r) { return r.name == "b"; });
        QVERIFY(broken != withBroken.end());
        QCOMPARE(broken->status, std::string("unreadable"));
    }

    void answersCollapsedOntoOneLetterAreNamed() {
        // A model that answers C everywhere scores the share of C in gold (both tiny demo runs did: 35.1%): flagged
        // from 90% of at least 10 answers.
        const auto all = run::collapsedAnswers({0, 0, 151});
        QVERIFY(all);
        QCOMPARE(all->letter, 2);
        QCOMPARE(all->count, std::size_t(151));
        QVERIFY(run::collapsedAnswers({1, 9, 90}));   // exactly 90%
        QVERIFY(!run::collapsedAnswers({2, 9, 89}));  // 89%
        QVERIFY(!run::collapsedAnswers({0, 0, 9}));   // too few answers to say
        QVERIFY(!run::collapsedAnswers({40, 50, 61}));
        QVERIFY(run::describeCollapse(*all).starts_with("answers C for 151 of 151 items (100%)"));
        const auto s = run::summariseRun("r", R"({"status": "finished", "letter_audit": {"picked": [0, 1, 39]}})", {});
        QVERIFY(s);
        QVERIFY2(s->warning.find("answers C for 39 of 40 items (98%)") != std::string::npos, s->warning.c_str());
        const auto fine =
            run::summariseRun("r", R"({"status": "finished", "letter_audit": {"picked": [13, 14, 13]}})", {});
        QVERIFY(fine && fine->warning.empty());
    }

    void runsInsideGroupFoldersAreListed() {
        // Sweeps and k-fold runs keep their runs in subfolders: listed by their path below the runs folder, down to
        // three levels; a run's own subfolders (adapter, checkpoint) are not searched; the start time comes from
        // run.json.
        QTemporaryDir dir;
        for (const char* folder : {"plain", "sweep/lr1-r2-CustomRef-raw", "group/sweep/lr3-r4-CustomRef-raw",
                                   "plain/adapter", "a/b/c/d/too-deep"})
            QVERIFY(QDir(dir.path()).mkpath(folder));
        for (const char* run :
             {"plain", "sweep/lr1-r2-CustomRef-raw", "group/sweep/lr3-r4-CustomRef-raw", "a/b/c/d/too-deep"})
            writeFileAtomic(dir.filePath(QLatin1String(run) + "/run.json").toStdString(),
                            "{\"status\": \"finished\", \"started\": \"2026-01-02T03:04:05Z\"}");
        writeFileAtomic(dir.filePath("plain/adapter/run.json").toStdString(), "{\"status\": \"finished\"}");
        std::vector<std::string> names;
        for (const auto& r : run::listRuns(dir.path().toStdString())) {
            names.push_back(r.name);
            QVERIFY2(r.started.starts_with("2026-01-0"), r.started.c_str());
        }
        std::sort(names.begin(), names.end());
        QCOMPARE(names,
                 (std::vector<std::string>{"group/sweep/lr3-r4-CustomRef-raw", "plain", "sweep/lr1-r2-CustomRef-raw"}));
    }
    // TensorBoard's record framing: CRC-32C (Castagnoli) as specified (check value of "123456789"), masked as TFRecord
    // masks it; the rest is read back by the tensorboard package (tests/reference/compare_tensorboard.py).
    void tensorBoardRecordsAreFramedAsTfRecord() {
        QCOMPARE(run::crc32c("123456789"), std::uint32_t(0xE3069283u));
        QCOMPARE(run::crc32c(""), std::uint32_t(0));
        const std::string record = run::tfRecord("abc");
        QCOMPARE(record.size(), std::size_t(8 + 4 + 3 + 4));
        QCOMPARE(std::uint8_t(record[0]), std::uint8_t(3));  // little-endian length
        QCOMPARE(record.substr(12, 3), std::string("abc"));
        const std::uint32_t crc = run::crc32c("abc");
        const std::uint32_t maskedCrc = ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
        std::uint32_t stored = 0;
        for (int i = 0; i < 4; ++i) stored |= std::uint32_t(std::uint8_t(record[std::size_t(15 + i)])) << (8 * i);
        QCOMPARE(stored, maskedCrc);
    }
};

QTEST_GUILESS_MAIN(TestRunCatalog)
#include "test_run_catalog.moc"
