// What `cci` does when the disk fills up or its inputs are damaged: a full disk during a checkpoint keeps the previous
// checkpoint and the run resumable; paired outputs (a submission and its probabilities, a model folder) appear
// together or not at all; a corrupt checkpoint, NaN weights, another model's tokenizer, an empty or unlabelled
// train file and a non-UTF-8 path each get a clear error - and no libtorch stack trace reaches the user.
#include "cli_runner.h"

#include "annotate/annotations.h"
#include "util/atomic_write.h"
#include "util/file_lock.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using cci::test::CliRun;
using cci::test::demoFile;
using cci::test::runCci;
using cci::test::runCciWith;

namespace {

nlohmann::json readJson(const QString& path) { return nlohmann::json::parse(cci::readFile(path.toStdString())); }

QByteArray bytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// cci with extra environment variables.

// cci through the shell with a file-size limit (RLIMIT_FSIZE, in 512-byte blocks) and SIGXFSZ ignored, so that a
// write past the limit fails with EFBIG as a write to a full disk fails.
CliRun runCciWithFileLimit(const QStringList& args, qint64 blocks) {
    QProcess p;
    p.start("/bin/sh", QStringList{"-c", QStringLiteral("trap '' XFSZ; ulimit -f %1; exec \"$0\" \"$@\"").arg(blocks),
                                   QStringLiteral(CCI_BINARY)} +
                           args);
    p.waitForFinished(120000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

bool hasStackTrace(const QString& text) { return text.contains("frame #") || text.contains("Exception raised from"); }

// Overwrites the first value of a float32 tensor in a safetensors file.
void poisonFirstValue(const QString& file, const std::string& tensor, float value) {
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    const QByteArray head = f.read(8);
    std::uint64_t headerLength = 0;
    std::memcpy(&headerLength, head.constData(), 8);
    const auto header = nlohmann::json::parse(f.read(qint64(headerLength)).toStdString());
    QCOMPARE(header.at(tensor).at("dtype").get<std::string>(), std::string("F32"));
    const qint64 offset = 8 + qint64(headerLength) + header.at(tensor).at("data_offsets")[0].get<qint64>();
    QVERIFY(f.seek(offset));
    QCOMPARE(f.write(reinterpret_cast<const char*>(&value), 4), qint64(4));
}

}  // namespace

class TestCliDamage : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;

    QString path(const char* name) const { return m_dir.filePath(QLatin1String(name)); }
    QStringList trainArgs(const QString& out) const {
        // 40 items, 20 per optimizer step: 2 steps per epoch, a checkpoint at the end of epochs 1 and 2.
        return cci::test::smallTrainArgs(
            m_model, {"--out", out, "--epochs", "3", "--grad-accum", "20", "--checkpoint-every", "1000"});
    }

private slots:
    void initTestCase() {
        m_model = path("model");
        cci::test::makeSmallModel(m_model);
    }

    void fullDiskDuringACheckpointKeepsThePreviousOne() {
        QCOMPARE(runCci(trainArgs(path("whole"))).code, 0);
        // The second checkpoint's optimizer state cannot be written (a full disk, injected).
        const QString run = path("full");
        const auto failed = runCciWith(trainArgs(run), {"CCI_FAIL_WRITES=checkpoint.tmp/optimizer.pt:2"});
        QCOMPARE(failed.code, 1);
        QVERIFY2(failed.err.contains("cannot write the checkpoint of step 4") &&
                     failed.err.contains("No space left on device") &&
                     failed.err.contains("the previous checkpoint is kept and cci train --resume " + run),
                 qPrintable(failed.err));
        QVERIFY2(!hasStackTrace(failed.err), qPrintable(failed.err));
        QVERIFY(!QFileInfo::exists(run + "/checkpoint.tmp"));
        QCOMPARE(readJson(run + "/checkpoint/state.json")["step"].get<int>(), 2);
        const auto record = readJson(run + "/run.json");
        QCOMPARE(record["status"].get<std::string>(), std::string("failed"));
        QVERIFY(record["error"].get<std::string>().find("cannot write the checkpoint of step 4") != std::string::npos);
        // It resumes from the kept checkpoint to the adapter of the uninterrupted run.
        const auto resumed = runCci({"train", "--resume", run, "--quiet"});
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QCOMPARE(bytes(run + "/adapter/adapter_model.safetensors"),
                 bytes(path("whole/adapter/adapter_model.safetensors")));
    }

    void corruptCheckpointIsAClearError() {
        const QString run = path("corrupt");
        const auto failed = runCciWith(trainArgs(run), {"CCI_FAIL_WRITES=checkpoint.tmp/optimizer.pt:2"});
        QCOMPARE(failed.code, 1);
        cci::writeFileAtomic((run + "/checkpoint/lora.pt").toStdString(), "not a checkpoint");
        const auto resumed = runCci({"train", "--resume", run, "--quiet"});
        QCOMPARE(resumed.code, 1);
        QVERIFY2(resumed.err.contains(run + "/checkpoint/lora.pt: the checkpoint cannot be read") &&
                     resumed.err.contains("damaged or belongs to another run"),
                 qPrintable(resumed.err));
        QVERIFY2(!hasStackTrace(resumed.err), qPrintable(resumed.err));
        QCOMPARE(readJson(run + "/run.json")["status"].get<std::string>(), std::string("failed"));
    }

    void anotherRunsCheckpointFileIsRefused() {
        // Two runs stopped at the same step, with adapters of the same shapes: a checkpoint file copied from one into
        // the other is refused by its checksum (it was resumed without a word, giving another adapter).
        const QString a = path("swap_a"), b = path("swap_b");
        QCOMPARE(runCciWith(trainArgs(a), {"CCI_FAIL_WRITES=checkpoint.tmp/optimizer.pt:2"}).code, 1);
        QCOMPARE(
            runCciWith(trainArgs(b) + QStringList{"--seed", "7"}, {"CCI_FAIL_WRITES=checkpoint.tmp/optimizer.pt:2"})
                .code,
            1);
        QVERIFY(bytes(a + "/checkpoint/lora.pt") != bytes(b + "/checkpoint/lora.pt"));
        QVERIFY(QFile::remove(a + "/checkpoint/lora.pt"));
        QVERIFY(QFile::copy(b + "/checkpoint/lora.pt", a + "/checkpoint/lora.pt"));
        const auto resumed = runCci({"train", "--resume", a, "--quiet"});
        QCOMPARE(resumed.code, 1);
        QVERIFY2(resumed.err.contains(a + "/checkpoint/lora.pt") && resumed.err.contains("its checksum differs") &&
                     resumed.err.contains("another run"),
                 qPrintable(resumed.err));
        QVERIFY(!QFileInfo::exists(a + "/adapter/adapter_model.safetensors"));
    }

    void aRunStoppedBeforeItsFirstCheckpointStartsAgain() {
        // Killed or failed before its first checkpoint, a run has nothing to continue: the same command (or
        // --resume, or a sweep run again) starts it again instead of a dead end ("already holds a run").
        const QString run = path("early");
        const auto failed = runCciWith(trainArgs(run), {"CCI_FAIL_WRITES=checkpoint.tmp/optimizer.pt:1"});
        QCOMPARE(failed.code, 1);
        QVERIFY(!QFileInfo::exists(run + "/checkpoint"));
        QVERIFY2(failed.err.contains("there is no earlier checkpoint to resume from"), qPrintable(failed.err));
        const auto again = runCci(trainArgs(run));
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.err.contains("replacing an earlier attempt (failed) that stopped before its first checkpoint"),
                 qPrintable(again.err));
        QCOMPARE(bytes(run + "/adapter/adapter_model.safetensors"),
                 bytes(path("whole/adapter/adapter_model.safetensors")));
        // Its metrics are this attempt's alone: 6 optimizer steps, no line of the failed one.
        QCOMPARE(readJson(run + "/run.json")["status"].get<std::string>(), std::string("finished"));
        int trainLines = 0;
        for (const auto& line : QString::fromStdString(cci::readFile((run + "/metrics.jsonl").toStdString()))
                                    .split('\n', Qt::SkipEmptyParts))
            trainLines += nlohmann::json::parse(line.toStdString()).value("split", "train") == "train";
        QCOMPARE(trainLines, 6);
        // --resume of such a run starts it from the beginning too.
        const QString resumable = path("early_resume");
        QCOMPARE(runCciWith(trainArgs(resumable), {"CCI_FAIL_WRITES=checkpoint.tmp/optimizer.pt:1"}).code, 1);
        const auto resumed = runCci({"train", "--resume", resumable, "--quiet"});
        QVERIFY2(resumed.code == 0, qPrintable(resumed.err));
        QVERIFY2(resumed.err.contains("stopped before its first checkpoint; starting it again"),
                 qPrintable(resumed.err));
        QCOMPARE(bytes(resumable + "/adapter/adapter_model.safetensors"),
                 bytes(path("whole/adapter/adapter_model.safetensors")));
    }

