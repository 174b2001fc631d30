// `cci train` on the command line: the published scripts' flag names land in the run's configuration, a published
// preset sets its recipe (QLoRA, learning rate, style, refined data) and the run really trains on refined text, and
// an unknown preset is an error that lists the recipes.
#include "cli_runner.h"

#include "util/atomic_write.h"

#include <nlohmann/json.hpp>

#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using cci::test::demoFile;
using cci::test::runCci;
using cci::test::smallTrainArgs;

namespace {

nlohmann::json readJson(const QString& path) { return nlohmann::json::parse(cci::readFile(path.toStdString())); }

// Largest difference between two .probs.json files with the same items.
double largestDifference(const QString& a, const QString& b) {
    const auto x = readJson(a), y = readJson(b);
    if (x.size() != y.size() || x.empty()) return INFINITY;
    double worst = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (x[i]["id"] != y[i]["id"]) return INFINITY;
        for (int k = 0; k < 3; ++k)
            worst = std::max(worst, std::abs(x[i]["probs"][k].get<double>() - y[i]["probs"][k].get<double>()));
    }
    return worst;
}

}  // namespace

class TestCliTrain : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_model;

    QString path(const char* name) const { return m_dir.filePath(QLatin1String(name)); }

private slots:
    void initTestCase() {
        m_model = path("tiny");
        cci::test::makeSmallModel(m_model);
    }

    void numbersAreReadTypedAndRangeChecked_data() {
        QTest::addColumn<QStringList>("flag");
        QTest::addColumn<QString>("message");
        QTest::addRow("fractional epochs")
            << QStringList{"--epochs", "2.5"} << "--epochs must be a whole number, not \"2.5\"";
        QTest::addRow("fractional rank") << QStringList{"--lora-r", "2.9"} << "--lora-r must be a whole number";
        QTest::addRow("hex rank") << QStringList{"--lora-r", "0x10"} << "--lora-r must be a whole number, not \"0x10\"";
        QTest::addRow("huge rank") << QStringList{"--lora-r", "99999999999"}
                                   << "--lora-r must be between 1 and 65536, not 99999999999";
        QTest::addRow("negative seed") << QStringList{"--seed", "-1"} << "--seed must be between 0 and";
        QTest::addRow("negative warm-up") << QStringList{"--warmup", "-1"} << "--warmup must be between 0 and";
        QTest::addRow("hex learning rate") << QStringList{"--lr", "0x1p-3"} << "--lr must be a decimal number";
        QTest::addRow("dropout of 1") << QStringList{"--lora-dropout", "1"} << "--lora-dropout must be between 0";
    }
    void numbersAreReadTypedAndRangeChecked() {
        QFETCH(QStringList, flag);
        QFETCH(QString, message);
        const auto r = runCci(QStringList{"train", "--model", m_model, "--train", demoFile("demo_dev.json"), "--out",
                                          path("never"), "--quiet"} +
                              flag);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(path("never")));
    }

    void configFieldsAreRangeChecked_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("message");
        QTest::addRow("negative clipping") << R"("max_grad_norm": -1)"
                                           << "max_grad_norm must be a positive number";
        QTest::addRow("zero eps") << R"("eps": 0)"
                                  << "eps must be a positive number";
        QTest::addRow("beta of 1") << R"("betas": [0.9, 1.0])"
                                   << "betas must both be in [0, 1)";
        QTest::addRow("negative weight decay") << R"("weight_decay": -0.1)"
                                               << "weight_decay must be a non-negative number";
        QTest::addRow("negative warm-up") << R"("warmup_steps": -1)"
                                          << "warmup_steps must not be negative";
        // null is no number: it was read as the default (lr 2e-4, 4 epochs, r 16) without a word.
        QTest::addRow("null learning rate")
            << R"("lr": null)"
            << R"("lr" must be a value, not null (leave the field out for its default))";
        QTest::addRow("null epochs") << R"("epochs": null)"
                                     << R"("epochs" must be a value, not null)";
        QTest::addRow("null betas") << R"("betas": null)"
                                    << R"("betas" must be a value, not null)";
        // A rate beyond float32 ended in a libtorch conversion error after the run folder was made.
        QTest::addRow("learning rate beyond float32") << R"("lr": 1e300)"
                                                      << "the learning rate must be representable in float32";
        // A run.json whose configuration is not an object was read as a bare configuration (wrong message).
        QTest::addRow("config that is no object") << R"("config": [])"
                                                  << R"("config" must be a JSON object)";
    }
    void configFieldsAreRangeChecked() {
        QFETCH(QString, field);
        QFETCH(QString, message);
        const QString config = path("bad_config.json");
        cci::writeFileAtomic(config.toStdString(), QStringLiteral(R"({"model": "%1", "train": "%2", %3})")
                                                       .arg(m_model, demoFile("demo_dev.json"), field)
                                                       .toStdString());
        const auto r = runCci({"train", "--config", config, "--out", path("never"), "--quiet"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY2(!r.err.contains("internal error"), qPrintable(r.err));
    }

    void finishedRunsAndInputsAreNeverOverwritten() {
        // A finished run is neither trained over (its adapter and dev predictions would mix) nor "resumed".
        const QStringList train = {"train", "--model",    m_model,    "--train", demoFile("demo_dev.json"),
                                   "--out", path("done"), "--epochs", "1",       "--grad-accum",
                                   "20",    "--quiet"};
        QCOMPARE(runCci(train).code, 0);
        const QByteArray adapter = [&] {
            QFile f(path("done/adapter/adapter_model.safetensors"));
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        const auto again = runCci(train);
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("already holds a run (finished)"), qPrintable(again.err));
        QFile f(path("done/adapter/adapter_model.safetensors"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), adapter);
        const auto resumed = runCci({"train", "--resume", path("done"), "--quiet"});
        QCOMPARE(resumed.code, 1);
        QVERIFY2(resumed.err.contains("the run is finished"), qPrintable(resumed.err));
        QCOMPARE(readJson(path("done/run.json"))["status"].get<std::string>(), std::string("finished"));
        // The run's data order is recorded, one line per epoch, every training item once.
        const auto order = nlohmann::json::parse(cci::readFile(path("done/data_order.jsonl").toStdString()));
        QCOMPARE(order["epoch"].get<int>(), 0);
        QCOMPARE(order["ids"].size(), std::size_t(40));
        // predict -o the gold file: refused, the gold file untouched.
        QTemporaryDir dir;
        const QString gold = dir.filePath("gold_dev.json");
        QVERIFY(QFile::copy(demoFile("demo_dev.json"), gold));
        const auto clobber = runCci({"predict", "--run", path("done"), "--data", gold, "-o", gold, "--quiet"});
        QCOMPARE(clobber.code, 1);
        QVERIFY2(clobber.err.contains("is also an input"), qPrintable(clobber.err));
        QCOMPARE(readJson(gold), readJson(demoFile("demo_dev.json")));
        // make-tiny-model into a folder that already holds a model.
        const auto tiny = runCci({"make-tiny-model", m_model, "--corpus", demoFile("demo_dev.json")});
        QCOMPARE(tiny.code, 1);
        QVERIFY2(tiny.err.contains("already holds config.json"), qPrintable(tiny.err));
        // ... nor over a user's tokenizer files or into a run folder (both were overwritten or mixed).
        QDir().mkpath(path("tokenizer-only"));
        cci::writeFileAtomic(path("tokenizer-only/tokenizer.json").toStdString(), "{\"precious\": 1}");
        const auto overTokenizer =
            runCci({"make-tiny-model", path("tokenizer-only"), "--corpus", demoFile("demo_dev.json")});
        QCOMPARE(overTokenizer.code, 1);
        QVERIFY2(overTokenizer.err.contains("already holds tokenizer.json"), qPrintable(overTokenizer.err));
        QCOMPARE(cci::readFile(path("tokenizer-only/tokenizer.json").toStdString()), std::string("{\"precious\": 1}"));
        const auto intoRun = runCci({"make-tiny-model", path("done"), "--corpus", demoFile("demo_dev.json")});
        QCOMPARE(intoRun.code, 1);
        QVERIFY2(intoRun.err.contains("already holds run.json"), qPrintable(intoRun.err));
        // A rope factor that is no number was written as null, which predict then refused.
        const auto nanRope = runCci({"make-tiny-model", path("nan-rope"), "--corpus", demoFile("demo_dev.json"),
                                     "--rope-scaling", "dynamic:nan"});
        QCOMPARE(nanRope.code, 2);
        QVERIFY2(nanRope.err.contains("the factor must be a positive finite number"), qPrintable(nanRope.err));
    }

    void nonFiniteTrainingStopsWithAClearError() {
        // A learning rate that blows the adapter up: the next step's loss is not finite, and the run stops there
        // instead of finishing with a NaN adapter (and an infinite rate is refused before any work).
        const auto r = runCci({"train", "--model", m_model, "--train", demoFile("demo_dev.json"), "--out", path("nan"),
                               "--epochs", "1", "--grad-accum", "4", "--lr", "1e30", "--warmup", "0", "--quiet"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("the loss or the gradient is not finite at optimizer step 2"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(path("nan/adapter/adapter_model.safetensors")));
        QCOMPARE(readJson(path("nan/run.json"))["status"].get<std::string>(), std::string("failed"));
        const auto inf = runCci({"train", "--model", m_model, "--train", demoFile("demo_dev.json"), "--out",
                                 path("inf"), "--lr", "inf", "--quiet"});
        QCOMPARE(inf.code, 2);
        QVERIFY2(inf.err.contains("--lr must be a decimal number, not \"inf\""), qPrintable(inf.err));
        // A rate a configuration file can hold but no run can use: refused before any work too.
        const QString config = path("bad_lr_config.json");
        cci::writeFileAtomic(config.toStdString(), QStringLiteral(R"({"model": "%1", "train": "%2", "lr": -0.5})")
                                                       .arg(m_model, demoFile("demo_dev.json"))
                                                       .toStdString());
        const auto fromConfig = runCci({"train", "--config", config, "--out", path("inf"), "--quiet"});
        QCOMPARE(fromConfig.code, 1);
        QVERIFY2(fromConfig.err.contains("the learning rate must be a positive finite number"),
                 qPrintable(fromConfig.err));
    }

    void publishedCommandLineWithSeparateTargetModules() {
        // The published training script's command line: argparse's nargs='+' takes the modules as separate words.
        const auto r = runCci({"train",
                               "--model_id",
                               m_model,
                               "--custom_dataset",
                               "CustomRef",
                               "--train_dataset_path",
                               demoFile("demo_dev.json"),
                               "--save_dir",
                               path("published"),
                               "--epoch",
                               "1",
                               "--lr",
                               "2e-4",
                               "--gradient_accumulation_steps",
                               "64",
                               "--per_device_train_batch_size",
                               "1",
                               "--lora_r",
                               "16",
                               "--lora_alpha",
                               "32",
                               "--lora_dropout",
                               "0.01",
                               "--lora_target_modules",
                               "q_proj",
                               "k_proj",
                               "v_proj",
                               "o_proj",
                               "gate_proj",
                               "up_proj",
                               "down_proj",
                               "lm_head",
                               "--torch_dtype",
                               "bfloat16",
                               "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto c = readJson(path("published/run.json"))["config"];
        QCOMPARE(c["target_modules"], nlohmann::json({"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
                                                      "down_proj", "lm_head"}));
        QCOMPARE(c["gradient_accumulation_steps"].get<int>(), 64);
        QCOMPARE(c["lora_r"].get<int>(), 16);
        // A word after the list that is not an option is not swallowed silently: it is a usage error.
        const auto bad =
            runCci({"train", "--model_id", m_model, "--train_dataset_path", demoFile("demo_dev.json"), "--save_dir",
                    path("published2"), "--lora_target_modules", "q_proj", "--quiet", "extra"});
        QCOMPARE(bad.code, 2);
    }

    // Other families from the command line: a tiny EXAONE 3.5 model trains and predicts, its adapter named as
    // EXAONE's own code names its modules; doctor says what sets a Gemma 2 model's layers apart.
    void otherFamiliesTrainAndPredictFromTheCommandLine() {
        const QString exaone = path("exaone-model");
        auto made = runCci({"make-tiny-model", exaone, "--corpus", demoFile("demo_dev.json"), "--family", "exaone"});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        const auto run = runCci({"train", "--model", exaone, "--train", demoFile("demo_dev.json"), "--out",
                                 path("exaone-run"), "--epochs", "1", "--grad-accum", "8", "--quiet"});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const auto adapter = readJson(path("exaone-run/adapter/adapter_config.json"));
        QCOMPARE(adapter["target_modules"],
                 nlohmann::json({"q_proj", "k_proj", "v_proj", "out_proj", "c_fc_0", "c_fc_1", "c_proj", "lm_head"}));
        const auto predict = runCci({"predict", "--run", path("exaone-run"), "--data", demoFile("demo_dev.json"), "-o",
                                     path("exaone-pred.json"), "--quiet"});
        QVERIFY2(predict.code == 0, qPrintable(predict.err));
        QVERIFY(QFileInfo::exists(path("exaone-pred.json")));
        const QString gemma = path("gemma2-model");
        made = runCci({"make-tiny-model", gemma, "--corpus", demoFile("demo_dev.json"), "--family", "gemma2",
                       "--layers", "4", "--sliding-window", "32"});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        const auto doctor = runCci({"doctor", "--model", gemma});
        QVERIFY2(doctor.code == 0, qPrintable(doctor.out + doctor.err));
        QVERIFY2(doctor.out.contains("Gemma2ForCausalLM") &&
                     doctor.out.contains("norms around attention and MLP, (1 + weight) norms, GELU (tanh) gate") &&
                     doctor.out.contains("sliding window 32 on 2 of 4 layers"),
                 qPrintable(doctor.out));
        const auto unknown =
            runCci({"make-tiny-model", path("phi"), "--corpus", demoFile("demo_dev.json"), "--family", "phi3"});
        QCOMPARE(unknown.code, 1);
        QVERIFY2(unknown.err.contains("\"phi3\" is not a supported model family"), qPrintable(unknown.err));
        QVERIFY(!QFileInfo::exists(path("phi") + "/config.json"));
    }

    void publishedFlagNamesSetTheConfiguration() {
        const auto r =
            runCci({"train", "--model_id", m_model, "--train_dataset_path", demoFile("demo_dev.json"),
                    "--valid_dataset_path", demoFile("demo_test.json"), "--save_dir", path("flags"), "--epoch", "1",
                    "--lr", "3e-3", "--gradient_accumulation_steps", "20", "--per_device_train_batch_size", "2",
                    "--lora_r", "4", "--lora_alpha", "8", "--lora_dropout", "0.05", "--lora_target_modules",
                    "q_proj,v_proj", "--custom_dataset", "CustomRefDefinition", "--torch_dtype", "bfloat16",
                    "--neftune_noise_alpha", "5", "--use_all_trainable_data",
                    // A template that raises unless given enable_thinking (Qwen3 and EXAONE read it).
                    "--template", QStringLiteral(CCI_TEST_DATA_DIR "/templates/needs_enable_thinking.txt"),
                    "--template-kwargs", "enable_thinking=false", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto c = readJson(path("flags/run.json"))["config"];
        QCOMPARE(c["epochs"].get<int>(), 1);
        QCOMPARE(c["lr"].get<double>(), 3e-3);
        QCOMPARE(c["gradient_accumulation_steps"].get<int>(), 20);
        QCOMPARE(c["per_device_train_batch_size"].get<int>(), 2);
        QCOMPARE(c["lora_r"].get<int>(), 4);
        QCOMPARE(c["lora_alpha"].get<double>(), 8.0);
        QCOMPARE(c["lora_dropout"].get<double>(), 0.05);
        QCOMPARE(c["target_modules"], nlohmann::json({"q_proj", "v_proj"}));
        QCOMPARE(c["style"].get<std::string>(), std::string("CustomRefDefinition"));
        QCOMPARE(c["neftune_noise_alpha"].get<double>(), 5.0);
        QCOMPARE(c["use_all_trainable_data"].get<bool>(), true);
        QCOMPARE(readJson(path("flags/run.json"))["examples"].get<int>(), 40);  // the test split has no answers
        QCOMPARE(c["refine"].get<bool>(), false);
        const auto run = readJson(path("flags/run.json"));
        QCOMPARE(run["refinement"]["applied"].get<bool>(), false);
        QCOMPARE(run["style_content"]["name"].get<std::string>(), std::string("CustomRefDefinition"));
        QCOMPARE(c["template_kwargs"], nlohmann::json({{"enable_thinking", false}}));
        // Predicting with the run renders its template with the run's keyword arguments; without them the
        // template's own error names the file.
        const auto predicted = runCci({"predict", "--run", path("flags"), "--data", demoFile("demo_test.json"), "-o",
                                       path("flags-test.json"), "--quiet"});
        QVERIFY2(predicted.code == 0, qPrintable(predicted.err));
        const auto without = runCci({"predict", "--run", path("flags"), "--data", demoFile("demo_test.json"), "-o",
                                     path("flags-none.json"), "--template-kwargs", "", "--quiet"});
        QCOMPARE(without.code, 1);
        QVERIFY2(without.err.contains("needs_enable_thinking.txt") &&
                     without.err.contains("the template needs enable_thinking"),
                 qPrintable(without.err));
    }

    void presetSetsTheRecipeAndTrainsOnRefinedData() {
        // A refined QLoRA recipe; flags after it still win (one epoch, small accumulation for a quick test).
        const auto r =
            runCci({"train", "--preset", "polar-v0.5-qlora-2e-4-systemref-refined", "--model", m_model, "--train",
                    demoFile("demo_dev.json"), "--dev", demoFile("demo_dev.json"), "--out", path("preset"), "--epochs",
                    "1", "--grad-accum", "10", "--max-seq-length", "4096", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("QLoRA") && r.err.contains("refined"), qPrintable(r.err));
        const auto run = readJson(path("preset/run.json"));
        const auto& c = run["config"];
        QCOMPARE(c["style"].get<std::string>(), std::string("SystemRefOfficialTerm"));
        QCOMPARE(c["lr"].get<double>(), 2e-4);
        QCOMPARE(c["load_in_4bit"].get<bool>(), true);
        QCOMPARE(c["lora_r"].get<int>(), 16);
        QCOMPARE(c["lora_alpha"].get<double>(), 32.0);
        QCOMPARE(c["lora_dropout"].get<double>(), 0.01);
        QCOMPARE(c["target_modules"].size(), std::size_t(8));
        QCOMPARE(c["epochs"].get<int>(), 1);
        QCOMPARE(c["gradient_accumulation_steps"].get<int>(), 10);
        QCOMPARE(c["max_seq_length"].get<int>(), 4096);
        QCOMPARE(c["refine"].get<bool>(), true);
        QCOMPARE(run["refinement"]["applied"].get<bool>(), true);
        QCOMPARE(run["refinement"]["rules"].size(), std::size_t(9));
        QCOMPARE(run["style_content"]["name"].get<std::string>(), std::string("SystemRefOfficialTerm"));

        // The run's own dev scoring saw the refined dev split: predicting the refined file (or the raw file with
        // --refine) with its adapter gives the same probabilities, predicting the raw file does not.
        QCOMPARE(runCci({"refine", demoFile("demo_dev.json"), "-o", path("dev_refined.json")}).code, 0);
        const QStringList predict = {"predict",
                                     "--model",
                                     m_model,
                                     "--adapter",
                                     path("preset/adapter"),
                                     "--load-in-4bit",
                                     "--style",
                                     "SystemRefOfficialTerm",
                                     "-o",
                                     path("pred.json"),
                                     "--quiet",
                                     "--data"};
        const auto difference = [&](const QStringList& data) {
            const auto p = runCci(predict + data);
            return p.code == 0 ? largestDifference(path("pred.probs.json"), path("preset/dev_predictions.probs.json"))
                               : INFINITY;
        };
        const double raw = difference({demoFile("demo_dev.json")});
        const double refinedFile = difference({path("dev_refined.json")});
        const double refinedOnTheFly = difference({demoFile("demo_dev.json"), "--refine"});
        QVERIFY2(refinedFile < 1e-5 && refinedOnTheFly < 1e-5 && raw > 1e-4,
                 qPrintable(QStringLiteral("%1 %2 %3").arg(refinedFile).arg(refinedOnTheFly).arg(raw)));
        // --run takes every setting the run trained with (style, NF4 base, refinement): same probabilities again.
        const auto byRun = runCci({"predict", "--run", path("preset"), "--data", demoFile("demo_dev.json"), "-o",
                                   path("pred.json"), "--quiet"});
        QVERIFY2(byRun.code == 0, qPrintable(byRun.err));
        QVERIFY(largestDifference(path("pred.probs.json"), path("preset/dev_predictions.probs.json")) < 1e-5);
        // --refine (the last prediction) leaves the submission's items as they were: only "output" is filled.
        const auto submitted = readJson(path("pred.json"));
        QCOMPARE(submitted[0]["input"], readJson(demoFile("demo_dev.json"))[0]["input"]);
    }

    void sweepTrainsEveryCombinationAndRunsListsThem() {
        // Two learning rates, one epoch each, with dev evaluation every 3 steps; the table sorts by best accuracy.
        const QStringList sweep =
            smallTrainArgs(m_model, {"--dev", demoFile("demo_dev.json"), "--epochs", "1", "--grad-accum", "8",
                                     "--eval-every", "3", "--out", path("sweep"), "--lrs", "5e-3,1e-2"});
        QStringList args = sweep;
        args[0] = "sweep";
        const auto r = runCci(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        for (const char* name : {"lr0.005-r2-CustomRef-raw", "lr0.01-r2-CustomRef-raw"}) {
            QVERIFY2(r.out.contains(QLatin1String(name)), qPrintable(r.out));
            QVERIFY(QFileInfo::exists(path("sweep/") + name + "/adapter_best/adapter_model.safetensors"));
        }
        // Each row's best accuracy is its best dev evaluation, and rows are ordered by it.
        QList<double> accuracies;
        for (const QString& line : r.out.split('\n'))
            if (line.startsWith(QLatin1String("lr0.0"))) {
                const auto at = line.indexOf('%');
                QVERIFY2(at > 0, qPrintable(line));
                accuracies << line.left(at).section(' ', -1).toDouble();
            }
        QCOMPARE(accuracies.size(), 2);
        QVERIFY(accuracies[0] >= accuracies[1]);
        // The same command again trains nothing: both are finished.
        const auto again = runCci(args);
        QCOMPARE(again.code, 0);
        QCOMPARE(again.err.count(QStringLiteral("finished before")), 2);
        // cci runs lists the folder, sorted as asked; an unknown key is a usage error.
        const auto listed = runCci({"runs", path("sweep"), "--sort", "lr"});
        QCOMPARE(listed.code, 0);
        QVERIFY(listed.out.indexOf(QLatin1String("lr0.01-")) < listed.out.indexOf(QLatin1String("lr0.005-")));
        const auto bad = runCci({"runs", path("sweep"), "--sort", "colour"});
        QVERIFY(bad.code != 0);
        QVERIFY2(bad.err.contains("--sort must be one of"), qPrintable(bad.err));
        // A style given as a file names its runs by the file's stem: no subfolders, nothing outside --out even
        // with ".." in the path (the runs landed outside it, and the table listed none).
        QDir().mkpath(path("styles"));
        QVERIFY(QFile::copy(QStringLiteral(CCI_DEMO_DIR "/../prompts/CustomRef.json"), path("styles/my+style.json")));
        QStringList styled =
            smallTrainArgs(m_model, {"--epochs", "1", "--grad-accum", "40", "--out", path("sweep_styles"), "--styles",
                                     path("styles") + "/../styles/my+style.json"});
        styled[0] = "sweep";
        const auto styledRun = runCci(styled);
        QVERIFY2(styledRun.code == 0, qPrintable(styledRun.err));
        QVERIFY(QFileInfo::exists(path("sweep_styles/lr0.005-r2-my_style-raw/adapter/adapter_model.safetensors")));
        QVERIFY2(styledRun.out.contains("lr0.005-r2-my_style-raw"), qPrintable(styledRun.out));
        // k-fold runs are not swept.
        QStringList kfold = args;
        kfold << "--k-folds"
              << "2";
        const auto folded = runCci(kfold);
        QCOMPARE(folded.code, 2);
        QVERIFY2(folded.err.contains("--k-folds is not swept"), qPrintable(folded.err));
        // A list that does not parse stops before any run.
        args.last() = "5e-3,quick";
        const auto unparsed = runCci(args);
        QVERIFY(unparsed.code != 0);
        QVERIFY2(unparsed.err.contains("\"quick\" is not a number"), qPrintable(unparsed.err));
    }

    void unknownPresetListsThePublishedRecipes() {
        const auto r = runCci({"train", "--preset", "solar-99b", "--model", m_model, "--train",
                               demoFile("demo_dev.json"), "--out", path("never")});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("no preset \"solar-99b\"") &&
                     r.err.contains("t3q-dpo-v7-lora-2e-4-customref-instruction-raw"),
                 qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(path("never")));
    }
};

QTEST_GUILESS_MAIN(TestCliTrain)
#include "test_cli_train.moc"
