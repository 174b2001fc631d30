// RunsView (see runs_view.h). Run data comes from core's run catalogue; training from core's trainer via TrainingJob.
#include "runs/runs_view.h"

#include "error_message.h"
#include "infer/letter_audit.h"

#include "infer/run_settings.h"
#include "run/run_catalog.h"
#include "run/run_folder.h"
#include "runs/job_queue.h"
#include "runs/new_run_dialog.h"
#include "runs/runs_model.h"
#include "settings/settings_dialog.h"
#include "text/line_diff.h"
#include "train/lora_trainer.h"
#include "util/problem.h"
#include "util/rate_estimate.h"
#include "workspace/corpus_workspace.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTime>
#include <QTimer>

namespace cci::ui {

namespace {

QString describe(const train::TrainResult& r) {
    if (r.cancelled) return RunsView::tr("Cancelled after %1 steps (resumable).").arg(r.optimizerSteps);
    QString text = RunsView::tr("Finished: %1 steps, train loss %2 → %3%4")
                       .arg(r.optimizerSteps)
                       .arg(r.firstLoss, 0, 'f', 3)
                       .arg(r.lastLoss, 0, 'f', 3)
                       .arg(r.devAccuracy >= 0 ? RunsView::tr(", dev accuracy %1%").arg(100 * r.devAccuracy, 0, 'f', 1)
                                               : QString());
    if (r.bestDevAccuracy >= 0)
        text += RunsView::tr("; best %1% after %2 steps (adapter_best)")
                    .arg(100 * r.bestDevAccuracy, 0, 'f', 1)
                    .arg(r.bestStep);
    if (r.stoppedEarly) text += RunsView::tr("; stopped early");
    return text;
}

}  // namespace

RunsView::RunsView(CorpusWorkspace* workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {
    m_jobs = new JobQueue(this);
    m_model = new RunsModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("runs"));
    // Sortable by any column (click a header): the table compares many runs - a sweep's - by their settings and
    // dev results. Rows are read through the proxy.
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(RunsModel::SortRole);
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunsModel::Started, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(RunsModel::Name, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    auto* newRun = new QPushButton(tr("New Run…"), this);
    auto* predict = new QPushButton(tr("Predict…"), this);
    predict->setToolTip(
        tr("Predict an open corpus with the selected run's adapter; the predictions join the Ensemble tab"));
    m_cancel = new QPushButton(tr("Cancel job"), this);
    m_cancel->setEnabled(false);
    m_resume = new QPushButton(tr("Resume"), this);
    m_resume->setToolTip(tr("Continue an interrupted, cancelled or failed run from its last checkpoint"));
    m_resume->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(newRun);
    top->addWidget(predict);
    top->addWidget(m_cancel);
    top->addWidget(m_resume);
    auto* refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("refresh"));
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setToolTip(
        tr("Read the runs folder again (F5); runs that other processes make or train (cci train, "
           "cci sweep) also appear by themselves"));
    top->addWidget(refresh);
    top->addWidget(m_progress, 1);
    top->addWidget(m_status, 2);

    auto stepPlot = [this](const char* name, const QString& left, const QString& right) {
        auto* plot = new QCustomPlot(this);
        plot->setObjectName(QLatin1String(name));
        plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
        plot->legend->setVisible(true);
        plot->xAxis->setLabel(tr("optimizer step"));
        plot->yAxis->setLabel(left);
        plot->yAxis2->setVisible(true);
        plot->yAxis2->setLabel(right);
        return plot;
    };
    m_plot = stepPlot("curves", tr("loss"), tr("dev accuracy"));
    m_plot->yAxis2->setRange(0, 1);
    m_schedule = stepPlot("schedule", tr("learning rate"), tr("gradient norm / k tokens per s"));
    m_memory = stepPlot("memory", tr("MiB"), QString());
    m_memory->yAxis2->setVisible(false);
    m_queue = new QListWidget(this);
    m_queue->setObjectName(QStringLiteral("queue"));
    m_queue->setMaximumHeight(70);
    m_queue->setToolTip(tr("Jobs waiting for their device; they start in this order"));
    m_unqueue = new QPushButton(tr("Remove from queue"), this);
    m_config = new QPlainTextEdit(this);
    m_config->setReadOnly(true);
    m_config->setObjectName(QStringLiteral("runConfig"));
    m_letters = new QPlainTextEdit(this);
    m_letters->setReadOnly(true);
    m_letters->setObjectName(QStringLiteral("letterAudit"));
    m_letters->setToolTip(
        tr("Which tokens are scored as A, B and C, which the training target starts with, and how "
           "much probability the model puts on them (recorded at each dev evaluation)"));
    m_predictions = new QListWidget(this);
    m_predictions->setObjectName(QStringLiteral("runPredictions"));
    m_predictions->setToolTip(
        tr("Double-click to vote and compare with the other runs' predictions in the Ensemble tab"));
    m_log = new QPlainTextEdit(this);
    m_log->setReadOnly(true);
    m_log->setObjectName(QStringLiteral("log"));
    m_compare = new QComboBox(this);
    m_compare->setObjectName(QStringLiteral("compare"));
    m_logScale = new QCheckBox(tr("Log scale"), this);
    auto* plots = new QTabWidget(this);
    plots->addTab(m_plot, tr("Loss and accuracy"));
    plots->addTab(m_schedule, tr("Learning rate, gradients, throughput"));
    plots->addTab(m_memory, tr("Memory"));
    auto* plotBox = new QWidget(this);
    auto* plotLayout = new QVBoxLayout(plotBox);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    auto* plotBar = new QHBoxLayout;
    plotBar->addWidget(new QLabel(tr("Compare with"), this));
    plotBar->addWidget(m_compare, 1);
    plotBar->addWidget(m_logScale);
    plotLayout->addLayout(plotBar);
    plotLayout->addWidget(plots, 1);
    auto* side = new QTabWidget(this);
    side->addTab(m_config, tr("Configuration"));
    side->addTab(m_predictions, tr("Predictions"));
    side->addTab(m_letters, tr("Answer letters"));
    side->addTab(m_log, tr("Log"));
    auto* details = new QSplitter(Qt::Horizontal, this);
    details->addWidget(plotBox);
    details->addWidget(side);
    details->setSizes({800, 400});
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setSizes({250, 500});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    auto* queueRow = new QHBoxLayout;
    queueRow->addWidget(m_queue, 1);
    queueRow->addWidget(m_unqueue, 0, Qt::AlignTop);
    layout->addLayout(queueRow);
    layout->addWidget(splitter, 1);
    showQueue();

    m_watcher = new QFileSystemWatcher(this);
    m_redraw = new QTimer(this);
    m_redraw->setSingleShot(true);
    m_redraw->setInterval(250);  // live curves: points arriving together are drawn once, at most four times a second
    connect(m_redraw, &QTimer::timeout, this, &RunsView::redraw);
    // A run another process trains (cci train in a terminal) sends no events: its metrics.jsonl is re-read when it
    // has grown, once a second, while it is selected and running.
    m_external = new QTimer(this);
    m_external->setInterval(1000);
    connect(m_external, &QTimer::timeout, this, [this] {
        if (metricsSize() == m_externalSize) return;
        const QString keep = m_selected;  // the row (steps, status) and the curves, read again
        m_model->refresh();
        selectRun(keep);
    });
    // The selected run's curves grow from the job's own events: metrics.jsonl is read once, when a run is selected.
    connect(m_jobs, &JobQueue::recorded, this, [this](int, const QString& folder, const QByteArray& line) {
        if (folder != m_selected) return;
        for (const auto& point : run::parseMetrics(line.toStdString())) {
            // An event still queued when the file was read is already in it.
            const auto last =
                std::find_if(m_metrics.rbegin(), m_metrics.rend(), [&](const auto& p) { return p.dev == point.dev; });
            if (last == m_metrics.rend() || last->step < point.step) m_metrics.push_back(point);
        }
        if (!m_redraw->isActive()) m_redraw->start();
    });
    m_rescan = new QTimer(this);
    m_rescan->setSingleShot(true);
    m_rescan->setInterval(500);
    connect(m_rescan, &QTimer::timeout, this, &RunsView::rescan);
    const auto changed = [this] {
        if (!m_rescan->isActive()) m_rescan->start();
    };
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, changed);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, changed);
    connect(refresh, &QPushButton::clicked, this, &RunsView::rescan);
    connect(newRun, &QPushButton::clicked, this, &RunsView::newRun);
    connect(predict, &QPushButton::clicked, this, &RunsView::predictInteractive);
    connect(m_cancel, &QPushButton::clicked, this, &RunsView::cancelRun);
    connect(m_predictions, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { openPredictionsInEnsemble(item->data(Qt::UserRole).toString()); });
    connect(m_unqueue, &QPushButton::clicked, this, [this] {
        const auto* item = m_queue->currentItem();
        if (!item) return;
        const QString folder = item->data(Qt::UserRole + 1).toString();
        if (m_jobs->remove(item->data(Qt::UserRole).toInt())) {
            run::discardQueuedRun(folder.toStdString());
            log(tr("Removed from the queue: %1").arg(item->text()));
            m_model->refresh();
        }
    });
    connect(m_jobs, &JobQueue::queueChanged, this, &RunsView::showQueue);
    connect(m_jobs, &JobQueue::progressed, this,
            [this](int, int step, int total, double perSecond, double secondsLeft) {
                m_progress->setMaximum(std::max(1, total));
                m_progress->setValue(step);
                m_progress->setFormat(tr("%v/%m  ·  %1/s  ·  %2 left")
                                          .arg(perSecond, 0, 'g', 3)
                                          .arg(QString::fromStdString(formatDuration(secondsLeft))));
            });
    connect(m_jobs, &JobQueue::started, this, [this](int, const QString& folder, const QString& what) {
        m_progress->setValue(0);
        m_progress->setFormat(tr("starting…"));
        m_progress->setVisible(true);
        m_cancel->setEnabled(true);
        m_resume->setEnabled(false);
        m_status->setStyleSheet(QString());
        m_status->setText(what);
        log(what);
        m_model->refresh();
        selectRun(folder);
    });
    connect(m_jobs, &JobQueue::finished, this, [this](int, bool ok, const QString& message) {
        m_status->setText(ok ? message : tr("Failed: %1").arg(message));
        m_status->setStyleSheet(ok ? QString() : QStringLiteral("color:#c92a2a;"));
        log(m_status->text());
        if (!m_jobs->isRunning()) {
            m_progress->setVisible(false);
            m_cancel->setEnabled(false);
        }
        const QString keep = m_selected;
        m_model->refresh();
        selectRun(keep);
    });
    connect(m_resume, &QPushButton::clicked, this, [this] { resumeRun(m_selected); });
    connect(m_compare, &QComboBox::activated, this, [this] { compareWith(m_compare->currentData().toString()); });
    connect(m_logScale, &QCheckBox::toggled, this, [this](bool on) {
        if (on) {
            m_plot->yAxis->setScaleType(QCPAxis::stLogarithmic);
            m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        } else {
            m_plot->yAxis->setScaleType(QCPAxis::stLinear);
            m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        }
        redraw();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunsView::refreshCompareChoices);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                m_selected = current.isValid()
                                 ? QString::fromStdString(m_model->run(m_sorted->mapToSource(current).row()).folder)
                                 : QString();
                if (m_other == m_selected) m_other.clear();
                refreshCompareChoices();
                showSelected();
            });
    setRunsFolder(SettingsDialog::runsFolder());
}

