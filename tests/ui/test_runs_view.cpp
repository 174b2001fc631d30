// The Runs view (offscreen): a training run on a tiny model runs on a worker thread while the event loop stays
// responsive (measured), its curves and status appear, one run at a time, cancel works, and a run whose process
// died shows as interrupted. RunsModel passes QAbstractItemModelTester.
#include "main_window.h"
#include "model/tiny_model.h"
#include "corpus/corpus_reader.h"
#include "runs/runs_model.h"
#include "runs/runs_view.h"
#include "ensemble/ensemble_session.h"
#include "ensemble/ensemble_view.h"
#include "util/atomic_write.h"
#include "workspace/corpus_workspace.h"

#include <qcustomplot.h>

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTimer>
#include <QtTest>

#include <filesystem>

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

    void trainsInTheBackgroundWithAResponsiveUi() {
        QSignalSpy finished(view(), &RunsView::trainingFinished);
        QVERIFY(view()->startRun(smallRun("first", 2)));
        QVERIFY(!view()->startRun(smallRun("second", 1)));  // one at a time
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
        QVERIFY(finished.wait(120000));
        tick.stop();
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
        QCOMPARE(view()->plot()->graphCount(), 4);
        QCOMPARE(view()->plot()->graph(0)->data()->size(), 10);  // train loss per step
        QCOMPARE(view()->plot()->graph(2)->data()->size(), 2);   // dev loss per epoch
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
    }

    void cancelStopsAtTheNextStep() {
        QSignalSpy finished(view(), &RunsView::trainingFinished);
        QVERIFY(view()->startRun(smallRun("cancelled", 6)));
        QTest::qWait(200);
        view()->cancelRun();
        QVERIFY(finished.wait(60000));
        QVERIFY(finished.first().at(1).toString().contains("Cancelled"));
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
        QCOMPARE(view()->plot()->graphCount(), 6);
        QVERIFY(view()->configText().contains("\"epochs\": 6"));    // one side of the difference
        QVERIFY(view()->configText().contains("\"epochs\": 2,"));   // the other
        QCOMPARE(view()->schedulePlot()->graphCount(), 3);
        view()->compareWith(QString());
        QCOMPARE(view()->plot()->graphCount(), 4);
    }

    void deadProcessesShowAsInterrupted() {
        const std::string folder = m_dir.filePath("runs/crashed").toStdString();
        std::filesystem::create_directories(folder);
        writeFileAtomic(folder + "/run.json", std::string("{\"status\": \"running\", \"pid\": 999999999, \"style\": \"CustomRef\"}"));
        view()->model()->refresh();
        const int row = view()->model()->rowOfFolder(QString::fromStdString(folder));
        QVERIFY(row >= 0);
        QCOMPARE(view()->model()->run(row).status, std::string("interrupted"));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestRunsView)
#include "test_runs_view.moc"
