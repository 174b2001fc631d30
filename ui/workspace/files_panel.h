// FilesPanel: the open corpus files with their item counts and an editable split (guessed from the file name).
#pragma once

#include <QWidget>

class QTreeWidget;

namespace cci::ui {

class CorpusWorkspace;

class FilesPanel : public QWidget {
    Q_OBJECT
public:
    explicit FilesPanel(CorpusWorkspace* workspace, QWidget* parent = nullptr);
    QTreeWidget* tree() const { return m_tree; }

private:
    void rebuild();

    CorpusWorkspace* m_workspace;
    QTreeWidget* m_tree;
};

}  // namespace cci::ui