RunsView::~RunsView() = default;

void RunsView::setRunsFolder(const QString& folder) {
    QDir().mkpath(folder);
    m_folder = folder;
    m_model->setFolder(folder);
    rescan();
}

void RunsView::rescan() {
    const QString keep = m_selected;
    m_model->refresh();
    if (!keep.isEmpty()) selectRun(keep);
    // An empty runs folder says how runs get there (other messages stay until something replaces them).
    if (m_model->rowCount() == 0 && m_status->text().isEmpty())
        m_status->setText(tr("No runs in %1 yet: New Run… trains one (a tiny demo model is ready the first time), and "
                             "runs of cci train --out %1/NAME appear here as they train.")
                              .arg(QDir::toNativeSeparators(m_folder)));
    // Sets, not lists: a runs folder of thousands of runs is compared once per rescan, not path by path.
    const QStringList wantedList = m_model->pathsToWatch();
    const QSet<QString> wanted(wantedList.begin(), wantedList.end());
    const QStringList watchedList = m_watcher->directories() + m_watcher->files();
    const QSet<QString> watched(watchedList.begin(), watchedList.end());
    QStringList stale, added;
    for (const QString& p : watched)
        if (!wanted.contains(p)) stale << p;
    for (const QString& p : wanted)
        if (!watched.contains(p) && QFileInfo::exists(p)) added << p;
    if (!stale.isEmpty()) m_watcher->removePaths(stale);
    if (!added.isEmpty()) m_watcher->addPaths(added);
}

