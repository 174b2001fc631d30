// The Runs view (offscreen): a training run on a tiny model runs on a worker thread while the event loop stays
// responsive (measured), its curves, memory and status appear with rate and time left, a second run waits in the
// queue (listed as queued, removable) and starts when the first ends, cancel works, and a run whose process died
// shows as interrupted. RunsModel passes QAbstractItemModelTester.
#include "chat/template_kwargs.h"
#include "corpus/corpus_reader.h"
#include "ensemble/ensemble_session.h"
#include "ensemble/ensemble_view.h"
#include "main_window.h"
#include "model/tiny_model.h"
#include "prompt/prompt_builder.h"
#include "prompt/prompt_style.h"
#include "refine/refiner.h"
#include "run/run_catalog.h"
#include "runs/job_queue.h"
#include "runs/new_run_dialog.h"
#include "runs/runs_model.h"
#include "runs/runs_view.h"
#include "settings/settings_dialog.h"
#include "util/atomic_write.h"
#include "workspace/corpus_workspace.h"

#include <qcustomplot.h>

#include <algorithm>

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QtTest>

#include <filesystem>

#include <unistd.h>

using namespace cci;
using namespace cci::ui;

class TestRunsView : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
    std::string m_model;

    RunsView* view() { return m_window->runsView(); }
    train::TrainConfig smallRun(const char* name, int epochs) {
        train::TrainConfig c;
        c.modelDir = m_model;
        c.trainFile = std::string(CCI_DEMO_DIR) + "/demo_dev.json";
        c.devFile = c.trainFile;
        c.runDir = m_dir.filePath(QStringLiteral("runs/") + QLatin1String(name)).toStdString();
        c.epochs = epochs;
        c.gradientAccumulation = 8;
        c.loraR = 2;
        c.learningRate = 3e-3;
        c.warmupSteps = 1;
        c.threads = 1;  // one core trains, the other keeps the UI thread
        c.templateKwargs = chat::parseTemplateKwargs("enable_thinking=false", "test");  // unread by the template
        return c;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_model = m_dir.filePath("model").toStdString();
        model::TinyModelSpec spec;
        spec.hidden = 32;
        spec.intermediate = 64;
        model::makeTinyModel(m_model, {loadCorpus(std::string(CCI_DEMO_DIR) + "/demo_dev.json")}, spec);
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(m_window->showView("runs"));
        view()->setRunsFolder(m_dir.filePath("runs"));
        new QAbstractItemModelTester(view()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, this);
    }

    void anEmptyRunsFolderSaysHowRunsGetThere() {
        RunsView empty(m_window->workspace());
        empty.setRunsFolder(m_dir.filePath("no-runs-yet"));
        QVERIFY2(empty.findChild<QLabel*>("status")->text().contains("New Run"),
                 qPrintable(empty.findChild<QLabel*>("status")->text()));
    }

    void trainsInTheBackgroundWithAResponsiveUi() {
        QSignalSpy finished(view(), &RunsView::trainingFinished);
        QVERIFY(view()->startRun(smallRun("first", 2)));
        QVERIFY(!view()->startRun(smallRun("first", 1)));  // the same run folder twice
        // A second run waits for the device: listed as queued, in the queue list.
        QVERIFY(view()->startRun(smallRun("second", 1)));
        QCOMPARE(view()->jobs()->queued().size(), std::size_t(1));
        const int queuedRow = view()->model()->rowOfFolder(m_dir.filePath("runs/second"));
        QVERIFY(queuedRow >= 0);
        QCOMPARE(view()->model()->run(queuedRow).status, std::string("queued"));
        // A third is queued and removed again: its folder goes.
        QVERIFY(view()->startRun(smallRun("third", 1)));
        QCOMPARE(view()->jobs()->queued().size(), std::size_t(2));
        QVERIFY(view()->jobs()->remove(view()->jobs()->queued().back().id));
        QVERIFY(run::discardQueuedRun(m_dir.filePath("runs/third").toStdString()));
        QVERIFY(!QFileInfo::exists(m_dir.filePath("runs/third")));
        // Event-loop latency while training steps run on the worker thread.
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0, worst = 0;
        QTimer tick;
        tick.setInterval(5);
        connect(&tick, &QTimer::timeout, this, [&] {
            const qint64 now = clock.elapsed();
            worst = std::max(worst, now - last);
            last = now;
        });
        tick.start();
        QString progress;
        QTimer peek;
        int livePoints = 0;  // train-loss points drawn while the run is still going
        connect(&peek, &QTimer::timeout, this, [&] {
            if (progress.isEmpty() && view()->progressText().contains(QStringLiteral("left")))
                progress = view()->progressText();
            if (finished.isEmpty() && view()->plot()->graphCount() > 0)
                livePoints = std::max(livePoints, view()->plot()->graph(0)->data()->size());
        });
        peek.start(20);
        QVERIFY(finished.wait(120000));
        tick.stop();
        QVERIFY2(!progress.isEmpty(), "the progress bar never showed the time left");
        QVERIFY2(livePoints > 0, "the loss curve did not grow while the run trained");
        qInfo("event-loop latency while training: worst gap %lld ms", worst);
        QVERIFY2(worst <= 50, qPrintable(QStringLiteral("worst gap %1 ms").arg(worst)));
        QVERIFY(finished.first().at(0).toBool());
        const int row = view()->model()->rowOfFolder(m_dir.filePath("runs/first"));
        QVERIFY(row >= 0);
        const auto& run = view()->model()->run(row);
        QCOMPARE(run.status, std::string("finished"));
        QCOMPARE(run.steps, std::size_t(10));
        QVERIFY(run.bestDevAccuracy.has_value());
        view()->selectRun(m_dir.filePath("runs/first"));
        QCOMPARE(view()->plot()->graphCount(), 5);
        // The best dev evaluation is starred: the highest accuracy; of equal ones the first, unless a later one's dev
        // loss is 0.001 lower.
        const auto points = run::readMetrics(m_dir.filePath("runs/first").toStdString());
        double bestStep = -1, bestAccuracy = -1, bestLoss = 0;
        for (const auto& p : points)
            if (p.dev && (p.accuracy > bestAccuracy || (p.accuracy == bestAccuracy && p.loss < bestLoss - 1e-3)))
                bestStep = p.step, bestAccuracy = p.accuracy, bestLoss = p.loss;
        auto* best = view()->plot()->graph(4);
        QCOMPARE(best->objectName(), QStringLiteral("bestEvaluation"));
        QCOMPARE(best->data()->size(), 1);
        QCOMPARE(best->data()->at(0)->key, bestStep);
        QCOMPARE(best->data()->at(0)->value, bestAccuracy);
        QVERIFY(QFileInfo::exists(m_dir.filePath("runs/first/adapter_best/adapter_model.safetensors")));
        // The answer-letter audit of its last dev evaluation.
        auto* letters = view()->findChild<QPlainTextEdit*>("letterAudit");
        QVERIFY(letters);
        QVERIFY2(letters->toPlainText().contains(QStringLiteral("A: scored token")),
                 qPrintable(letters->toPlainText()));
        QVERIFY(letters->toPlainText().contains(QStringLiteral("Probability on A+B+C")));
        QCOMPARE(view()->plot()->graph(0)->data()->size(), 10);               // train loss per step
        QCOMPARE(view()->plot()->graph(2)->data()->size(), 2);                // dev loss per epoch
        QCOMPARE(view()->memoryPlot()->graph(0)->data()->size(), 10);         // resident memory per step
        QVERIFY(view()->memoryPlot()->graph(0)->data()->at(0)->value > 1.0);  // MiB
        // The queued run started by itself when the first ended, and finishes.
        QVERIFY(finished.size() >= 2 || finished.wait(120000));
        QVERIFY(finished.at(1).at(0).toBool());
        QVERIFY(view()->jobs()->queued().empty());
        QCOMPARE(view()->model()->run(view()->model()->rowOfFolder(m_dir.filePath("runs/second"))).status,
                 std::string("finished"));
    }

    void predictionsFromARunJoinTheEnsemble() {
        QSignalSpy ready(view(), &RunsView::predictionsReady);
        QSignalSpy finished(view(), &RunsView::predictionFinished);
        const QString corpus = QStringLiteral(CCI_DEMO_DIR "/demo_dev.json");
        QVERIFY(view()->predictWith(m_dir.filePath("runs/first"), corpus));
        QVERIFY(finished.wait(60000));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(ready.count(), 1);
        QVERIFY(QFileInfo::exists(m_dir.filePath("runs/first/predictions/demo_dev.json")));
        QVERIFY(QFileInfo::exists(m_dir.filePath("runs/first/predictions/demo_dev.probs.json")));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->ensembleView()->session()->hasData(), 20000);
        QCOMPARE(m_window->ensembleView()->session()->matrix().models(), std::size_t(1));
        // The run's Predictions tab lists the file; it opens in the Ensemble tab when its corpus is open.
        view()->selectRun(m_dir.filePath("runs/first"));
        QCOMPARE(view()->runPredictions().size(), 1);
        QVERIFY(view()->runPredictions().first().endsWith("predictions/demo_dev.json"));
        QVERIFY(!view()->openPredictionsInEnsemble(m_dir.filePath("runs/first/predictions/unknown_corpus.json")));
        // With the best dev evaluation's adapter, averaged over the 6 candidate orders: a second file beside the
        // first, and both join the ensemble.
        QSignalSpy again(view(), &RunsView::predictionFinished);
        QVERIFY(view()->predictWith(m_dir.filePath("runs/first"), corpus, {infer::RunAdapter::Best, true}));
        QVERIFY(again.wait(60000));
        QVERIFY2(again.first().at(0).toBool(), qPrintable(again.first().at(1).toString()));
        QVERIFY(QFileInfo::exists(m_dir.filePath("runs/first/predictions/demo_dev-best.probs.json")));
        QCOMPARE(ready.count(), 2);
        QCOMPARE(ready.last().at(1).toStringList().size(), 2);
    }

    void cancelStopsAtTheNextStep() {
        QSignalSpy finished(view(), &RunsView::trainingFinished);
        QVERIFY(view()->startRun(smallRun("cancelled", 6)));
        QTest::qWait(200);
        view()->cancelRun();
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().at(1).toString().contains("Cancelled"));
        // It says how far the run got (it said "after 0 steps").
        const auto done = run::readMetrics(m_dir.filePath("runs/cancelled").toStdString());
        const auto trained = std::count_if(done.begin(), done.end(), [](const auto& p) { return !p.dev; });
        QVERIFY(trained >= 1);
        QVERIFY2(finished.first().at(1).toString().contains(QStringLiteral("after %1 steps").arg(trained)),
                 qPrintable(finished.first().at(1).toString()));
        const int row = view()->model()->rowOfFolder(m_dir.filePath("runs/cancelled"));
        QCOMPARE(view()->model()->run(row).status, std::string("cancelled"));
        // Resumed from its checkpoint, it finishes.
        QSignalSpy resumed(view(), &RunsView::trainingFinished);
        QVERIFY(view()->resumeRun(m_dir.filePath("runs/cancelled")));
        QVERIFY(resumed.wait(120000));
        QVERIFY2(resumed.first().at(0).toBool(), qPrintable(resumed.first().at(1).toString()));
        const int again = view()->model()->rowOfFolder(m_dir.filePath("runs/cancelled"));
        QCOMPARE(view()->model()->run(again).status, std::string("finished"));
        QVERIFY(view()->logText().contains("Resuming cancelled"));
    }

    void comparingTwoRunsOverlaysCurvesAndDiffsConfigs() {
        view()->selectRun(m_dir.filePath("runs/cancelled"));
        view()->compareWith(m_dir.filePath("runs/first"));
        QCOMPARE(view()->plot()->graphCount(), 7);
        QVERIFY(view()->configText().contains("\"epochs\": 6"));   // one side of the difference
        QVERIFY(view()->configText().contains("\"epochs\": 2,"));  // the other
        QCOMPARE(view()->schedulePlot()->graphCount(), 3);
        view()->compareWith(QString());
        QCOMPARE(view()->plot()->graphCount(), 5);
        // The run itself is not among the runs to compare with; the others are.
        auto* compare = view()->findChild<QComboBox*>("compare");
        QVERIFY(compare);
        QCOMPARE(compare->findData(m_dir.filePath("runs/cancelled")), -1);
        QVERIFY(compare->findData(m_dir.filePath("runs/first")) > 0);
    }

    void newRunDialogEstimatesCopiesAndPreviews() {
        {
            // First start (no model chosen before): the tiny demo model is made from the open corpora and chosen.
            QSettings().remove(QStringLiteral("runs/lastModel"));
            m_window->workspace()->openFiles(CorpusWorkspace::demoCorpusPaths());
            QTRY_VERIFY_WITH_TIMEOUT(m_window->workspace()->corpora().count() >= 3, 20000);
            NewRunDialog first(m_window->workspace(), m_dir.filePath("runs"));
            const auto c = first.config();
            QVERIFY2(QFileInfo::exists(QString::fromStdString(c.modelDir) + "/model.safetensors"), c.modelDir.c_str());
            QVERIFY(QString::fromStdString(c.modelDir).endsWith(QStringLiteral("models/tiny-demo")));
            QVERIFY2(first.modelSummary().contains("M"), qPrintable(first.modelSummary()));
            QCOMPARE(c.gradientAccumulation, 4);  // settings that show learning within a minute
            QCOMPARE(c.learningRate, train::demoModelRecipe().learningRate);
        }
        {
            // The second opening (the demo model remembered) shows the same values: every default comes from core.
            NewRunDialog again(m_window->workspace(), m_dir.filePath("runs"));
            const auto c = again.config();
            const auto demo = train::demoModelRecipe();
            QCOMPARE(c.gradientAccumulation, demo.gradientAccumulation);
            QCOMPARE(c.learningRate, demo.learningRate);
            QCOMPARE(c.epochs, demo.epochs);
            QCOMPARE(c.loraR, demo.loraR);
            QCOMPARE(c.warmupSteps, demo.warmupSteps);
            // Another model remembered: the published recipe's defaults.
            QSettings().setValue(QStringLiteral("runs/lastModel"), QString::fromStdString(m_model));
            NewRunDialog other(m_window->workspace(), m_dir.filePath("runs"));
            const auto recipe = other.config();
            const train::TrainConfig defaults;
            QCOMPARE(recipe.gradientAccumulation, defaults.gradientAccumulation);
            QCOMPARE(recipe.learningRate, defaults.learningRate);
            QCOMPARE(recipe.loraDropout, defaults.loraDropout);
        }
        NewRunDialog dialog(m_window->workspace(), m_dir.filePath("runs"));
        dialog.setModelFolder(QString::fromStdString(m_model));
        QVERIFY2(dialog.memorySummary().contains("GiB"), qPrintable(dialog.memorySummary()));
        QVERIFY(dialog.fitsInMemory());
        // A model far larger than this machine: the dialog warns before starting.
        const QString huge = m_dir.filePath("huge");
        QDir().mkpath(huge);
        writeFileAtomic(
            (huge + "/config.json").toStdString(),
            std::string(R"({"architectures": ["LlamaForCausalLM"], "hidden_size": 16384, "intermediate_size": 53248,
                            "num_hidden_layers": 126, "num_attention_heads": 128, "num_key_value_heads": 8,
                            "vocab_size": 128256, "rms_norm_eps": 1e-5, "max_position_embeddings": 8192})"));
        dialog.setModelFolder(huge);
        QVERIFY(!dialog.fitsInMemory());
        QVERIFY2(dialog.memorySummary().contains("only"), qPrintable(dialog.memorySummary()));
        // Another family's model folder: its class and what sets its layers apart are shown.
        const QString gemma = m_dir.filePath("gemma2");
        QDir().mkpath(gemma);
        writeFileAtomic((gemma + "/config.json").toStdString(),
                        std::string(R"({"model_type": "gemma2", "hidden_size": 2304, "intermediate_size": 9216,
                            "num_hidden_layers": 26, "num_attention_heads": 8, "num_key_value_heads": 4,
                            "head_dim": 256, "vocab_size": 256000})"));
        dialog.setModelFolder(gemma);
        const QString info = dialog.findChild<QLabel*>("modelInfo")->text();
        QVERIFY2(info.contains("Gemma2ForCausalLM") && info.contains("norms around attention and MLP") &&
                     info.contains("scores capped at 50") && info.contains("sliding window 4096 on 13 of 26 layers"),
                 qPrintable(info));
        // A model with several chat templates (as transformers 5 saves them): each is offered, and the one chosen is
        // recorded as FOLDER#NAME with the template arguments typed.
        writeFileAtomic((gemma + "/chat_template.jinja").toStdString(), std::string("{{ messages[0].content }}"));
        QDir().mkpath(gemma + "/additional_chat_templates");
        writeFileAtomic((gemma + "/additional_chat_templates/tool_use.jinja").toStdString(), std::string("T"));
        dialog.setModelFolder(gemma);
        auto* chatTemplate = dialog.findChild<QComboBox*>("chatTemplate");
        auto* templateKwargs = dialog.findChild<QLineEdit*>("templateKwargs");
        QVERIFY(chatTemplate && templateKwargs);
        QCOMPARE(dialog.config().templateSpec, std::string());  // the model's default template
        const int toolUse = chatTemplate->findData(QStringLiteral("#tool_use"));
        QVERIFY(toolUse > 0);
        chatTemplate->setCurrentIndex(toolUse);
        templateKwargs->setText(QStringLiteral("enable_thinking=false, effort=low"));
        QCOMPARE(dialog.config().templateSpec, (gemma + "#tool_use").toStdString());
        QCOMPARE(dialog.config().templateKwargs.at("effort"), std::string("\"low\""));
        chatTemplate->setCurrentIndex(chatTemplate->findData(QStringLiteral("chatml")));
        QCOMPARE(dialog.config().templateSpec, std::string("chatml"));
        templateKwargs->clear();
        // A hub model id from the Hugging Face cache: described from its snapshot, trained from that folder, and
        // named as the adapter's base model; an id not in the cache says how to download it.
        const QString cache = m_dir.filePath("hf-cache");
        const QString snapshot = cache + "/models--org--tiny/snapshots/" + QString(40, QLatin1Char('c'));
        std::filesystem::create_directories(snapshot.toStdString());
        std::filesystem::copy(m_model, snapshot.toStdString(), std::filesystem::copy_options::recursive);
        std::filesystem::create_directories((cache + "/models--org--tiny/refs").toStdString());
        writeFileAtomic((cache + "/models--org--tiny/refs/main").toStdString(), std::string(40, 'c'));
        qputenv("HF_HUB_CACHE", cache.toUtf8());
        dialog.setModelFolder(QStringLiteral("org/tiny"));
        QVERIFY2(dialog.modelSummary().contains("From the Hugging Face cache: " + snapshot),
                 qPrintable(dialog.modelSummary()));
        QCOMPARE(dialog.config().modelDir, snapshot.toStdString());
        QCOMPARE(dialog.config().baseModelName, std::string("org/tiny"));
        dialog.setModelFolder(QStringLiteral("org/missing"));
        QVERIFY2(dialog.modelSummary().contains("hf download org/missing"), qPrintable(dialog.modelSummary()));
        qunsetenv("HF_HUB_CACHE");
        // Dev evaluation every N steps and early stopping need dev data: without it they are off.
        auto* devData = dialog.findChild<QComboBox*>("devData");
        auto* evalEvery = dialog.findChild<QSpinBox*>("evalEvery");
        auto* patience = dialog.findChild<QSpinBox*>("earlyStoppingPatience");
        QVERIFY(devData && evalEvery && patience);
        evalEvery->setValue(5);
        patience->setValue(3);
        devData->setCurrentIndex(0);  // (none)
        QVERIFY(!evalEvery->isEnabled() && !patience->isEnabled());
        QCOMPARE(dialog.config().evalEvery, 0);
        QCOMPARE(dialog.config().earlyStoppingPatience, 0);
        QVERIFY(devData->count() > 1);
        devData->setCurrentIndex(1);
        QVERIFY(evalEvery->isEnabled() && patience->isEnabled());
        QCOMPARE(dialog.config().evalEvery, 5);
        QCOMPARE(dialog.config().earlyStoppingPatience, 3);
        // A sweep: one run per combination, in the runs folder, named after the run name; the button says how many.
        auto* sweep = dialog.findChild<QGroupBox*>("sweep");
        QVERIFY(sweep);
        QCOMPARE(dialog.runs().size(), std::size_t(1));
        sweep->setChecked(true);
        dialog.findChild<QLineEdit*>("sweepRates")->setText("1e-3, 2e-3");
        dialog.findChild<QLineEdit*>("sweepRanks")->setText("2 4");
        const auto runs = dialog.runs();
        QCOMPARE(runs.size(), std::size_t(4));
        QVERIFY2(QString::fromStdString(runs[3].config.runDir).endsWith("-lr0.002-r4-CustomRef-raw"),
                 runs[3].config.runDir.c_str());
        QVERIFY(dialog.findChild<QLabel*>("sweepSummary")->text().contains("4"));
        dialog.findChild<QLineEdit*>("sweepRanks")->setText("2 four");
        QVERIFY(dialog.findChild<QLabel*>("sweepSummary")->text().contains("\"four\" is not a number"));
        sweep->setChecked(false);
        // Copy from an earlier run: its settings come back.
        QVERIFY(dialog.copyFromRun(m_dir.filePath("runs/first")));
        const auto c = dialog.config();
        QCOMPARE(c.modelDir, m_model);
        QCOMPARE(c.epochs, 2);
        QCOMPARE(c.loraR, 2);
        QCOMPARE(c.learningRate, 3e-3);
        QCOMPARE(QFileInfo(QString::fromStdString(c.runDir)).fileName(), QStringLiteral("first-again"));
        QVERIFY(!c.useDora);
        auto* dora = dialog.findChild<QCheckBox*>("dora");
        QVERIFY(dora);
        dora->setChecked(true);
        QVERIFY(dialog.config().useDora);  // DoRA (use_dora) as New Run records it
        dora->setChecked(false);
        QCOMPARE(c.templateSpec, std::string());  // the run's template and its arguments come back too
        QCOMPARE(c.templateKwargs, chat::parseTemplateKwargs("enable_thinking=false", "test"));
        QVERIFY(dialog.fitsInMemory());
        // The style preview shows the training file's first item.
        const Corpus train = loadCorpus(c.trainFile);
        QVERIFY(
            dialog.stylePreview().contains(QString::fromStdString(train.samples.front().conversation.front().text)));
        // A published recipe on refined data: QLoRA, its learning rate and style, refinement on - and the preview
        // shows the first item refined.
        QComboBox* presets = nullptr;
        for (auto* box : dialog.findChildren<QComboBox*>())
            if (box->findText("polar-v0.5-qlora-2e-4-systemref-refined", Qt::MatchStartsWith) > 0) presets = box;
        QVERIFY(presets);
        presets->setCurrentIndex(presets->findText("polar-v0.5-qlora-2e-4-systemref-refined", Qt::MatchStartsWith));
        const auto recipe = dialog.config();
        QVERIFY(recipe.refine && recipe.loadIn4bit);
        QCOMPARE(recipe.style, std::string("SystemRefOfficialTerm"));
        QCOMPARE(recipe.learningRate, 2e-4);
        QCOMPARE(recipe.loraR, 16);
        refine::RefineStats stats;
        const Sample refined = refine::refineSample(train.samples.front(), refine::RefineConfig{}, nullptr, stats);
        const auto expected = prompt::buildPrompt(refined, prompt::findPromptStyle("SystemRefOfficialTerm"));
        QVERIFY2(dialog.stylePreview().contains(QString::fromStdString(expected.user)),
                 qPrintable(dialog.stylePreview()));
        QVERIFY(expected.user !=
                prompt::buildPrompt(train.samples.front(), prompt::findPromptStyle("SystemRefOfficialTerm")).user);
    }

    void newRunOffersStylesSavedFromThePromptTab() {
        // A style saved with Prompt › Save style as… (in the user's styles folder) is offered by New Run, and the run
        // records it by its file, which training and prediction read.
        const QString folder = SettingsDialog::userStylesFolder();
        QVERIFY(QDir().mkpath(folder));
        const QString saved = QDir(folder).filePath("CustomRef-mine.json");
        const std::string original = readFile(std::string(CCI_DEMO_DIR) + "/../prompts/CustomRef.json");
        writeFileAtomic(saved.toStdString(),
                        prompt::renamedStyleJson(original, "CustomRef-mine", {"CustomRef"}, saved.toStdString()));
        NewRunDialog dialog(m_window->workspace(), m_dir.filePath("runs"));
        auto* style = dialog.findChild<QComboBox*>("style");
        QVERIFY(style);
        const int row = style->findData(saved);
        QVERIFY2(row >= 0, "the saved style is not offered");
        QCOMPARE(style->itemText(row), QStringLiteral("CustomRef-mine (saved)"));
        style->setCurrentIndex(row);
        QCOMPARE(QString::fromStdString(dialog.config().style), saved);
        // The CPU thread count is a setting too (0 = all hardware threads), as cci train --threads.
        auto* threads = dialog.findChild<QSpinBox*>("threads");
        QVERIFY(threads);
        QCOMPARE(dialog.config().threads, 0);
        threads->setValue(1);
        QCOMPARE(dialog.config().threads, 1);
        QCOMPARE(prompt::findPromptStyle(dialog.config().style).name, std::string("CustomRef-mine"));
        QFile::remove(saved);
    }

    void runsTableSortsByAnyColumn() {
        auto* table = view()->findChild<QTableView*>("runs");
        QVERIFY(table);
        QVERIFY(table->model()->rowCount() >= 3);
        for (const int column : {int(RunsModel::DevAccuracy), int(RunsModel::LearningRate), int(RunsModel::Steps)}) {
            table->sortByColumn(column, Qt::DescendingOrder);
            for (int row = 1; row < table->model()->rowCount(); ++row)
                QVERIFY(table->model()->index(row - 1, column).data(RunsModel::SortRole).toDouble() >=
                        table->model()->index(row, column).data(RunsModel::SortRole).toDouble());
        }
        // Selecting a run through the sorted table shows that run.
        view()->selectRun(m_dir.filePath("runs/first"));
        QCOMPARE(table->currentIndex().sibling(table->currentIndex().row(), RunsModel::Name).data().toString(),
                 QStringLiteral("first"));
        table->sortByColumn(RunsModel::Started, Qt::DescendingOrder);
    }

    void deadProcessesShowAsInterrupted() {
        const std::string folder = m_dir.filePath("runs/crashed").toStdString();
        std::filesystem::create_directories(folder);
        writeFileAtomic(folder + "/run.json",
                        std::string("{\"status\": \"running\", \"pid\": 999999999, \"style\": \"CustomRef\"}"));
        view()->model()->refresh();
        const int row = view()->model()->rowOfFolder(QString::fromStdString(folder));
        QVERIFY(row >= 0);
        QCOMPARE(view()->model()->run(row).status, std::string("interrupted"));
    }

    void followsARunAnotherProcessTrains() {
        // cci train in a terminal: no job events, so the selected running run's metrics.jsonl is followed as it grows.
        const std::string folder = m_dir.filePath("runs/terminal").toStdString();
        std::filesystem::create_directories(folder);
        writeFileAtomic(folder + "/run.json", "{\"status\": \"running\", \"pid\": " + std::to_string(getpid()) +
                                                  ", \"style\": \"CustomRef\"}");
        auto line = [](int step) {
            return "{\"split\": \"train\", \"step\": " + std::to_string(step) + ", \"loss\": 2.5}\n";
        };
        writeFileAtomic(folder + "/metrics.jsonl", line(1));
        view()->model()->refresh();
        view()->selectRun(QString::fromStdString(folder));
        QCOMPARE(view()->plot()->graph(0)->data()->size(), 1);
        appendToFile(folder + "/metrics.jsonl", line(2) + line(3));
        QTRY_COMPARE_WITH_TIMEOUT(view()->plot()->graph(0)->data()->size(), 3, 5000);
        const int row = view()->model()->rowOfFolder(QString::fromStdString(folder));
        QCOMPARE(view()->model()->run(row).steps, std::size_t(3));  // the row follows too
    }

    void runsMadeElsewhereAppearByThemselves() {
        // cci sweep in a terminal makes runs inside a subfolder of the runs folder: they appear in the table without
        // a restart (the folders are watched), named by their path; one started, then finished, updates its row;
        // Refresh (F5) reads the folder again on demand.
        const std::string sweep = m_dir.filePath("runs/sweep-1").toStdString();
        std::filesystem::create_directories(sweep);
        QTest::qWait(100);  // the runs folder's watcher reports the new group folder; it is watched from then on
        const std::string run = sweep + "/lr0.0002-r16-CustomRef-raw";
        std::filesystem::create_directories(run);
        writeFileAtomic(run + "/run.json", "{\"status\": \"running\", \"pid\": " + std::to_string(getpid()) +
                                               ", \"started\": \"2026-01-02T03:04:05Z\"}");
        const QString folder = QString::fromStdString(run);
        QTRY_VERIFY_WITH_TIMEOUT(view()->model()->rowOfFolder(folder) >= 0, 5000);
        const int row = view()->model()->rowOfFolder(folder);
        QCOMPARE(view()->model()->run(row).name, std::string("sweep-1/lr0.0002-r16-CustomRef-raw"));
        QCOMPARE(view()->model()->run(row).status, std::string("running"));
        QVERIFY(!view()->model()->run(row).started.empty());  // from run.json, not the file's time
        QVERIFY(view()->model()->run(row).started.starts_with("2026-01-0"));
        writeFileAtomic(run + "/run.json", "{\"status\": \"finished\", \"started\": \"2026-01-02T03:04:05Z\"}");
        QTRY_COMPARE_WITH_TIMEOUT(view()->model()->run(view()->model()->rowOfFolder(folder)).status,
                                  std::string("finished"), 5000);
        // Refresh: a run.json that cannot be read is listed (as unreadable), not left out.
        const std::string broken = m_dir.filePath("runs/broken").toStdString();
        std::filesystem::create_directories(broken);
        writeFileAtomic(broken + "/run.json", "{\"status\": ");
        auto* refresh = view()->findChild<QPushButton*>("refresh");
        QVERIFY(refresh);
        QCOMPARE(refresh->shortcut(), QKeySequence(QKeySequence::Refresh));
        refresh->click();
        const int brokenRow = view()->model()->rowOfFolder(QString::fromStdString(broken));
        QVERIFY(brokenRow >= 0);
        QCOMPARE(view()->model()->run(brokenRow).status, std::string("unreadable"));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestRunsView)
#include "test_runs_view.moc"