    void outputSetsAreReplacedWhole() {
        // A write failing part-way through a command's outputs (a full disk, injected on the last file of the set)
        // leaves the earlier outputs, never new files beside old ones: eda's files of a corpus, and an annotation
        // export with its rationales.
        QTemporaryDir dir;
        const QString eda = dir.filePath("eda");
        QCOMPARE(runCci({"eda", demoFile("demo_dev.json"), "--out", eda}).code, 0);
        const std::string summary = cci::readFile((eda + "/demo_dev_summary.json").toStdString());
        const QString smaller = dir.filePath("demo_dev.json");  // same stem, other content
        auto items = nlohmann::json::parse(cci::readFile(demoFile("demo_dev.json").toStdString()));
        items.erase(items.begin() + 4, items.end());
        cci::writeFileAtomic(smaller.toStdString(), items.dump());
        const QString lastFile =
            QFileInfo::exists(eda + "/demo_dev_wordcloud.png") ? "demo_dev_wordcloud.png" : "demo_dev_summary.json";
        const auto failed = runCciWith({"eda", smaller, "--out", eda}, {"CCI_FAIL_WRITES=" + lastFile + ":1"});
        QCOMPARE(failed.code, 1);
        QCOMPARE(cci::readFile((eda + "/demo_dev_summary.json").toStdString()), summary);
        QCOMPARE(QDir(eda).entryList(QDir::Hidden | QDir::Files).filter(".tmp-").size(), 0);

        const QString sidecar = dir.filePath("demo_dev.annotations.json");
        cci::annotate::AnnotationSet set;
        cci::annotate::Annotation label;
        label.choice = 1;
        label.rationale = "the second follows";
        label.updated = "2026-01-01T00:00:00Z";
        set.set("cci-demo-dev-000001", "ann", label);
        cci::annotate::saveAnnotations(set, sidecar.toStdString());
        const QString out = dir.filePath("labels.json"), csv = dir.filePath("labels.csv");
        cci::writeFileAtomic(out.toStdString(), "old labels");
        cci::writeFileAtomic(csv.toStdString(), "old rationales");
        const auto exported = runCciWith(
            {"annotations", "export", sidecar, "--corpus", demoFile("demo_dev.json"), "-o", out, "--rationales", csv},
            {"CCI_FAIL_WRITES=labels.csv:1"});
        QCOMPARE(exported.code, 1);
        QCOMPARE(cci::readFile(out.toStdString()), std::string("old labels"));
        QCOMPARE(cci::readFile(csv.toStdString()), std::string("old rationales"));
    }