bool RunsView::isTraining() const { return m_jobs->isRunning(); }

bool RunsView::predictWith(const QString& runFolder, const QString& corpusPath, const PredictChoice& choice) {
    const auto run = run::readRun(runFolder.toStdString());
    if (!run || run->status != "finished") {
        m_status->setText(tr("Choose a finished run to predict with."));
        return false;
    }
    infer::PredictConfig config;
    try {
        // Scored exactly as the run trained (style, chat template, refinement, NF4 base) into RUN/predictions/.
        config = infer::predictConfigOfRun(runFolder.toStdString(), corpusPath.toStdString(), choice.adapter);
    } catch (const std::exception& e) {
        m_status->setText(errorMessage(e));
        return false;
    }
    config.device = SettingsDialog::device().toStdString();
    config.permutations = choice.permutations;
    const QString out = QString::fromStdString(config.outFile);
    const QString selected = m_selected;
    const bool started = startJob(
        SettingsDialog::device(), runFolder,
        tr("Predicting %1 with %2…").arg(QFileInfo(corpusPath).fileName(), QFileInfo(runFolder).fileName()),
        [config](const ProgressFn& progress) {
            const auto r = infer::runPredict(config, progress);
            if (r.cancelled) return tr("Prediction cancelled.");
            return tr("Predicted %1 items (%2 items/s).")
                .arg(r.scores.size())
                .arg(double(r.scores.size()) / std::max(r.seconds, 1e-9), 0, 'f', 1);
        },
        [this, corpusPath, out](bool ok, const QString& message) {
            if (ok && QFileInfo::exists(out)) emit predictionsReady(corpusPath, predictionsFor(corpusPath));
            emit predictionFinished(ok, message);
        });
    m_selected = selected.isEmpty() ? runFolder : selected;
    return started;
}

