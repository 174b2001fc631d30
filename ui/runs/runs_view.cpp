// RunsView (see runs_view.h). Run data comes from core's run catalogue; training from core's trainer via TrainingJob.
#include "runs/runs_view.h"

#include "runs/new_run_dialog.h"
#include "runs/runs_model.h"
#include "runs/background_job.h"
#include "model/predict.h"
#include "train/lora_trainer.h"
#include "workspace/corpus_workspace.h"
#include "settings/settings_dialog.h"
#include "train/run_catalog.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <qcustomplot.h>

#include <nlohmann/json.hpp>

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QTimer>

namespace cci::ui {

RunsView::RunsView(CorpusWorkspace* workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {
    m_model = new RunsModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("runs"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(RunsModel::Name, QHeaderView::Stretch);
    m_table->verticalHeader()->hide();
    auto* newRun = new QPushButton(tr("New Run…"), this);
    auto* predict = new QPushButton(tr("Predict…"), this);
    predict->setToolTip(tr("Predict an open corpus with the selected run's adapter; the predictions join the Ensemble tab"));
    m_cancel = new QPushButton(tr("Cancel run"), this);
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setWordWrap(true);
    auto* top = new QHBoxLayout;
    top->addWidget(newRun);
    top->addWidget(predict);
    top->addWidget(m_cancel);
    top->addWidget(m_progress, 1);
    top->addWidget(m_status, 2);

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("curves"));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->legend->setVisible(true);
    m_plot->xAxis->setLabel(tr("optimizer step"));
    m_plot->yAxis->setLabel(tr("loss"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(tr("dev accuracy"));
    m_plot->yAxis2->setRange(0, 1);
    m_config = new QPlainTextEdit(this);
    m_config->setReadOnly(true);
    m_config->setObjectName(QStringLiteral("runConfig"));
    auto* details = new QSplitter(Qt::Horizontal, this);
    details->addWidget(m_plot);
    details->addWidget(m_config);
    details->setSizes({800, 400});
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setSizes({250, 500});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    m_watcher = new QFileSystemWatcher(this);
    m_redraw = new QTimer(this);
    m_redraw->setInterval(250);  // live curves: at most four redraws a second
    connect(m_redraw, &QTimer::timeout, this, [this] {
        // Only when the run wrote new metrics since the last redraw.
        const QFileInfo metrics(m_selected + QStringLiteral("/metrics.jsonl"));
        const qint64 stamp = metrics.exists() ? metrics.size() ^ metrics.lastModified().toMSecsSinceEpoch() : -1;
        if (stamp == m_metricsStamp) return;
        m_metricsStamp = stamp;
        redraw();
    });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] {
        const QString keep = m_selected;
        m_model->refresh();
        selectRun(keep);
    });
    connect(newRun, &QPushButton::clicked, this, &RunsView::newRun);
    connect(predict, &QPushButton::clicked, this, &RunsView::predictInteractive);
    connect(m_cancel, &QPushButton::clicked, this, &RunsView::cancelRun);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        m_selected = current.isValid() ? QString::fromStdString(m_model->run(current.row()).folder) : QString();
        showSelected();
    });
    setRunsFolder(SettingsDialog::runsFolder());
}

RunsView::~RunsView() = default;

void RunsView::setRunsFolder(const QString& folder) {
    QDir().mkpath(folder);
    if (!m_folder.isEmpty()) m_watcher->removePath(m_folder);
    m_folder = folder;
    m_watcher->addPath(folder);
    m_model->setFolder(folder);
}

bool RunsView::isTraining() const { return m_job && m_job->isRunning(); }

bool RunsView::predictWith(const QString& runFolder, const QString& corpusPath) {
    if (isTraining()) {
        m_status->setText(tr("A job is already running; one at a time."));
        return false;
    }
    const auto run = train::readRun(runFolder.toStdString());
    if (!run || run->status != "finished") {
        m_status->setText(tr("Choose a finished run to predict with."));
        return false;
    }
    model::PredictConfig config;
    try {
        const auto json = nlohmann::json::parse(readFile((runFolder + QStringLiteral("/run.json")).toStdString()));
        config.modelDir = json.value("model", "");
        config.style = json.value("style", "CustomRef");
    } catch (const std::exception& e) {
        m_status->setText(QString::fromUtf8(e.what()));
        return false;
    }
    config.adapterDir = (runFolder + QStringLiteral("/adapter")).toStdString();
    config.dataFile = corpusPath.toStdString();
    config.device = SettingsDialog::device().toStdString();
    const QString out = runFolder + QStringLiteral("/predictions/") + QFileInfo(corpusPath).completeBaseName() + QStringLiteral(".json");
    QDir().mkpath(QFileInfo(out).path());
    config.outFile = out.toStdString();
    m_job = std::make_unique<BackgroundJob>([config](const ProgressFn& progress) {
        const auto r = model::runPredict(config, progress);
        if (r.cancelled) return tr("Prediction cancelled.");
        return tr("Predicted %1 items (%2 items/s).").arg(r.scores.size()).arg(double(r.scores.size()) / std::max(r.seconds, 1e-9), 0, 'f', 1);
    });
    connect(m_job.get(), &BackgroundJob::progressed, this, [this](int step, int total) {
        m_progress->setMaximum(total);
        m_progress->setValue(step);
    });
    connect(m_job.get(), &BackgroundJob::finished, this, [this, corpusPath, out](bool ok, const QString& message) {
        m_progress->setVisible(false);
        m_cancel->setEnabled(false);
        m_status->setText(ok ? message : tr("Prediction failed: %1").arg(message));
        m_status->setStyleSheet(ok ? QString() : QStringLiteral("color:#c92a2a;"));
        if (ok && QFileInfo::exists(out)) emit predictionsReady(corpusPath, predictionsFor(corpusPath));
        emit predictionFinished(ok, message);
    });
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancel->setEnabled(true);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Predicting %1 with %2…").arg(QFileInfo(corpusPath).fileName(), QFileInfo(runFolder).fileName()));
    m_job->start();
    return true;
}

