// RunsView: the training runs of the runs folder (watched for changes) with their status and best dev numbers; the
// selected run's curves (train loss raw and smoothed, dev loss, dev accuracy) redrawn live while it trains (at most
// four times a second) with the learning rate, gradient norm and throughput, a second run overlaid with the
// difference of the two configurations, a log, New Run / Cancel / Resume, and Predict (an open corpus with the run's
// adapter, the predictions then join the Ensemble tab). Jobs wait in a queue and run one at a time per device, each on
// a worker thread; the progress bar shows the rate and the time left; the queue is listed and can be edited.
#pragma once

#include "run/run_catalog.h"
#include "runs/predict_dialog.h"
#include "train/train_config.h"
#include "util/progress.h"

#include <QWidget>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QFileSystemWatcher;
class QLabel;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace cci::ui {

class CorpusWorkspace;
class RunsModel;
class JobQueue;

class RunsView : public QWidget {
    Q_OBJECT
public:
    explicit RunsView(CorpusWorkspace* workspace, QWidget* parent = nullptr);
    ~RunsView() override;

    QString runsFolder() const { return m_folder; }
    void setRunsFolder(const QString& folder);
    // Starts a run, or queues it behind the job running on its device (false, with the reason in the status line,
    // when the configuration is bad or that run folder is already in use).
    bool startRun(const train::TrainConfig& config);
    void cancelRun();
    bool isTraining() const;
    JobQueue* jobs() const { return m_jobs; }
    QString progressText() const;
    QCustomPlot* memoryPlot() const { return m_memory; }
    RunsModel* model() const { return m_model; }
    QCustomPlot* plot() const { return m_plot; }
    void selectRun(const QString& folder);
    // Predicts a corpus with a finished run's adapter into RUN/predictions/<corpus>.json (on the worker thread).
    bool predictWith(const QString& runFolder, const QString& corpusPath, const PredictChoice& choice = {});
    // Every run's predictions of this corpus.
    QStringList predictionsFor(const QString& corpusPath) const;
    // Continues an interrupted, cancelled or failed run from its last checkpoint.
    bool resumeRun(const QString& runFolder);
    // Overlays a second run's curves and shows the difference of the two configurations ("" = none).
    void compareWith(const QString& otherRunFolder);
    QCustomPlot* schedulePlot() const { return m_schedule; }
    QString configText() const;
    // The selected run's prediction files (RUN/predictions/*.json), as listed in its Predictions tab.
    QStringList runPredictions() const;
    // Opens every run's predictions of the corpus a prediction file answers in the Ensemble tab (false, with the
    // reason in the status line, when that corpus is not open).
    bool openPredictionsInEnsemble(const QString& predictionFile);
    QString logText() const;

signals:
    void trainingFinished(bool ok, const QString& message);
    void predictionFinished(bool ok, const QString& message);
    // New predictions for `corpusPath`: every run's prediction files of it, for the Ensemble tab.
    void predictionsReady(const QString& corpusPath, const QStringList& predictionFiles);

private:
    void newRun();
    void predictInteractive();
    // Runs `work` on the worker thread with the progress bar, cancel button, status line and log; `after` follows.
    bool startJob(const QString& device, const QString& folder, const QString& what,
                  std::function<QString(const ProgressFn&)> work, std::function<void(bool, const QString&)> after);
    void showQueue();
    void log(const QString& line);
    void refreshCompareChoices();
    void showSelected();
    void redraw();
    qint64 metricsSize() const;  // of the selected run's metrics.jsonl (-1 when none)
    // Reads the runs folder again (keeping the selection) and watches what the new list needs.
    void rescan();

    CorpusWorkspace* m_workspace;
    QString m_folder, m_selected;
    RunsModel* m_model;
    QTableView* m_table;
    QSortFilterProxyModel* m_sorted;
    QCustomPlot* m_plot;
    QPlainTextEdit* m_config;
    QPlainTextEdit* m_letters;
    QPlainTextEdit* m_log;
    QListWidget* m_predictions;
    QCustomPlot* m_schedule;
    QCustomPlot* m_memory;
    QListWidget* m_queue;
    QPushButton* m_unqueue;
    QComboBox* m_compare;
    QCheckBox* m_logScale;
    QPushButton* m_resume;
    QString m_other;
    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QFileSystemWatcher* m_watcher;
    QTimer* m_redraw;
    QTimer* m_rescan;            // changes on disk arriving together are read once
    QTimer* m_external;          // follows a run that another process trains
    qint64 m_externalSize = -1;  // its metrics.jsonl's size when last read
    JobQueue* m_jobs;
    std::vector<run::MetricPoint> m_metrics;  // the selected run's points: read on selection, then grown by job events
};

}  // namespace cci::ui