QStringList RunsView::predictionsFor(const QString& corpusPath) const {
    QStringList files;
    for (const auto& run : run::listRuns(m_folder.toStdString())) {
        for (const bool best : {false, true}) {
            const QString file =
                QString::fromStdString(run::RunFolder(run.folder).predictionFileFor(corpusPath.toStdString(), best));
            if (QFileInfo::exists(file)) files << file;
        }
    }
    return files;
}

void RunsView::predictInteractive() {
    const CorpusSet& set = m_workspace->corpora();
    QStringList names, paths;
    for (std::size_t i = 0; i < set.count(); ++i) {
        paths << QString::fromStdString(set.corpus(i).sourcePath);
        names << QFileInfo(paths.back()).fileName();
    }
    if (names.isEmpty() || m_selected.isEmpty()) {
        m_status->setText(tr("Select a finished run and open the corpus to predict."));
        return;
    }
    // Offered first: a test split, else a dev split, else any file the run did not train on.
    const auto run = run::readRun(m_selected.toStdString());
    int preferred = -1;
    for (Split want : {Split::Test, Split::Dev})
        for (std::size_t i = 0; i < set.count() && preferred < 0; ++i)
            if (set.corpus(i).split == want && (!run || names[int(i)].toStdString() != run->data)) preferred = int(i);
    for (int i = 0; i < names.size() && preferred < 0; ++i)
        if (!run || names[i].toStdString() != run->data) preferred = i;
    if (!run) return;
    const bool best =
        QFileInfo::exists(QString::fromStdString(run::RunFolder(m_selected.toStdString()).bestAdapterDir()));
    PredictDialog dialog(*run, best, names, preferred, this);
    if (dialog.exec() == QDialog::Accepted) predictWith(m_selected, paths[dialog.corpusIndex()], dialog.choice());
}

bool RunsView::startRun(const train::TrainConfig& config) {
    const QString folder = QString::fromStdString(config.runDir);
    try {
        train::validateConfig(config);
        if (m_jobs->hasFolder(folder) || run::RunFolder(config.runDir).hasRecord())
            throw Error(tr("the run folder %1 is already in use; choose another run name").arg(folder).toStdString());
        if (m_jobs->isRunning()) run::writeQueuedRun(config.runDir, train::configToJson(config));
    } catch (const Error& e) {
        m_status->setText(errorMessage(e));
        return false;
    }
    return startJob(
        QString::fromStdString(config.device), folder, tr("Training %1…").arg(QFileInfo(folder).fileName()),
        [config](const ProgressFn& progress) { return describe(train::runTraining(config, progress)); },
        [this](bool ok, const QString& message) { emit trainingFinished(ok, message); });
}

