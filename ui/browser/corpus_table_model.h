// CorpusTableModel: every item of the open corpora as a table row (id, split, category, turns, characters,
// gold), read from the core ItemIndex. Filtering and sorting happen in CorpusFilterModel.
#pragma once

#include "corpus/item_index.h"

#include <QAbstractTableModel>

namespace cci::ui {

class CorpusWorkspace;

class CorpusTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Split, Category, Turns, Characters, Gold, ColumnCount };
    enum Role { IndexRowRole = Qt::UserRole + 1 };  // row in the core ItemIndex (int)

    explicit CorpusTableModel(CorpusWorkspace* workspace, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    const ItemIndex& itemIndex() const;
    static ItemColumn coreColumn(int column);

private:
    CorpusWorkspace* m_workspace;
};

}  // namespace cci::ui
