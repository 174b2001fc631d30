// FilesPanel: one row per open corpus; the split combo writes through to the workspace.
#include "workspace/files_panel.h"

#include "workspace/corpus_workspace.h"

#include <QAction>
#include <QComboBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace cci::ui {

FilesPanel::FilesPanel(CorpusWorkspace* workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("File"), tr("Items"), tr("Split")});
    m_tree->setRootIsDecorated(false);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* close = new QAction(tr("Close file"), m_tree);
    close->setShortcut(QKeySequence::Delete);
    close->setShortcutContext(Qt::WidgetShortcut);
    connect(close, &QAction::triggered, this, [this] {
        const int row = m_tree->indexOfTopLevelItem(m_tree->currentItem());
        if (row >= 0) m_workspace->closeCorpus(std::size_t(row));
    });
    m_tree->addAction(close);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    connect(workspace, &CorpusWorkspace::changed, this, &FilesPanel::rebuild);
    rebuild();
}

void FilesPanel::rebuild() {
    m_tree->clear();
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count(); ++i) {
        const Corpus& c = set.corpus(i);
        const QString path = QString::fromStdString(c.sourcePath);
        auto* item = new QTreeWidgetItem(m_tree, {QFileInfo(path).fileName(), QString::number(c.samples.size())});
        item->setToolTip(0, path);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        auto* combo = new QComboBox(m_tree);
        for (Split s : {Split::Train, Split::Dev, Split::Test, Split::Other}) {
            const std::string_view name = splitName(s);
            combo->addItem(QString::fromUtf8(name.data(), qsizetype(name.size())), int(s));
        }
        combo->setCurrentIndex(combo->findData(int(c.split)));
        combo->setToolTip(tr("Split of this file (guessed from its name)"));
        connect(combo, &QComboBox::currentIndexChanged, this,
                [this, i, combo] { m_workspace->setSplit(i, static_cast<Split>(combo->currentData().toInt())); });
        m_tree->setItemWidget(item, 2, combo);
    }
}

}  // namespace cci::ui
