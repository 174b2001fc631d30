// CorpusFilterModel: proxy mapping from a core-computed row list.
#include "browser/corpus_filter_model.h"

#include "browser/corpus_table_model.h"

namespace cci::ui {

CorpusFilterModel::CorpusFilterModel(CorpusTableModel* source, QObject* parent)
    : QAbstractProxyModel(parent), m_source(source) {
    QAbstractProxyModel::setSourceModel(source);
    connect(source, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
    connect(source, &QAbstractItemModel::modelReset, this, [this] {
        rebuildRows();
        endResetModel();
    });
    connect(source, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& tl, const QModelIndex& br) {
        // A split changed: the split filter or sort may now select other rows.
        if (tl.column() <= CorpusTableModel::Split && br.column() >= CorpusTableModel::Split) recompute();
    });
    rebuildRows();
}

void CorpusFilterModel::rebuildRows() {
    m_rows = m_source->itemIndex().select(m_query);
    m_inverse.assign(m_source->itemIndex().size(), -1);
    for (std::size_t i = 0; i < m_rows.size(); ++i) m_inverse[m_rows[i]] = int(i);
}

void CorpusFilterModel::recompute() {
    beginResetModel();
    rebuildRows();
    endResetModel();
}

void CorpusFilterModel::setFilter(const ItemQuery& query) {
    const ItemColumn sortBy = m_query.sortBy;
    const bool descending = m_query.descending;
    m_query = query;
    m_query.sortBy = sortBy;
    m_query.descending = descending;
    recompute();
}

void CorpusFilterModel::sort(int column, Qt::SortOrder order) {
    m_query.sortBy = CorpusTableModel::coreColumn(column);
    m_query.descending = order == Qt::DescendingOrder;
    recompute();
}

int CorpusFilterModel::proxyRow(int sourceRow) const {
    return sourceRow >= 0 && std::size_t(sourceRow) < m_inverse.size() ? m_inverse[std::size_t(sourceRow)] : -1;
}

QModelIndex CorpusFilterModel::index(int row, int column, const QModelIndex& parent) const {
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount()) return {};
    return createIndex(row, column);
}

QModelIndex CorpusFilterModel::parent(const QModelIndex&) const { return {}; }

int CorpusFilterModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int CorpusFilterModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : CorpusTableModel::ColumnCount;
}

QModelIndex CorpusFilterModel::mapToSource(const QModelIndex& proxyIndex) const {
    if (!proxyIndex.isValid() || proxyIndex.row() >= rowCount()) return {};
    return m_source->index(sourceRow(proxyIndex.row()), proxyIndex.column());
}

QModelIndex CorpusFilterModel::mapFromSource(const QModelIndex& sourceIndex) const {
    if (!sourceIndex.isValid()) return {};
    const int row = proxyRow(sourceIndex.row());
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

QVariant CorpusFilterModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical) return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    return m_source->headerData(section, orientation, role);
}

}  // namespace cci::ui