bool RunsView::resumeRun(const QString& runFolder) {
    if (m_jobs->hasFolder(runFolder)) {
        m_status->setText(tr("%1 is already running or queued.").arg(QFileInfo(runFolder).fileName()));
        return false;
    }
    const std::string folder = runFolder.toStdString();
    // Queued under the device the run trains on (its run.json), not the one the settings name today.
    QString device = SettingsDialog::device();
    try {
        const run::RunFolder run(folder);
        device = QString::fromStdString(train::configFromJson(run.readRecordText(), run.recordFile()).device);
    } catch (const Error&) {  // resumeTraining reports the damaged record
    }
    return startJob(
        device, runFolder, tr("Resuming %1…").arg(QFileInfo(runFolder).fileName()),
        [folder](const ProgressFn& progress) { return describe(train::resumeTraining(folder, progress)); },
        [this](bool ok, const QString& message) { emit trainingFinished(ok, message); });
}

bool RunsView::startJob(const QString& device, const QString& folder, const QString& what,
                        std::function<QString(const ProgressFn&)> work,
                        std::function<void(bool, const QString&)> after) {
    const bool waits = m_jobs->isRunning();
    m_jobs->enqueue(device, what, folder, std::move(work), std::move(after));
    if (waits) {
        m_status->setText(tr("Queued: %1").arg(what));
        log(m_status->text());
        const QString keep = m_selected;
        m_model->refresh();  // a queued training run is listed at once
        selectRun(keep);
    }
    return true;
}

void RunsView::showQueue() {
    m_queue->clear();
    for (const auto& job : m_jobs->queued()) {
        auto* item = new QListWidgetItem(tr("%1  (waiting for %2)").arg(job.description, job.device), m_queue);
        item->setData(Qt::UserRole, job.id);
        item->setData(Qt::UserRole + 1, job.folder);
    }
    m_queue->setVisible(m_queue->count() > 0);
    m_unqueue->setVisible(m_queue->count() > 0);
}

QString RunsView::progressText() const { return m_progress->isVisible() ? m_progress->text() : QString(); }

void RunsView::log(const QString& line) {
    m_log->appendPlainText(
        QStringLiteral("%1  %2").arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), line));
}

QString RunsView::logText() const { return m_log->toPlainText(); }

QStringList RunsView::runPredictions() const {
    QStringList files;
    for (int i = 0; i < m_predictions->count(); ++i) files << m_predictions->item(i)->data(Qt::UserRole).toString();
    return files;
}

bool RunsView::openPredictionsInEnsemble(const QString& predictionFile) {
    const QString stem = QFileInfo(predictionFile).completeBaseName();
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count(); ++i) {
        const QString path = QString::fromStdString(set.corpus(i).sourcePath);
        if (QFileInfo(path).completeBaseName() == stem) {
            emit predictionsReady(path, predictionsFor(path));
            return true;
        }
    }
    m_status->setText(tr("Open %1.json to compare these predictions with its answers.").arg(stem));
    return false;
}
QString RunsView::configText() const { return m_config->toPlainText(); }

void RunsView::refreshCompareChoices() {
    const QSignalBlocker block(m_compare);
    m_compare->clear();
    m_compare->addItem(tr("(no other run)"), QString());
    for (int r = 0; r < m_model->rowCount(); ++r) {
        const auto& run = m_model->run(r);
        if (QString::fromStdString(run.folder) == m_selected) continue;  // a run is not compared with itself
        m_compare->addItem(QString::fromStdString(run.name), QString::fromStdString(run.folder));
    }
    m_compare->setCurrentIndex(std::max(0, m_compare->findData(m_other)));
}

void RunsView::compareWith(const QString& otherRunFolder) {
    m_other = otherRunFolder;
    const int i = m_compare->findData(otherRunFolder);
    if (i >= 0) m_compare->setCurrentIndex(i);
    showSelected();
}

void RunsView::cancelRun() { m_jobs->cancelRunning(); }