    void threadCountsFromTheEnvironmentAreCapped() {
        // OMP_NUM_THREADS=100000 (or MKL_NUM_THREADS) crashed predict and train when libtorch started that many
        // threads: capped at the hardware threads, with a warning naming the variable.
        for (const QString variable : {"OMP_NUM_THREADS", "MKL_NUM_THREADS"}) {
            const auto r = runCciWith({"predict", "--model", m_model, "--data", demoFile("demo_dev.json"), "-o",
                                       path("threads.json"), "--quiet"},
                                      {variable + "=100000"});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QVERIFY2(r.err.contains(variable + "=100000 is more than this machine's"), qPrintable(r.err));
        }
    }

    void aRunFolderInUseIsRefused() {
        // A second `cci train` into a folder another process trains (here: this test holds its lock) stops at once,
        // naming the holder, instead of mixing two runs in one folder.
        const QString run = path("busy");
        QDir().mkpath(run);
        const cci::FileLock held((run + "/.lock").toStdString(), "busy");
        const auto second = runCci(trainArgs(run));
        QCOMPARE(second.code, 1);
        QVERIFY2(second.err.contains("the run folder " + run + " is in use by another process (pid " +
                                     QString::number(QCoreApplication::applicationPid()) + ")"),
                 qPrintable(second.err));
        QVERIFY(!QFileInfo::exists(run + "/run.json"));
        cci::writeFileAtomic((run + "/run.json").toStdString(), "{\"status\": \"running\"}");
        const auto resume = runCci({"train", "--resume", run, "--quiet"});
        QCOMPARE(resume.code, 1);
        QVERIFY2(resume.err.contains("is in use by another process"), qPrintable(resume.err));
    }

