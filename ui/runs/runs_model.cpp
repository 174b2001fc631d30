// RunsModel (see runs_model.h).
#include "runs/runs_model.h"

#include "run/run_folder.h"

#include <QColor>
#include <QFileInfo>

#include <limits>

namespace cci::ui {

RunsModel::RunsModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunsModel::setFolder(const QString& folder) {
    m_folder = folder;
    refresh();
}

void RunsModel::refresh() {
    beginResetModel();
    m_runs = run::listRuns(m_folder.toStdString());
    endResetModel();
}

QStringList RunsModel::pathsToWatch() const {
    QStringList paths{m_folder};
    for (const auto& r : m_runs) {
        const QString folder = QString::fromStdString(r.folder);
        paths << folder;
        // The groups between the runs folder and the run ("sweep/lr…" is watched in "sweep").
        for (QString group = QFileInfo(folder).path(); group.startsWith(m_folder + '/');
             group = QFileInfo(group).path())
            paths << group;
        if (r.status == run::status::running) paths << folder + QStringLiteral("/metrics.jsonl");
    }
    paths.removeDuplicates();
    return paths;
}

int RunsModel::rowOfFolder(const QString& folder) const {
    for (std::size_t i = 0; i < m_runs.size(); ++i)
        if (QString::fromStdString(m_runs[i].folder) == folder) return int(i);
    return -1;
}

int RunsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_runs.size()); }
int RunsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(m_runs.size())) return {};
    const auto& r = m_runs[std::size_t(index.row())];
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (r.status == "failed" || r.status == "interrupted") return QColor(0xc9, 0x2a, 0x2a);
        if (r.status == "running") return QColor(0x18, 0x64, 0xab);
        if (r.status == "queued") return QColor(0x86, 0x8e, 0x96);
        if (r.status == "finished") return QColor(0x2b, 0x8a, 0x3e);
        return {};
    }
    if (!r.warning.empty() && index.column() == DevAccuracy) {
        if (role == Qt::ForegroundRole) return QColor(0xc9, 0x2a, 0x2a);
        if (role == Qt::ToolTipRole) return tr("Warning: %1").arg(QString::fromStdString(r.warning));
    }
    if (role == Qt::ToolTipRole) return QString::fromStdString(r.folder);
    if (role == SortRole) {
        const double missing = -std::numeric_limits<double>::infinity();
        switch (index.column()) {
            case LearningRate: return r.learningRate;
            case Rank: return r.loraR;
            case Steps: return double(r.steps);
            case DevLoss: return r.bestDevLoss ? -*r.bestDevLoss : missing;  // lower first when sorted descending
            case DevAccuracy: return r.bestDevAccuracy.value_or(missing);
            case Duration: return r.seconds;
            default: return data(index, Qt::DisplayRole);
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Name: return QString::fromStdString(r.name);
        case Model: return QString::fromStdString(r.model);
        case Method: return QString::fromStdString(r.method);
        case Style: return QString::fromStdString(r.style);
        case Data:
            return r.refined ? tr("%1 (refined)").arg(QString::fromStdString(r.data)) : QString::fromStdString(r.data);
        case LearningRate: return QString::number(r.learningRate, 'g', 3);
        case Rank: return r.loraR > 0 ? QString::number(r.loraR) : QString();
        case Status: {
            static const QHash<QString, QString> names = {
                {QStringLiteral("queued"), tr("queued")},       {QStringLiteral("running"), tr("running")},
                {QStringLiteral("finished"), tr("finished")},   {QStringLiteral("failed"), tr("failed")},
                {QStringLiteral("cancelled"), tr("cancelled")}, {QStringLiteral("interrupted"), tr("interrupted")}};
            const QString status = QString::fromStdString(r.status);
            const QString shown = names.value(status, status);
            return r.resumable ? tr("%1 · resumable").arg(shown) : shown;
        }
        case Steps:
            return r.totalSteps ? QStringLiteral("%1 / %2").arg(r.steps).arg(r.totalSteps) : QString::number(r.steps);
        case DevLoss: return r.bestDevLoss ? QString::number(*r.bestDevLoss, 'f', 4) : QString();
        case DevAccuracy:
            return r.bestDevAccuracy ? tr("%1% @%2").arg(100 * *r.bestDevAccuracy, 0, 'f', 1).arg(r.bestStep) +
                                           (r.warning.empty() ? QString() : QStringLiteral(" ⚠"))
                                     : QString();
        case Duration: return QStringLiteral("%1 s").arg(r.seconds, 0, 'f', 0);
        case Started: return QString::fromStdString(r.started);
        default: return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Name: return tr("Run");
        case Model: return tr("Model");
        case Method: return tr("Method");
        case Style: return tr("Style");
        case Data: return tr("Training data");
        case LearningRate: return tr("LR");
        case Rank: return tr("r");
        case Status: return tr("Status");
        case Steps: return tr("Steps");
        case DevLoss: return tr("Best dev loss");
        case DevAccuracy: return tr("Best dev acc.");
        case Duration: return tr("Duration");
        case Started: return tr("Started");
        default: return {};
    }
}

}  // namespace cci::ui