void RunsView::newRun() {
    NewRunDialog dialog(m_workspace, m_folder, this);
    if (dialog.exec() != QDialog::Accepted) return;
    try {
        for (const auto& run : dialog.runs()) startRun(run.config);  // a sweep queues every run
    } catch (const std::exception& e) {
        m_status->setText(errorMessage(e));
    }
}

void RunsView::selectRun(const QString& folder) {
    const int row = m_model->rowOfFolder(folder);
    if (row >= 0) m_table->selectRow(m_sorted->mapFromSource(m_model->index(row, 0)).row());
    m_selected = folder;
    if (m_other == m_selected) m_other.clear();
    refreshCompareChoices();
    showSelected();
}

void RunsView::showSelected() {
    auto runJson = [](const QString& folder) {
        try {
            return QString::fromStdString(run::RunFolder(folder.toStdString()).readRecordText());
        } catch (const Error&) {
            return QString();
        }
    };
    if (m_selected.isEmpty()) {
        m_config->clear();
    } else if (!m_other.isEmpty() && m_other != m_selected) {
        // The difference of the two configurations, line by line.
        QString diff = tr("- %1\n+ %2\n\n").arg(QFileInfo(m_selected).fileName(), QFileInfo(m_other).fileName());
        for (const auto& line : text::diffLines(runJson(m_selected).toStdString(), runJson(m_other).toStdString())) {
            if (line.kind == text::DiffLine::Kind::Same) continue;
            diff += (line.kind == text::DiffLine::Kind::Removed ? QStringLiteral("- ") : QStringLiteral("+ ")) +
                    QString::fromStdString(line.text) + QLatin1Char('\n');
        }
        m_config->setPlainText(diff);
    } else {
        const QString text = runJson(m_selected);
        m_config->setPlainText(text.isEmpty() ? tr("(no run.json yet)") : text);
    }
    m_metrics = m_selected.isEmpty() ? std::vector<run::MetricPoint>{} : run::readMetrics(m_selected.toStdString());
    const auto letters = m_selected.isEmpty() ? std::nullopt : infer::letterAuditOfRun(m_selected.toStdString());
    m_letters->setPlainText(letters ? QString::fromStdString(infer::letterAuditText(*letters))
                                    : tr("(recorded at the run's first dev evaluation)"));
    const auto run = m_selected.isEmpty() ? std::nullopt : run::readRun(m_selected.toStdString());
    m_resume->setEnabled(run && run->resumable && !m_jobs->hasFolder(m_selected));
    m_externalSize = metricsSize();
    if (run && run->status == run::status::running && !m_jobs->hasFolder(m_selected))
        m_external->start();
    else
        m_external->stop();
    m_predictions->clear();
    if (!m_selected.isEmpty()) {
        const QDir folder(QString::fromStdString(run::RunFolder(m_selected.toStdString()).predictionsDir()));
        for (const QFileInfo& file : folder.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            if (file.fileName().endsWith(QLatin1String(".probs.json")) ||
                file.fileName().endsWith(QLatin1String(".audit.json")))
                continue;
            auto* item = new QListWidgetItem(
                tr("%1  (%2)").arg(file.fileName(), file.lastModified().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                m_predictions);
            item->setData(Qt::UserRole, file.absoluteFilePath());
        }
    }
    redraw();
}

qint64 RunsView::metricsSize() const {
    if (m_selected.isEmpty()) return -1;
    const QFileInfo metrics(QString::fromStdString(run::RunFolder(m_selected.toStdString()).metricsFile()));
    return metrics.exists() ? metrics.size() : -1;
}

void RunsView::redraw() {
    m_plot->clearGraphs();
    m_schedule->clearGraphs();
    m_memory->clearGraphs();
    if (m_selected.isEmpty()) {
        for (auto* plot : {m_plot, m_schedule, m_memory}) plot->replot();
        return;
    }
    struct Curves {
        QVector<double> steps, loss, smooth, devSteps, devLoss, devAcc, lr, gradNorm, kTokens, memory, peak, gpuPeak;
        bool gpu = false;
    };
    auto curves = [](const std::vector<run::MetricPoint>& points) {
        Curves c;
        double ema = 0;
        for (const auto& p : points) {
            if (p.dev) {
                c.devSteps << p.step;
                c.devLoss << p.loss;  // NaN (a gap) when the dev file has no answers
                c.devAcc << (p.accuracy >= 0 ? p.accuracy : qQNaN());
            } else {
                ema = c.steps.isEmpty() ? p.loss : 0.9 * ema + 0.1 * p.loss;
                c.steps << p.step;
                c.loss << p.loss;
                c.smooth << ema;
                c.lr << p.lr;
                c.gradNorm << p.gradNorm;
                c.kTokens << p.tokensPerSecond / 1000.0;
                c.memory << p.memory / double(1 << 20);
                c.peak << p.peakMemory / double(1 << 20);
                c.gpuPeak << p.cudaPeakMemory / double(1 << 20);
                c.gpu = c.gpu || p.cudaPeakMemory > 0;
            }
        }
        return c;
    };
    auto add = [](QCustomPlot* plot, const QVector<double>& x, const QVector<double>& y, const QColor& color,
                  const QString& name, bool right, bool points, bool dashed = false) {
        auto* g = plot->addGraph(plot->xAxis, right ? plot->yAxis2 : plot->yAxis);
        g->setData(x, y);
        g->setPen(QPen(color, points ? 2 : 1, dashed ? Qt::DashLine : Qt::SolidLine));
        g->setName(name);
        if (points) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    };
    const Curves c = curves(m_metrics);
    add(m_plot, c.steps, c.loss, QColor(0xa5, 0xd8, 0xff), tr("train loss"), false, false);
    add(m_plot, c.steps, c.smooth, QColor(0x18, 0x64, 0xab), tr("train loss (smoothed)"), false, false);
    add(m_plot, c.devSteps, c.devLoss, QColor(0xe0, 0x31, 0x31), tr("dev loss"), false, true);
    add(m_plot, c.devSteps, c.devAcc, QColor(0x2b, 0x8a, 0x3e), tr("dev accuracy"), true, true);
    if (!m_other.isEmpty() && m_other != m_selected) {
        const Curves o = curves(run::readMetrics(m_other.toStdString()));
        const QString name = QFileInfo(m_other).fileName();
        add(m_plot, o.steps, o.smooth, QColor(0x86, 0x2e, 0x9c), tr("%1: train loss (smoothed)").arg(name), false,
            false, true);
        add(m_plot, o.devSteps, o.devAcc, QColor(0xe6, 0x77, 0x00), tr("%1: dev accuracy").arg(name), true, true, true);
    }
    // The best evaluation (its adapter is adapter_best/): a star on the accuracy curve.
    const auto evaluations = run::devEvaluationsOf(m_metrics);
    if (const auto best = run::bestEvaluation(evaluations)) {
        const auto& e = evaluations[*best];
        auto* g = m_plot->addGraph(m_plot->xAxis, m_plot->yAxis2);
        g->setData({double(e.step)}, {e.accuracy.value_or(qQNaN())});
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssStar, QPen(QColor(0xf0, 0x8c, 0x00), 2), Qt::NoBrush, 16));
        g->setName(tr("best: step %1, %2%").arg(e.step).arg(100 * e.accuracy.value_or(0), 0, 'f', 1));
        g->setObjectName(QStringLiteral("bestEvaluation"));
    }
    add(m_schedule, c.steps, c.lr, QColor(0x18, 0x64, 0xab), tr("learning rate"), false, false);
    add(m_schedule, c.steps, c.gradNorm, QColor(0xe0, 0x31, 0x31), tr("gradient norm"), true, false);
    add(m_schedule, c.steps, c.kTokens, QColor(0x2b, 0x8a, 0x3e), tr("k tokens per s"), true, false);
    m_plot->rescaleAxes();
    m_plot->yAxis2->setRange(0, 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    m_schedule->rescaleAxes();
    m_schedule->replot(QCustomPlot::rpQueuedReplot);
    add(m_memory, c.steps, c.memory, QColor(0x18, 0x64, 0xab), tr("resident memory"), false, false);
    add(m_memory, c.steps, c.peak, QColor(0xe0, 0x31, 0x31), tr("peak"), false, false, true);
    if (c.gpu) add(m_memory, c.steps, c.gpuPeak, QColor(0x2b, 0x8a, 0x3e), tr("GPU peak (allocated)"), false, false);
    m_memory->rescaleAxes();
    m_memory->yAxis->setRangeLower(0);
    m_memory->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace cci::ui