    void pairedOutputsAppearTogetherOrNotAtAll() {
        // Measure the submission and its probabilities, then allow a file size between the two: the small one could
        // be written, the large one cannot - and neither may appear.
        const QString measured = path("measure/pred.json");
        QDir().mkpath(path("measure"));
        const QStringList predict = {"predict", "--model", m_model, "--data", demoFile("demo_dev.json"),
                                     "--quiet", "-o"};
        QCOMPARE(runCci(QStringList(predict) << measured).code, 0);
        const qint64 small = QFileInfo(path("measure/pred.probs.json")).size(), large = QFileInfo(measured).size();
        QVERIFY2(small + 2048 < large, qPrintable(QStringLiteral("%1 vs %2").arg(small).arg(large)));
        QDir().mkpath(path("limited"));
        const auto r = runCciWithFileLimit(QStringList(predict) << path("limited/pred.json"), (small + 1023) / 512);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("write failed"), qPrintable(r.err));
        QCOMPARE(QDir(path("limited")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList());
        // make-tiny-model: the weights cannot be written; no folder with a config.json but no weights is left.
        const auto tiny = runCciWith({"make-tiny-model", path("tiny-full"), "--corpus", demoFile("demo_dev.json")},
                                     {"CCI_FAIL_WRITES=model.safetensors:1"});
        QCOMPARE(tiny.code, 1);
        QVERIFY2(tiny.err.contains("cannot write the model"), qPrintable(tiny.err));
        QVERIFY(!QFileInfo::exists(path("tiny-full")));
    }

    void nonFiniteWeightsAreFoundByPredictAndDoctor() {
        const QString model = path("nan-model");
        cci::test::makeSmallModel(model);
        const auto healthy = runCci({"doctor", "--model", model});
        QVERIFY2(healthy.out.contains("checked") && !healthy.out.contains("NaN or infinite values"),
                 qPrintable(healthy.out));
        poisonFirstValue(model + "/model.safetensors", "model.norm.weight", std::numeric_limits<float>::quiet_NaN());
        const auto doctor = runCci({"doctor", "--model", model});
        QCOMPARE(doctor.code, 1);
        QVERIFY2(doctor.out.contains("model.norm.weight holds 1 NaN or infinite values"), qPrintable(doctor.out));
        const auto predict = runCci(
            {"predict", "--model", model, "--data", demoFile("demo_dev.json"), "-o", path("nan-pred.json"), "--quiet"});
        QCOMPARE(predict.code, 1);
        QVERIFY2(predict.err.contains("the model's A/B/C logits are not finite") &&
                     predict.err.contains("cci doctor --model " + model),
                 qPrintable(predict.err));
        QVERIFY(!QFileInfo::exists(path("nan-pred.json")));
    }

