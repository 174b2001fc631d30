// RefineView: the refinement diff for the item selected in the browser — original and refined conversation side
// by side, every removed or replaced span highlighted in its rule's colour, dropped and merged utterances marked —
// with the rule checklist (re-runs live), corpus-wide per-rule counts, "next item changed by rule" and export.
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QTableWidget;
class QVBoxLayout;

namespace cci {
struct Sample;
}

namespace cci::ui {

class CorpusFilterModel;
class CorpusWorkspace;
class RefineSession;

class RefineView : public QWidget {
    Q_OBJECT
public:
    RefineView(CorpusWorkspace* workspace, CorpusFilterModel* browserRows, QWidget* parent = nullptr);

    RefineSession* session() const { return m_session; }
    // Shows the item with this ItemIndex row (-1 clears).
    void showItem(int sourceRow);
    int shownItem() const { return m_sourceRow; }
    // Selects the next item (in the browser's order, wrapping) that the selected rule changes; false if none.
    bool nextChangedBySelectedRule();
    int selectedRule() const;
    void selectRule(int rule);

signals:
    void selectItemRequested(int sourceRow);

private:
    void buildRuleTable();
    void updateCounts();
    void refreshItem();
    void exportRefined();
    QWidget* legend();

    CorpusWorkspace* m_workspace;
    CorpusFilterModel* m_rows;
    RefineSession* m_session;
    QTableWidget* m_rules;
    QCheckBox* m_merge;
    QLabel* m_summary;
    QLabel* m_notice;       // why F3 found nothing
    QLabel* m_itemWarning;  // a reference utterance the refinement drops
    QLabel* m_recipe;
    QLabel* m_itemTitle;
    QWidget* m_original;
    QWidget* m_refined;
    QVBoxLayout* m_originalLayout;
    QVBoxLayout* m_refinedLayout;
    int m_sourceRow = -1;
    bool m_updatingTable = false;
};

}  // namespace cci::ui
