// BrowserView: the corpus browser — filter bar (text, category, split, has gold), the item table and the
// conversation pane. Keyboard: ↑/↓ or j/k move, Ctrl+F searches, Enter in the search box returns to the table.
#pragma once

#include "browser/welcome_panel.h"

#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;

class QStackedWidget;

namespace cci::ui {

class ConversationView;
class CorpusFilterModel;
class CorpusTableModel;
class CorpusWorkspace;

class BrowserView : public QWidget {
    Q_OBJECT
public:
    explicit BrowserView(CorpusWorkspace* workspace, QWidget* parent = nullptr);

    CorpusFilterModel* filterModel() const { return m_filter; }
    CorpusTableModel* tableModel() const { return m_table; }
    QTableView* tableView() const { return m_view; }
    ConversationView* conversationView() const { return m_conversation; }
    QLineEdit* searchBox() const { return m_search; }

    // Selects the item with this ItemIndex row if it passes the filter; returns whether it did.
    bool selectSourceRow(int sourceRow);
    // Shows only these rows (ItemIndex rows, sorted) with a removable note saying why ("Statistics: 동기"); an empty
    // label clears the restriction.
    void showOnly(const std::vector<std::uint32_t>& rows, const QString& label);
    // Blind annotation: no gold column, no gold marks in the conversation pane.
    void setGoldHidden(bool hidden);

    WelcomePanel* welcomePanel() const { return m_welcome; }

signals:
    // The item shown in the conversation pane changed (ItemIndex row, -1 for none).
    void currentItemChanged(int sourceRow);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void applyFilter();
    void showCurrent();
    void updateCount();

    CorpusWorkspace* m_workspace;
    CorpusTableModel* m_table;
    CorpusFilterModel* m_filter;
    QLineEdit* m_search;
    QComboBox* m_category;
    QComboBox* m_split;
    QCheckBox* m_goldOnly;
    QLabel* m_count;
    QWidget* m_onlyBar;
    QLabel* m_onlyLabel;
    std::optional<std::vector<std::uint32_t>> m_onlyRows;
    QTableView* m_view;
    ConversationView* m_conversation;
    int m_currentSourceRow = -1;  // selected item (ItemIndex row), kept across filter changes
    int m_shownSourceRow = -1;    // item the conversation pane shows now
    WelcomePanel* m_welcome;
    QStackedWidget* m_pages;
};

}  // namespace cci::ui
