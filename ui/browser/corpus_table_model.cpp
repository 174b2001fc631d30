// CorpusTableModel: display strings and roles for item rows.
#include "browser/corpus_table_model.h"

#include "workspace/corpus_workspace.h"

namespace cci::ui {

CorpusTableModel::CorpusTableModel(CorpusWorkspace* workspace, QObject* parent)
    : QAbstractTableModel(parent), m_workspace(workspace) {
    connect(workspace, &CorpusWorkspace::aboutToChange, this, [this] { beginResetModel(); });
    connect(workspace, &CorpusWorkspace::changed, this, [this] { endResetModel(); });
    connect(workspace, &CorpusWorkspace::splitChanged, this, [this] {
        if (rowCount() > 0) emit dataChanged(index(0, Split), index(rowCount() - 1, Split));
    });
}

const ItemIndex& CorpusTableModel::itemIndex() const { return m_workspace->corpora().index(); }

int CorpusTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(itemIndex().size());
}

int CorpusTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

ItemColumn CorpusTableModel::coreColumn(int column) {
    switch (column) {
        case Id: return ItemColumn::Id;
        case Split: return ItemColumn::Split;
        case Category: return ItemColumn::Category;
        case Turns: return ItemColumn::Turns;
        case Characters: return ItemColumn::Characters;
        case Gold: return ItemColumn::Gold;
        default: return ItemColumn::Count;
    }
}

QVariant CorpusTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const ItemIndex& items = itemIndex();
    const std::size_t row = std::size_t(index.row());
    if (role == IndexRowRole) return index.row();
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = index.column() == Turns || index.column() == Characters || index.column() == Gold;
        return QVariant::fromValue(Qt::AlignVCenter | (numeric ? Qt::AlignRight : Qt::AlignLeft));
    }
    if (role == Qt::ToolTipRole && index.column() == Gold) {
        const int gold = items.gold(row);
        return gold < 0 ? tr("No gold answer (unlabeled)") : QStringLiteral("inference_%1").arg(gold + 1);
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
        case Id: return QString::fromStdString(items.sample(row).id);
        case Split: {
            const std::string_view s = splitName(items.split(row));
            return QString::fromUtf8(s.data(), qsizetype(s.size()));
        }
        case Category: return QString::fromStdString(items.sample(row).category);
        case Turns: return items.turns(row);
        case Characters: return items.characters(row);
        case Gold: {
            const int gold = items.gold(row);
            return gold < 0 ? QStringLiteral("—") : QString::number(gold + 1);
        }
    }
    return {};
}

QVariant CorpusTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    switch (section) {
        case Id: return tr("ID");
        case Split: return tr("Split");
        case Category: return tr("Category");
        case Turns: return tr("Turns");
        case Characters: return tr("Characters");
        case Gold: return tr("Gold");
    }
    return {};
}

}  // namespace cci::ui
