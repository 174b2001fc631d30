// VoteMatrixModel: the vote matrix as a table — one row per selected item (order and filter from core), columns
// id, category, gold, ensemble, margin, then one per model — each answer cell coloured by the chosen option.
#pragma once

#include "ensemble/item_filter.h"

#include <QAbstractTableModel>

namespace cci::ui {

class EnsembleSession;

class VoteMatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Category, Gold, Ensemble, Margin, FirstModel };
    enum Role { ItemRole = Qt::UserRole + 1, WrongRole };  // item index (int); answer differs from gold (bool)

    explicit VoteMatrixModel(EnsembleSession* session, QObject* parent = nullptr);

    void setFilter(const ensemble::ItemFilter& filter);
    const ensemble::ItemFilter& filter() const { return m_filter; }
    int itemAt(int row) const { return int(m_rows[std::size_t(row)]); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QColor optionColor(int option);  // A, B, C

private:
    void rebuild();

    EnsembleSession* m_session;
    ensemble::ItemFilter m_filter;
    std::vector<std::uint32_t> m_rows;
};

}  // namespace cci::ui