QStringList RunsView::predictionsFor(const QString& corpusPath) const {
    QStringList files;
    const QString stem = QFileInfo(corpusPath).completeBaseName();
    for (const auto& run : train::listRuns(m_folder.toStdString())) {
        const QString file = QString::fromStdString(run.folder) + QStringLiteral("/predictions/") + stem + QStringLiteral(".json");
        if (QFileInfo::exists(file)) files << file;
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
    bool ok = false;
    const QString chosen = QInputDialog::getItem(this, tr("Predict with %1").arg(QFileInfo(m_selected).fileName()),
                                                 tr("Corpus"), names, 0, false, &ok);
    if (ok) predictWith(m_selected, paths[names.indexOf(chosen)]);
}

bool RunsView::startRun(const train::TrainConfig& config) {
    if (isTraining()) {
        m_status->setText(tr("A run is already training; one at a time."));
        return false;
    }
    try {
        train::validateConfig(config);
    } catch (const Error& e) {
        m_status->setText(QString::fromUtf8(e.what()));
        return false;
    }
    m_job = std::make_unique<BackgroundJob>([config](const ProgressFn& progress) {
        const auto r = train::runTraining(config, progress);
        if (r.cancelled) return tr("Cancelled after %1 steps.").arg(r.optimizerSteps);
        return tr("Finished: %1 steps, train loss %2 → %3%4")
            .arg(r.optimizerSteps)
            .arg(r.firstLoss, 0, 'f', 3)
            .arg(r.lastLoss, 0, 'f', 3)
            .arg(r.devAccuracy >= 0 ? tr(", dev accuracy %1%").arg(100 * r.devAccuracy, 0, 'f', 1) : QString());
    });
    const QString folder = QString::fromStdString(config.runDir);
    connect(m_job.get(), &BackgroundJob::progressed, this, [this](int step, int total) {
        m_progress->setMaximum(total);
        m_progress->setValue(step);
    });
    connect(m_job.get(), &BackgroundJob::finished, this, [this](bool ok, const QString& message) {
        m_redraw->stop();
        m_progress->setVisible(false);
        m_cancel->setEnabled(false);
        m_status->setText(ok ? message : tr("The run failed: %1").arg(message));
        m_status->setStyleSheet(ok ? QString() : QStringLiteral("color:#c92a2a;"));
        const QString keep = m_selected;
        m_model->refresh();
        selectRun(keep);
        emit trainingFinished(ok, message);
    });
    m_progress->setValue(0);
    m_progress->setVisible(true);
    m_cancel->setEnabled(true);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Training %1…").arg(QFileInfo(folder).fileName()));
    m_job->start();
    m_selected = folder;
    m_redraw->start();
    return true;
}

void RunsView::cancelRun() {
    if (m_job) m_job->cancel();
}

void RunsView::newRun() {
    NewRunDialog dialog(m_workspace, m_folder, this);
    if (dialog.exec() == QDialog::Accepted) startRun(dialog.config());
}

void RunsView::selectRun(const QString& folder) {
    const int row = m_model->rowOfFolder(folder);
    if (row >= 0) m_table->selectRow(row);
    m_selected = folder;
    showSelected();
}

void RunsView::showSelected() {
    if (m_selected.isEmpty()) {
        m_config->clear();
    } else {
        try {
            m_config->setPlainText(QString::fromStdString(readFile((m_selected + QStringLiteral("/run.json")).toStdString())));
        } catch (const Error&) {
            m_config->setPlainText(tr("(no run.json yet)"));
        }
    }
    redraw();
}

void RunsView::redraw() {
    m_plot->clearGraphs();
    if (m_selected.isEmpty()) {
        m_plot->replot();
        return;
    }
    QVector<double> steps, loss, smooth, devSteps, devLoss, devAcc;
    double ema = 0;
    for (const auto& p : train::readMetrics(m_selected.toStdString())) {
        if (p.dev) {
            devSteps << p.step;
            devLoss << p.loss;
            devAcc << p.accuracy;
        } else {
            ema = steps.isEmpty() ? p.loss : 0.9 * ema + 0.1 * p.loss;
            steps << p.step;
            loss << p.loss;
            smooth << ema;
        }
    }
    auto add = [&](const QVector<double>& x, const QVector<double>& y, const QColor& color, const QString& name, bool right,
                   bool points) {
        auto* g = m_plot->addGraph(m_plot->xAxis, right ? m_plot->yAxis2 : m_plot->yAxis);
        g->setData(x, y);
        g->setPen(QPen(color, points ? 2 : 1));
        g->setName(name);
        if (points) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    };
    add(steps, loss, QColor(0xa5, 0xd8, 0xff), tr("train loss"), false, false);
    add(steps, smooth, QColor(0x18, 0x64, 0xab), tr("train loss (smoothed)"), false, false);
    add(devSteps, devLoss, QColor(0xe0, 0x31, 0x31), tr("dev loss"), false, true);
    add(devSteps, devAcc, QColor(0x2b, 0x8a, 0x3e), tr("dev accuracy"), true, true);
    m_plot->rescaleAxes();
    m_plot->yAxis2->setRange(0, 1);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace cci::ui
