// RunsModel: the runs of the runs folder as a table (name, model, method, style, training data, learning rate,
// status, steps, best dev loss and accuracy, duration, started), read through core's run catalogue.
#pragma once

#include "run/run_catalog.h"

#include <QAbstractTableModel>

namespace cci::ui {

class RunsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Name,
        Model,
        Method,
        Style,
        Data,
        LearningRate,
        Rank,
        Status,
        Steps,
        DevLoss,
        DevAccuracy,
        Duration,
        Started,
        ColumnCount
    };

    // The value a column sorts by (numbers for numeric columns; runs without a value sort last).
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit RunsModel(QObject* parent = nullptr);
    void setFolder(const QString& folder);
    void refresh();
    const run::RunSummary& run(int row) const { return m_runs[std::size_t(row)]; }
    int rowOfFolder(const QString& folder) const;
    // What to watch for the list to follow runs that other processes make or train (cci train, cci sweep in a
    // terminal): the runs folder, the folders that group runs (sweeps, k-fold runs), every run folder (run.json is
    // replaced by a rename) and the metrics.jsonl of running runs (appended every step).
    QStringList pathsToWatch() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString m_folder;
    std::vector<run::RunSummary> m_runs;
};

}  // namespace cci::ui
