// CorpusFilterModel: a proxy over CorpusTableModel whose rows are exactly core ItemIndex::select(query), so
// filtering and sorting 100,000 items run in core on flat arrays instead of per-row QVariant comparisons.
#pragma once

#include "corpus/item_index.h"

#include <QAbstractProxyModel>

#include <vector>

namespace cci::ui {

class CorpusTableModel;

class CorpusFilterModel : public QAbstractProxyModel {
    Q_OBJECT
public:
    explicit CorpusFilterModel(CorpusTableModel* source, QObject* parent = nullptr);

    // Replaces the filter part of the query (text, category, split, gold); keeps the sort order.
    void setFilter(const ItemQuery& query);
    const ItemQuery& query() const { return m_query; }
    // Source row (ItemIndex row) of a proxy row, and back (-1 when filtered out).
    int sourceRow(int proxyRow) const { return int(m_rows[std::size_t(proxyRow)]); }
    int proxyRow(int sourceRow) const;

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex& proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex& sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void rebuildRows();  // recomputes m_rows/m_inverse (inside a reset)
    void recompute();    // rebuildRows wrapped in a model reset

    CorpusTableModel* m_source;
    ItemQuery m_query;
    std::vector<std::uint32_t> m_rows;  // proxy row -> source row
    std::vector<int> m_inverse;         // source row -> proxy row or -1
};

}  // namespace cci::ui
