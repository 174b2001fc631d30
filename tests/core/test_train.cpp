// LoRA training: gradients against finite differences (double precision), a short run on the tiny model (loss
// drops, run folder complete, PEFT adapter that `predict --adapter` loads to the same dev probabilities as the run's
// own evaluation), dev evaluation every N steps with the best adapter kept and early stopping, and configuration errors
// reported before any work.
#include "chat/template_kwargs.h"
#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "infer/predict.h"
#include "infer/run_settings.h"
#include "model/memory_estimate.h"
#include "model/merge_adapter.h"
#include "model/tiny_model.h"
#include "prompt/prompt_preview.h"
#include "prompt/prompt_tokens.h"
#include "run/run_catalog.h"
#include "run/run_folder.h"
#include "stats/token_lengths.h"
#include "tokenizer/load_tokenizer.h"
#include "train/kfold_training.h"
#include "train/lora_gradient_check.h"
#include "train/lora_trainer.h"
#include "train/sft_examples.h"
#include "train/sweep.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include "test_support.h"

#include <cstring>
#include <filesystem>
#include <sstream>

#include <unistd.h>

using namespace cci;
using cci::test::errorOf;

namespace {

std::string demo(const char* name) { return std::string(CCI_DEMO_DIR) + "/" + name; }

// Two probability sidecars ([{"id", "probs": [pA, pB, pC]}]) agree item by item within 1e-5.
void sameProbabilities(const std::string& oursFile, const std::string& theirsFile) {
    const auto ours = nlohmann::json::parse(readFile(oursFile));
    const auto theirs = nlohmann::json::parse(readFile(theirsFile));
    QCOMPARE(ours.size(), theirs.size());
    for (std::size_t i = 0; i < ours.size(); ++i)
        for (int k = 0; k < 3; ++k)
            QVERIFY(std::abs(ours[i]["probs"][k].get<double>() - theirs[i]["probs"][k].get<double>()) < 1e-5);
}

}  // namespace

class TestTrain : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_model;

    // A short run on the tiny model: the demo dev split as training and dev data, a learning rate that shows
    // learning within a few dozen steps.
    train::TrainConfig shortRun(const char* folder, int epochs) const {
        train::TrainConfig c;
        c.modelDir = m_model;
        c.trainFile = demo("demo_dev.json");
        c.devFile = demo("demo_dev.json");
        c.runDir = m_dir.filePath(folder).toStdString();
        c.epochs = epochs;
        c.gradientAccumulation = 4;
        c.learningRate = 5e-3;
        c.warmupSteps = 2;
        c.loraR = 4;
        c.loraAlpha = 8;
        return c;
    }