    void anotherModelsTokenizerIsNamed() {
        // The weights of the small model (the dev split's characters) with the tokenizer of a larger vocabulary.
        const QString big = path("big-vocab"), mixed = path("mixed");
        cci::model::TinyModelSpec spec;
        spec.hidden = 32;
        spec.intermediate = 64;
        cci::model::makeTinyModel(big.toStdString(), {cci::loadCorpus(demoFile("demo_train.json").toStdString())},
                                  spec);
        QDir().mkpath(mixed);
        for (const char* file : {"config.json", "model.safetensors", "tokenizer_config.json"})
            QVERIFY(QFile::copy(m_model + "/" + file, mixed + "/" + file));
        QVERIFY(QFile::copy(big + "/tokenizer.json", mixed + "/tokenizer.json"));
        const auto vocab = [](const QString& folder) {
            return readJson(folder + "/config.json")["vocab_size"].get<int>();
        };
        QVERIFY(vocab(big) > vocab(m_model));
        const auto train = runCci({"train", "--model", mixed, "--train", demoFile("demo_train.json"), "--out",
                                   path("mixed-run"), "--epochs", "1", "--quiet"});
        QCOMPARE(train.code, 1);
        QVERIFY2(train.err.contains("past the model's vocab_size " + QString::number(vocab(m_model))) &&
                     train.err.contains("the tokenizer does not belong to these weights"),
                 qPrintable(train.err));
        QVERIFY(!QFileInfo::exists(path("mixed-run")));
        const auto doctor = runCci({"doctor", "--model", mixed});
        QCOMPARE(doctor.code, 1);
        QVERIFY2(doctor.out.contains("but the model's vocab_size is " + QString::number(vocab(m_model))),
                 qPrintable(doctor.out));
    }

    void emptyOrUnlabelledTrainFilesSayWhy() {
        const QString empty = path("empty.json");
        cci::writeFileAtomic(empty.toStdString(), "[]\n");
        const auto none =
            runCci({"train", "--model", m_model, "--train", empty, "--out", path("empty-run"), "--quiet"});
        QCOMPARE(none.code, 1);
        QVERIFY2(none.err.contains(empty + ": the file holds no items to train on"), qPrintable(none.err));
        const auto unlabelled = runCci(
            {"train", "--model", m_model, "--train", demoFile("demo_test.json"), "--out", path("test-run"), "--quiet"});
        QCOMPARE(unlabelled.code, 1);
        QVERIFY2(unlabelled.err.contains("no item has an answer"), qPrintable(unlabelled.err));
        const auto tooLong = runCci({"train", "--model", m_model, "--train", demoFile("demo_dev.json"), "--out",
                                     path("long-run"), "--max-seq-length", "16", "--quiet"});
        QCOMPARE(tooLong.code, 1);
        QVERIFY2(tooLong.err.contains("every labelled item (40) is longer than max_seq_length 16"),
                 qPrintable(tooLong.err));
    }

    void sigtermDuringAWriteLeavesNoTemporaryFile() {
        // SIGTERM (or SIGINT, SIGHUP) while an output is being written: the process ends by the signal as before,
        // the earlier output is kept and the temporary file beside it is removed (a killed refine of a large
        // corpus left hundreds of MB of hidden files).
        QTemporaryDir dir;
        const QString out = dir.filePath("refined.json");
        QVERIFY(QFile::copy(demoFile("demo_dev.json"), out));
        const auto r =
            runCciWith({"refine", demoFile("demo_dev.json"), "-o", out}, {"CCI_SIGNAL_DURING_WRITE=refined.json"});
        QVERIFY(r.crashed);  // ended by the signal
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{"refined.json"});
        QCOMPARE(cci::readFile(out.toStdString()), cci::readFile(demoFile("demo_dev.json").toStdString()));
    }

    void nonUtf8OutPathIsRefusedBeforeAnyWork() {
        QProcess p;
        const QString out = path("run-");
        p.start("/bin/sh",
                {"-c", "exec \"$0\" train --model \"$1\" --train \"$2\" --out \"$3$(printf '\\377')\" --quiet",
                 QStringLiteral(CCI_BINARY), m_model, demoFile("demo_dev.json"), out});
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains("--out: the path is not valid UTF-8"), qPrintable(err));
        QVERIFY2(!err.contains("internal error"), qPrintable(err));
        QCOMPARE(QDir(m_dir.path()).entryList({"run-*"}, QDir::AllEntries), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestCliDamage)
#include "test_cli_damage.moc"