private slots:
    void initTestCase() {
        m_model = m_dir.filePath("tiny").toStdString();
        model::TinyModelSpec spec;
        spec.hidden = 32;
        spec.heads = 4;
        spec.kvHeads = 2;
        spec.intermediate = 64;
        model::makeTinyModel(m_model, {loadCorpus(demo("demo_dev.json")), loadCorpus(demo("demo_train.json"))}, spec);
    }

    void loraGradientsMatchFiniteDifferences() {
        std::vector<std::int32_t> ids;
        for (int i = 0; i < 24; ++i) ids.push_back(3 + (i * 17) % 200);
        const double worst = train::loraGradientCheck(m_model, ids, 16, 2, 24, 7);
        QVERIFY2(worst < 1e-5, std::to_string(worst).c_str());
        // The same through NF4 base weights (QLoRA): dequantised weights are constants of the graph.
        const double worstNf4 = train::loraGradientCheck(m_model, ids, 16, 2, 24, 11, true);
        QVERIFY2(worstNf4 < 1e-5, std::to_string(worstNf4).c_str());
        // Through the other families' layers: Gemma 2's norms, GELU, soft-capped scores and logits and a window
        // shorter than the sequence; EXAONE 4.0's post-norms, q/k norms and global layers without rotary embedding.
        for (const char* family : {"gemma2", "exaone4"}) {
            model::TinyModelSpec spec;
            spec.family = family;
            spec.hidden = 32;
            spec.intermediate = 64;
            spec.layers = 2;
            spec.slidingWindow = 8;
            const std::string folder = m_dir.filePath(QString("grad-") + family).toStdString();
            model::makeTinyModel(folder, {loadCorpus(demo("demo_dev.json"))}, spec);
            const double worstFamily = train::loraGradientCheck(folder, ids, 16, 2, 24, 5);
            QVERIFY2(worstFamily < 1e-5, (std::string(family) + ": " + std::to_string(worstFamily)).c_str());
        }
    }

    void qloraRunLearnsAndPredictsOnTheNf4Base() {
        train::TrainConfig c = shortRun("qlora", 2);
        c.loadIn4bit = true;
        const auto r = train::runTraining(c);
        QVERIFY2(r.lastLoss < r.firstLoss * 0.9,
                 (std::to_string(r.firstLoss) + " -> " + std::to_string(r.lastLoss)).c_str());
        const auto run = nlohmann::json::parse(readFile(c.runDir + "/run.json"));
        QCOMPARE(run["config"]["load_in_4bit"].get<bool>(), true);
        QVERIFY(run["weights"]["linear_bytes"].get<double>() > 0);
        // Predicting with the adapter on the NF4 base reproduces the run's own dev scoring.
        infer::PredictConfig p;
        p.modelDir = m_model;
        p.adapterDir = c.runDir + "/adapter";
        p.nf4 = true;
        p.dataFile = demo("demo_dev.json");
        p.outFile = m_dir.filePath("qpred.json").toStdString();
        infer::runPredict(p);
        sameProbabilities(m_dir.filePath("qpred.probs.json").toStdString(), c.runDir + "/dev_predictions.probs.json");
        if (QTest::currentTestFailed()) return;
        // DoRA on the dense base (its rows rescaled when the adapter is merged at load) and on the NF4 base (kept
        // beside the quantised weights): predicting reproduces each run's own dev scoring.
        for (const bool nf4 : {false, true}) {
            train::TrainConfig d = shortRun(nf4 ? "qdora" : "dora", 1);
            d.useDora = true;
            d.loadIn4bit = nf4;
            train::runTraining(d);
            const auto adapterConfig = nlohmann::json::parse(readFile(d.runDir + "/adapter/adapter_config.json"));
            QCOMPARE(adapterConfig["use_dora"].get<bool>(), true);
            p.adapterDir = d.runDir + "/adapter";
            p.nf4 = nf4;
            p.outFile = m_dir.filePath(nf4 ? "qdora-pred.json" : "dora-pred.json").toStdString();
            infer::runPredict(p);
            sameProbabilities(infer::probsPathFor(p.outFile), d.runDir + "/dev_predictions.probs.json");
            if (QTest::currentTestFailed()) return;
        }
    }

    void shortRunLearnsAndWritesAPeftAdapter() {
        const train::TrainConfig c = shortRun("run", 3);
        const auto r = train::runTraining(c);
        QCOMPARE(r.examples, std::size_t(40));
        QCOMPARE(r.optimizerSteps, std::size_t(30));
        QVERIFY2(r.lastLoss < r.firstLoss * 0.8,
                 (std::to_string(r.firstLoss) + " -> " + std::to_string(r.lastLoss)).c_str());
        // metrics.jsonl: one line per optimizer step and one per dev evaluation.
        std::istringstream metrics(readFile(c.runDir + "/metrics.jsonl"));
        std::string line;
        int train = 0, dev = 0;
        while (std::getline(metrics, line)) {
            const auto j = nlohmann::json::parse(line);
            (j["split"] == "train" ? train : dev) += 1;
            if (j["split"] == "train")
                QVERIFY(j.contains("lr") && j.contains("grad_norm") && j.contains("tokens_per_s"));
        }
        QCOMPARE(train, 30);
        QCOMPARE(dev, 3);
        const auto run = nlohmann::json::parse(readFile(c.runDir + "/run.json"));
        QCOMPARE(run["status"].get<std::string>(), std::string("finished"));
        const auto adapterConfig = nlohmann::json::parse(readFile(c.runDir + "/adapter/adapter_config.json"));
        QCOMPARE(adapterConfig["peft_type"].get<std::string>(), std::string("LORA"));
        QCOMPARE(adapterConfig["r"].get<int>(), 4);
        // The trainable parameters of the memory estimate are those the adapter holds.
        const std::string adapterFile = readFile(c.runDir + "/adapter/adapter_model.safetensors");
        std::uint64_t headerSize = 0;
        std::memcpy(&headerSize, adapterFile.data(), 8);
        double stored = 0;
        const auto header = nlohmann::json::parse(adapterFile.substr(8, headerSize));
        for (auto it = header.begin(); it != header.end(); ++it)
            if (it.key() != "__metadata__") stored += (*it)["shape"][0].get<double>() * (*it)["shape"][1].get<double>();
        model::TrainingMemoryInput in;
        in.loraR = 4;
        QCOMPARE(model::estimateTrainingMemory(model::readLlamaConfig(m_model + "/config.json"), in).trainable, stored);
        // The merged adapter predicts what the run's in-memory adapters scored.
        infer::PredictConfig p;
        p.modelDir = m_model;
        p.adapterDir = c.runDir + "/adapter";
        p.dataFile = demo("demo_dev.json");
        p.outFile = m_dir.filePath("pred.json").toStdString();
        infer::runPredict(p);
        sameProbabilities(m_dir.filePath("pred.probs.json").toStdString(), c.runDir + "/dev_predictions.probs.json");
        if (QTest::currentTestFailed()) return;
    }

    void resumeEndsWithTheSameAdapterBitForBit() {
        auto config = [&](const char* name) {
            train::TrainConfig c = shortRun(name, 2);
            c.devFile.clear();
            c.loraR = 2;
            c.loraDropout = 0.1;  // uses the random generator: the checkpoint must restore it
            c.neftuneAlpha = 5;   // so does NEFTune
            c.checkpointEvery = 3;
            return c;
        };
        const auto whole = train::runTraining(config("whole"));
        // Cancelled after step 7 (mid-epoch, between checkpoints), then resumed.
        const auto cancelled = train::runTraining(config("resumed"), [](const ProgressEvent& e) { return e.step < 7; });
        QVERIFY(cancelled.cancelled);
        const auto resumed = train::resumeTraining(m_dir.filePath("resumed").toStdString());
        QCOMPARE(resumed.optimizerSteps, whole.optimizerSteps);
        QCOMPARE(readFile(m_dir.filePath("resumed/adapter/adapter_model.safetensors").toStdString()),
                 readFile(m_dir.filePath("whole/adapter/adapter_model.safetensors").toStdString()));
        // The metrics are those of one uninterrupted run: each step once.
        std::istringstream metrics(readFile(m_dir.filePath("resumed/metrics.jsonl").toStdString()));
        std::string line;
        int lines = 0;
        double previousElapsed = 0, elapsedAtCheckpoint = 0;
        while (std::getline(metrics, line)) {
            ++lines;
            // The clock of a resumed run continues from the checkpoint: elapsed_s never falls back.
            const double elapsed = nlohmann::json::parse(line)["elapsed_s"].get<double>();
            QVERIFY(elapsed >= previousElapsed);
            previousElapsed = elapsed;
            if (lines == 6) elapsedAtCheckpoint = elapsed;  // the checkpoint of step 6 (every 3 steps)
        }
        QCOMPARE(lines, int(whole.optimizerSteps));
        QVERIFY(elapsedAtCheckpoint > 0);
        QVERIFY(resumed.seconds >= elapsedAtCheckpoint);
        QVERIFY(errorOf([&] {
                    train::resumeTraining(m_dir.filePath("nothing").toStdString());
                }).find("no run to resume (no run.json)") != std::string::npos);
        QVERIFY(!QFileInfo::exists(m_dir.filePath("nothing")));  // nothing made on the way
    }

    void evaluatesEveryNStepsAndKeepsTheBestAdapter() {
        // 10 steps per epoch, 2 epochs, an evaluation every 4 steps and at each epoch's end (step 20 once).
        auto config = [&](const char* name) {
            train::TrainConfig c = shortRun(name, 2);
            c.evalEvery = 4;
            c.checkpointEvery = 3;
            return c;
        };
        const auto whole = train::runTraining(config("evals"));
        const std::string dir = m_dir.filePath("evals").toStdString();
        std::vector<nlohmann::json> dev;
        std::istringstream metrics(readFile(dir + "/metrics.jsonl"));
        for (std::string line; std::getline(metrics, line);)
            if (const auto j = nlohmann::json::parse(line); j["split"] == "dev") dev.push_back(j);
        std::vector<int> steps;
        for (const auto& j : dev) steps.push_back(j["step"].get<int>());
        QCOMPARE(steps, (std::vector<int>{4, 8, 10, 12, 16, 20}));
        QCOMPARE(dev[2]["epoch"].get<double>(), 1.0);
        QCOMPARE(dev[1]["epoch"].get<double>(), 0.8);
        // The best: highest accuracy, the earliest of equals unless its loss is 0.001 lower.
        std::size_t best = 0;
        for (std::size_t i = 1; i < dev.size(); ++i) {
            const double a = dev[i]["accuracy"].get<double>(), b = dev[best]["accuracy"].get<double>();
            if (a > b || (a == b && dev[i]["loss"].get<double>() < dev[best]["loss"].get<double>() - 1e-3)) best = i;
        }
        const auto record = nlohmann::json::parse(readFile(dir + "/run.json"));
        QCOMPARE(record["best"]["step"].get<int>(), steps[best]);
        QCOMPARE(record["best"]["accuracy"].get<double>(), dev[best]["accuracy"].get<double>());
        QCOMPARE(whole.bestStep, std::size_t(steps[best]));
        QCOMPARE(whole.bestDevAccuracy, dev[best]["accuracy"].get<double>());
        QCOMPARE(run::readRun(dir)->bestStep, std::size_t(steps[best]));
        // Every evaluation's predictions are kept; the best adapter scores dev exactly as its evaluation did.
        for (const int step : steps) QVERIFY(std::filesystem::exists(run::RunFolder(dir).devEvaluationFile(step)));
        const auto p = infer::predictConfigOfRun(dir, demo("demo_dev.json"), infer::RunAdapter::Best);
        QVERIFY(p.outFile.ends_with("/predictions/demo_dev-best.json"));
        infer::runPredict(p);
        sameProbabilities(infer::probsPathFor(p.outFile), run::RunFolder(dir).devEvaluationFile(steps[best]));
        if (QTest::currentTestFailed()) return;
        QVERIFY(readFile(dir + "/adapter_best/adapter_model.safetensors") !=
                    readFile(dir + "/adapter/adapter_model.safetensors") ||
                steps[best] == 20);

        // Cancelled at step 8, where an evaluation was due, and resumed: the same evaluations, the same best adapter.
        const auto cancelled = train::runTraining(
            config("evals-resumed"), [](const ProgressEvent& e) { return e.detail == "dev evaluated" || e.step < 8; });
        QVERIFY(cancelled.cancelled);
        const std::string resumedDir = m_dir.filePath("evals-resumed").toStdString();
        train::resumeTraining(resumedDir);
        std::vector<nlohmann::json> resumedDev;
        std::istringstream resumedMetrics(readFile(resumedDir + "/metrics.jsonl"));
        for (std::string line; std::getline(resumedMetrics, line);)
            if (const auto j = nlohmann::json::parse(line); j["split"] == "dev") resumedDev.push_back(j);
        QCOMPARE(resumedDev, dev);
        QCOMPARE(readFile(resumedDir + "/adapter_best/adapter_model.safetensors"),
                 readFile(dir + "/adapter_best/adapter_model.safetensors"));

        // Without a best adapter, --best names the folder and what to do.
        const std::string bare = m_dir.filePath("evals-bare").toStdString();
        std::filesystem::create_directories(bare);
        std::filesystem::copy_file(dir + "/run.json", bare + "/run.json");
        const std::string message =
            errorOf([&] { infer::predictConfigOfRun(bare, demo("demo_dev.json"), infer::RunAdapter::Best); });
        QVERIFY2(message.find(bare + "/adapter_best: the run kept no best adapter") != std::string::npos,
                 message.c_str());
    }

    void earlyStoppingEndsARunThatStopsImproving() {
        // A learning rate too small to change any answer: the first evaluation stays the best, and two more without
        // improvement end the run at step 6 of 30.
        train::TrainConfig c = shortRun("early", 3);
        c.learningRate = 1e-12;
        c.evalEvery = 2;
        c.earlyStoppingPatience = 2;
        const auto r = train::runTraining(c);
        QVERIFY(r.stoppedEarly);
        QCOMPARE(r.optimizerSteps, std::size_t(6));
        QCOMPARE(r.bestStep, std::size_t(2));
        const auto record = nlohmann::json::parse(readFile(c.runDir + "/run.json"));
        QCOMPARE(record["status"].get<std::string>(), std::string("finished"));
        QCOMPARE(record["early_stopped"]["step"].get<int>(), 6);
        QCOMPARE(record["best"]["step"].get<int>(), 2);
        QVERIFY(std::filesystem::exists(c.runDir + "/adapter/adapter_model.safetensors"));
        QVERIFY(std::filesystem::exists(c.runDir + "/adapter_best/adapter_model.safetensors"));
        QVERIFY(run::readRun(c.runDir)->earlyStopped);
        // Early stopping without a dev file is refused before any work.
        train::TrainConfig noDev = shortRun("early-no-dev", 1);
        noDev.devFile.clear();
        noDev.earlyStoppingPatience = 1;
        QVERIFY(errorOf([&] { train::runTraining(noDev); }).find("need a dev file") != std::string::npos);
        QVERIFY(!std::filesystem::exists(noDev.runDir));
    }

    void runIsListedWhileItsModelLoads() {
        // The record is written before the model loads (minutes for a real base model): a run that fails while
        // loading is listed as failed with the loader's message, not absent; a resume takes the run over at once.
        namespace fs = std::filesystem;
        const std::string broken = m_dir.filePath("broken-model").toStdString();
        fs::create_directories(broken);
        for (const auto& entry : fs::directory_iterator(m_model))
            fs::copy(entry.path(), broken + "/" + entry.path().filename().string());
        fs::resize_file(broken + "/model.safetensors", 64);  // config and tokenizer fine, weights cut short
        train::TrainConfig c = shortRun("loads-broken", 1);
        c.modelDir = broken;
        const std::string message = errorOf([&] { train::runTraining(c); });
        QVERIFY2(message.find("model.safetensors") != std::string::npos, message.c_str());
        const auto failed = run::readRun(c.runDir);
        QVERIFY(failed);
        QCOMPARE(failed->status, std::string(run::status::failed));
        const auto record = run::RunFolder(c.runDir).readRecord();
        QVERIFY(record["error"].get<std::string>().find("model.safetensors") != std::string::npos);
        QCOMPARE(record["pid"].get<long>(), long(getpid()));
        QCOMPARE(record["config"]["model"].get<std::string>(), broken);

        // A cancelled run (pid of a process long gone) whose resume fails while loading: the record names this
        // process, so the Runs view showed it running, then failed.
        train::TrainConfig r = shortRun("resume-loads-broken", 1);
        r.devFile.clear();
        QVERIFY(train::runTraining(r, [](const ProgressEvent& e) { return e.step < 2; }).cancelled);
        const run::RunFolder folder(r.runDir);
        folder.updateRecord([&](nlohmann::ordered_json& j) {
            j["pid"] = 999999999;
            j["config"]["model"] = broken;
        });
        QVERIFY(!errorOf([&] { train::resumeTraining(r.runDir); }).empty());
        const auto resumed = folder.readRecord();
        QCOMPARE(resumed["status"].get<std::string>(), std::string(run::status::failed));
        QCOMPARE(resumed["pid"].get<long>(), long(getpid()));
    }

    void mergedModelPredictsLikeBasePlusAdapter() {
        // Uses the adapter of shortRunLearnsAndWritesAPeftAdapter; shards forced small to exercise the index.
        model::MergeConfig m;
        m.modelDir = m_model;
        m.adapterDir = m_dir.filePath("run/adapter").toStdString();
        m.outDir = m_dir.filePath("merged").toStdString();
        m.maxShardBytes = 60000;
        const auto r = model::mergeAdapter(m);
        QVERIFY(r.shards > 1);
        QVERIFY(r.merged > 0);
        QVERIFY(std::filesystem::exists(m.outDir + "/model.safetensors.index.json"));
        QVERIFY(std::filesystem::exists(m.outDir + "/tokenizer.json"));
        infer::PredictConfig p;
        p.modelDir = m.outDir;
        p.dataFile = demo("demo_dev.json");
        p.outFile = m_dir.filePath("merged-pred.json").toStdString();
        infer::runPredict(p);
        sameProbabilities(m_dir.filePath("merged-pred.probs.json").toStdString(),
                          m_dir.filePath("pred.probs.json").toStdString());
        if (QTest::currentTestFailed()) return;
        // A second merge into the same (now full) folder is refused; so is an adapter for another model.
        QVERIFY(errorOf([&] { model::mergeAdapter(m); }).find("not empty") != std::string::npos);
        QTemporaryDir other;
        model::TinyModelSpec spec;
        spec.hidden = 48;
        spec.intermediate = 96;
        model::makeTinyModel(other.filePath("wide").toStdString(), {loadCorpus(demo("demo_dev.json"))}, spec);
        m.modelDir = other.filePath("wide").toStdString();
        m.outDir = other.filePath("never").toStdString();
        QVERIFY(!errorOf([&] { model::mergeAdapter(m); }).empty());
        QVERIFY(!std::filesystem::exists(m.outDir));
        for (const auto& entry : std::filesystem::directory_iterator(other.path().toStdString()))
            QVERIFY2(entry.path().filename().string().find(".merging-") == std::string::npos, "temporary folder left");
    }

    void gradientCheckpointingGivesTheSameAdapter() {
        // Dropout on: the recomputed layers must draw the same masks as the forward pass did.
        auto run = [&](const char* name, bool checkpointing) {
            train::TrainConfig c = shortRun(name, 1);
            c.devFile.clear();
            c.loraDropout = 0.2;
            c.neftuneAlpha = 5;
            c.gradientCheckpointing = checkpointing;
            train::runTraining(c);
            return readFile(c.runDir + "/adapter/adapter_model.safetensors");
        };
        const std::string with = run("ckpt-on", true), without = run("ckpt-off", false);
        QVERIFY(with == without);
        const auto runJson = nlohmann::json::parse(readFile(m_dir.filePath("ckpt-on/run.json").toStdString()));
        QCOMPARE(runJson["gradient_checkpointing"].get<bool>(), true);
    }

    void kFoldTrainsOneAdapterPerFold() {
        train::TrainConfig c;
        c.modelDir = m_model;
        c.trainFile = demo("demo_dev.json");
        c.runDir = m_dir.filePath("kfold").toStdString();
        c.epochs = 1;
        c.gradientAccumulation = 8;
        c.loraR = 2;
        c.kFolds = 3;
        std::vector<std::string> phases;
        const auto r = train::runKFold(c, [&](const ProgressEvent& e) {
            if (phases.empty() || phases.back() != e.phase) phases.emplace_back(e.phase);
            return true;
        });
        QCOMPARE(r.folds.size(), std::size_t(3));
        QCOMPARE(phases, (std::vector<std::string>{"fold-1/3", "fold-2/3", "fold-3/3"}));
        std::size_t devItems = 0;
        for (int f = 1; f <= 3; ++f) {
            const std::string fold = c.runDir + "/fold-" + std::to_string(f);
            QVERIFY(std::filesystem::exists(fold + "/adapter/adapter_model.safetensors"));
            const Corpus dev = loadCorpus(c.runDir + "/data/fold-" + std::to_string(f) + ".dev.json");
            const Corpus trainPart = loadCorpus(c.runDir + "/data/fold-" + std::to_string(f) + ".train.json");
            QCOMPARE(dev.samples.size() + trainPart.samples.size(), std::size_t(40));
            devItems += dev.samples.size();
            QVERIFY(r.folds[std::size_t(f - 1)].devAccuracy >= 0);
        }
        QCOMPARE(devItems, std::size_t(40));  // every item is validated exactly once
        const auto summary = nlohmann::json::parse(readFile(c.runDir + "/kfold.json"));
        QCOMPARE(summary["folds"].size(), std::size_t(3));
        double mean = 0;
        for (const auto& f : r.folds) mean += f.devAccuracy / 3;
        QVERIFY(std::abs(summary["mean_dev_accuracy"].get<double>() - mean) < 1e-12);
        // The Runs view lists the folds; running again keeps the finished folds.
        QCOMPARE(run::listRuns(m_dir.path().toStdString() + "/").size() >= 3, true);
        const auto before = std::filesystem::last_write_time(c.runDir + "/fold-2/adapter/adapter_model.safetensors");
        const auto again = train::runKFold(c);
        QCOMPARE(std::filesystem::last_write_time(c.runDir + "/fold-2/adapter/adapter_model.safetensors"), before);
        QCOMPARE(again.meanDevAccuracy, r.meanDevAccuracy);
    }

    void optionShufflingTrainsEveryOrderWithTheAnswerFollowingTheGoldCandidate() {
        const Corpus corpus = loadCorpus(demo("demo_dev.json"));
        const auto tokenizer = tok::loadTokenizer(m_model);
        const auto chat = chat::resolveChatTemplate(m_model);
        const auto style = prompt::findPromptStyle("CustomRef");
        // Order 3 shows the original B, C, A: an item whose gold is A answers C.
        Sample s = corpus.samples[0];
        s.output = "inference_1";
        const Sample shown = train::withCandidateOrder(s, 3);
        QCOMPARE(shown.inferences[0], s.inferences[1]);
        QCOMPARE(shown.inferences[1], s.inferences[2]);
        QCOMPARE(shown.inferences[2], s.inferences[0]);
        QCOMPARE(shown.output, std::string("inference_3"));
        const auto data = train::buildSftExamples(corpus, style, chat, *tokenizer.tokenizer, 4096, true);
        QCOMPARE(data.examples.size(), corpus.samples.size());
        const auto letter = [&](int j) { return *tokenizer.tokenizer->tokenToId(std::string(1, char('A' + j))); };
        for (std::size_t i = 0; i < data.examples.size(); ++i) {
            const auto& ex = data.examples[i];
            QCOMPARE(ex.otherOrders.size(), std::size_t(5));
            const int gold = corpus.samples[i].goldIndex();
            for (int order = 0; order < 6; ++order) {
                const auto& variant = order == 0 ? ex : ex.otherOrders[std::size_t(order - 1)];
                // The answer letter is where the gold candidate is shown; the prompt shows that order.
                int where = 0;
                while (train::kCandidateOrders[order][where] != gold) ++where;
                QCOMPARE(variant.ids[variant.promptLength], letter(where));
                QVERIFY(order == 0 || variant.otherOrders.empty());
                const auto prompt = prompt::promptTokenIds(train::withCandidateOrder(corpus.samples[i], order), style,
                                                           chat, *tokenizer.tokenizer);
                QVERIFY(std::equal(prompt.begin(), prompt.end(), variant.ids.begin()));
            }
        }
        // A run with shuffled options trains other examples than one without (its first loss differs), the same
        // adapter twice, and says so in run.json.
        auto config = [&](const char* name, bool shuffle) {
            train::TrainConfig c = shortRun(name, 1);
            c.devFile.clear();
            c.shuffleOptions = shuffle;
            return c;
        };
        const auto plain = train::runTraining(config("unshuffled", false));
        const auto shuffled = train::runTraining(config("shuffled", true));
        train::runTraining(config("shuffled-again", true));
        QVERIFY(plain.firstLoss != shuffled.firstLoss);
        QCOMPARE(readFile(m_dir.filePath("shuffled/adapter/adapter_model.safetensors").toStdString()),
                 readFile(m_dir.filePath("shuffled-again/adapter/adapter_model.safetensors").toStdString()));
        const auto record = nlohmann::json::parse(readFile(m_dir.filePath("shuffled/run.json").toStdString()));
        QCOMPARE(record["config"]["shuffle_options"].get<bool>(), true);
    }

    void sweepGridNamesEveryCombination() {
        train::TrainConfig base = shortRun("unused", 1);
        base.loraR = 16;
        base.loraAlpha = 32;
        const auto grid = train::parseSweepGrid("1e-4, 2e-4", "8 16", "CustomRef,SystemRefOfficialTerm", "both");
        const auto runs = train::expandSweep(base, grid, "/tmp/sweep", "s");
        QCOMPARE(runs.size(), std::size_t(16));
        QCOMPARE(runs.front().name, std::string("s-lr0.0001-r8-CustomRef-raw"));
        QCOMPARE(runs.front().config.runDir, std::string("/tmp/sweep/s-lr0.0001-r8-CustomRef-raw"));
        QCOMPARE(runs.back().name, std::string("s-lr0.0002-r16-SystemRefOfficialTerm-refined"));
        QCOMPARE(runs.front().config.loraAlpha, 16.0);  // alpha / r stays 2
        QCOMPARE(runs.back().config.loraAlpha, 32.0);
        QVERIFY(runs.back().config.refine && !runs.front().config.refine);
        QCOMPARE(runs.back().config.learningRate, 2e-4);
        QCOMPARE(runs.back().config.epochs, base.epochs);  // the rest is the base's
        // Empty lists keep the base's value: one run.
        const auto one = train::expandSweep(base, train::parseSweepGrid("", "", "", ""), "/tmp/sweep");
        QCOMPARE(one.size(), std::size_t(1));
        QCOMPARE(one[0].config.learningRate, base.learningRate);
        // What cannot be swept is said by field.
        QVERIFY(errorOf([] {
                    train::parseSweepGrid("1e-4, fast", "", "", "");
                }).find("learning rates: \"fast\" is not a number") != std::string::npos);
        QVERIFY(errorOf([] { train::parseSweepGrid("", "", "", "cleaned"); }).find("raw, refined or both") !=
                std::string::npos);
        QVERIFY(errorOf([&] {
                    train::expandSweep(base, train::parseSweepGrid("1e-4,1e-4", "", "", ""), "/x");
                }).find("twice") != std::string::npos);
        QVERIFY(errorOf([&] {
                    train::expandSweep(base, train::parseSweepGrid("", "0", "", ""), "/x");
                }).find("ranks must be positive") != std::string::npos);
        QVERIFY(errorOf([&] {
                    train::expandSweep(base, train::parseSweepGrid("", "", "NoSuchStyle", ""), "/x");
                }).find("NoSuchStyle") != std::string::npos);
        std::string many;
        for (int i = 1; i <= 300; ++i) many += std::to_string(i) + "e-6,";
        QVERIFY(errorOf([&] {
                    train::expandSweep(base, train::parseSweepGrid(many, "", "", ""), "/x");
                }).find("at most 256") != std::string::npos);
    }

    void statisticsCountWhatTrainingSkips() {
        // Statistics' "over max_seq_length" and the Prompt tab's flag count exactly the items `cci train` skips:
        // a labelled item's prompt plus its answer and eos, not the prompt alone.
        const Corpus corpus = loadCorpus(demo("demo_train.json"));
        const auto tokenizer = tok::loadTokenizer(m_model);
        const auto chat = chat::resolveChatTemplate(m_model);
        const auto style = prompt::findPromptStyle("CustomRef");
        const auto lengths = stats::promptTokenLengths(corpus, {style}, &chat, *tokenizer.tokenizer, 0)[0].lengths;
        std::vector<std::size_t> sorted = lengths;
        std::sort(sorted.begin(), sorted.end());
        std::size_t checked = 0;
        for (const std::size_t limit : {sorted[sorted.size() / 4], sorted[sorted.size() / 2], sorted.back() + 40}) {
            const auto data = train::buildSftExamples(corpus, style, chat, *tokenizer.tokenizer, limit);
            const auto counted =
                stats::promptTokenLengths(corpus, {style}, &chat, *tokenizer.tokenizer, limit)[0].overLimit;
            QCOMPARE(counted, data.skippedTooLong);
            std::size_t flagged = 0;
            prompt::PreviewOptions options;
            options.chatTemplate = &chat.chatTemplate;
            options.templateOptions = chat.options;
            options.tokenizer = tokenizer.tokenizer.get();
            options.maxSeqLength = limit;
            for (const Sample& s : corpus.samples) flagged += prompt::previewPrompt(s, style, options).overLimit;
            QCOMPARE(flagged, data.skippedTooLong);
            // What the New Run dialog asks with before a run starts.
            train::TrainConfig config;
            config.modelDir = m_model;
            config.trainFile = demo("demo_train.json");
            config.style = "CustomRef";
            config.maxSeqLength = int(limit);
            const auto count = train::countTrainingData(config);
            QCOMPARE(count.tooLong, data.skippedTooLong);
            QCOMPARE(count.kept, data.examples.size());
            checked += data.skippedTooLong;
        }
        QVERIFY(checked > 0);  // the limits did skip items
        // At the prompt length itself the prompt fits but the answer does not: the item is over the limit.
        Corpus first;
        first.samples = {corpus.samples[0]};
        QCOMPARE(train::buildSftExamples(first, style, chat, *tokenizer.tokenizer, lengths[0]).skippedTooLong,
                 std::size_t(1));
    }

    void configFilesReadWithDefaultsAndRejectUnknownFields() {
        const auto c =
            train::configFromJson(R"({"model": "m", "train": "t.json", "lr": 1e-4, "k_folds": 5})", "cfg.json");
        QCOMPARE(c.learningRate, 1e-4);
        QCOMPARE(c.kFolds, 5);
        QCOMPARE(c.gradientAccumulation, 64);  // the recipe's default
        const auto fromRun =
            train::configFromJson(R"({"status": "finished", "config": {"model": "m", "train": "t"}})", "run.json");
        QCOMPARE(fromRun.modelDir, std::string("m"));
        // Template keyword arguments go through run.json unchanged (a nested object in its order).
        auto withKwargs = c;
        withKwargs.templateKwargs =
            chat::parseTemplateKwargs(R"({"enable_thinking": false, "o": {"z": 1, "a": 2}})", "t");
        const auto back = train::configFromJson(train::configToJson(withKwargs), "run.json");
        QCOMPARE(back.templateKwargs, withKwargs.templateKwargs);
        QVERIFY(
            train::configToJson(withKwargs).find(R"("template_kwargs":{"enable_thinking":false,"o":{"z":1,"a":2}})") !=
            std::string::npos);
        QVERIFY(errorOf([] {
                    train::configFromJson(R"({"model": "m", "train": "t", "template_kwargs": {"messages": 1}})",
                                          "cfg.json");
                }).find("cfg.json: \"template_kwargs\": \"messages\" cannot be") != std::string::npos);
        QVERIFY(errorOf([] {
                    train::configFromJson(R"({"model": "m", "train": "t", "template_kwargs": "x=1"})", "cfg.json");
                }).find("\"template_kwargs\" must be a JSON object") != std::string::npos);
        QVERIFY(errorOf([] {
                    train::configFromJson(R"({"model": "m", "train": "t", "lr_rate": 1})", "cfg.json");
                }).find("unknown field \"lr_rate\"") != std::string::npos);
        QVERIFY(errorOf([] {
                    train::configFromJson(R"({"model": "m", "train": "t", "epochs": "four"})", "cfg.json");
                }).find("cfg.json: \"epochs\" must be a whole number") != std::string::npos);
        // Found by fuzzing: a huge or fractional number where an integer belongs is an error, not a conversion.
        QVERIFY(errorOf([] {
                    train::configFromJson(R"({"model": "m", "train": "t", "lora_r": 7.7e91})", "cfg.json");
                }).find("\"lora_r\" must be a whole number in range") != std::string::npos);
        QVERIFY(errorOf([] {
                    train::configFromJson(R"({"model": "m", "train": "t", "epochs": 2.5})", "cfg.json");
                }).find("\"epochs\"") != std::string::npos);
        QVERIFY(errorOf([] {
                    train::configFromJson(R"({"model": "m", "train": "t", "seed": -1})", "cfg.json");
                }).find("\"seed\"") != std::string::npos);
        QVERIFY(errorOf([] {
                    train::configFromJson(R"({"model": "m", "train": "t", "betas": [0.9]})", "cfg.json");
                }).find("\"betas\" must be a list of two numbers") != std::string::npos);
        QVERIFY(errorOf([] { train::configFromJson(R"({"train": "t"})", "cfg.json"); }).find("model") !=
                std::string::npos);
    }

    void badConfigurationFailsBeforeAnyWork_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        QTest::newRow("rank") << "r"
                              << "lora_r must be positive";
        QTest::newRow("module") << "module"
                                << "unknown LoRA target module \"qkv\"";
        QTest::newRow("train file") << "train"
                                    << "no such file";
        QTest::newRow("model") << "model"
                               << "no config.json";
        QTest::newRow("style") << "style"
                               << "unknown prompt style";
    }

    void badConfigurationFailsBeforeAnyWork() {
        QFETCH(QString, field);
        QFETCH(QString, expected);
        train::TrainConfig c;
        c.modelDir = m_model;
        c.trainFile = demo("demo_dev.json");
        c.runDir = m_dir.filePath("never").toStdString();
        if (field == "r") c.loraR = 0;
        if (field == "module") c.targetModules = {"q_proj", "qkv"};
        if (field == "train") c.trainFile = "/nonexistent.json";
        if (field == "model") c.modelDir = "/nonexistent";
        if (field == "style") c.style = "NoSuchStyle";
        const std::string message = errorOf([&] { train::runTraining(c); });
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
        QVERIFY(!std::filesystem::exists(c.runDir));
    }
};

QTEST_GUILESS_MAIN(TestTrain)
#include "test_train.moc"
