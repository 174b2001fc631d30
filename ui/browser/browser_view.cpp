// BrowserView: wiring of filter widgets, table and conversation pane. Queries are built here and answered by core.
#include "browser/browser_view.h"

#include "browser/conversation_view.h"
#include "browser/corpus_filter_model.h"
#include "browser/corpus_table_model.h"
#include "workspace/corpus_workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>

namespace cci::ui {

BrowserView::BrowserView(CorpusWorkspace* workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {
    m_table = new CorpusTableModel(workspace, this);
    m_filter = new CorpusFilterModel(m_table, this);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search utterances, inferences and ids (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("categoryFilter"));
    m_category->addItem(tr("All categories"), -1);
    for (std::size_t i = 0; i < kCategories.size(); ++i)
        m_category->addItem(QString::fromUtf8(kCategories[i].data(), qsizetype(kCategories[i].size())), int(i));
    m_split = new QComboBox(this);
    m_split->setObjectName(QStringLiteral("splitFilter"));
    m_split->addItem(tr("All splits"), -1);
    for (Split s : {Split::Train, Split::Dev, Split::Test, Split::Other}) {
        const std::string_view name = splitName(s);
        m_split->addItem(QString::fromUtf8(name.data(), qsizetype(name.size())), int(s));
    }
    m_goldOnly = new QCheckBox(tr("Has gold"), this);
    m_goldOnly->setObjectName(QStringLiteral("goldOnly"));
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("count"));

    auto* filterBar = new QHBoxLayout;
    filterBar->addWidget(m_search, 1);
    filterBar->addWidget(m_category);
    filterBar->addWidget(m_split);
    filterBar->addWidget(m_goldOnly);
    filterBar->addWidget(m_count);

    m_view = new QTableView(this);
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    // No sort indicator = file order (sort(-1)) until a header is clicked.
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    m_view->horizontalHeader()->setSectionResizeMode(CorpusTableModel::Id, QHeaderView::Stretch);
    m_view->setTextElideMode(Qt::ElideLeft);  // ids differ at their end (…-train-000123)
    m_view->setWordWrap(false);
    // Fixed row heights keep 100,000 rows cheap: the view never measures rows.
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    m_view->verticalHeader()->hide();
    m_view->setAlternatingRowColors(true);
    m_view->installEventFilter(this);

    m_conversation = new ConversationView(this);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_view);
    splitter->addWidget(m_conversation);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({560, 640});
    m_view->setColumnWidth(CorpusTableModel::Split, 60);
    m_view->setColumnWidth(CorpusTableModel::Category, 80);
    m_view->setColumnWidth(CorpusTableModel::Turns, 60);
    m_view->setColumnWidth(CorpusTableModel::Characters, 90);
    m_view->setColumnWidth(CorpusTableModel::Gold, 50);

    m_onlyBar = new QWidget(this);
    m_onlyBar->setObjectName(QStringLiteral("onlyBar"));
    m_onlyBar->setStyleSheet(QStringLiteral("QWidget#onlyBar { background:#fff3bf; border-radius:4px; }"));
    m_onlyLabel = new QLabel(m_onlyBar);
    m_onlyLabel->setObjectName(QStringLiteral("onlyLabel"));
    auto* clearOnly = new QPushButton(tr("Show all"), m_onlyBar);
    auto* onlyLayout = new QHBoxLayout(m_onlyBar);
    onlyLayout->setContentsMargins(6, 2, 6, 2);
    onlyLayout->addWidget(m_onlyLabel, 1);
    onlyLayout->addWidget(clearOnly);
    m_onlyBar->hide();
    connect(clearOnly, &QPushButton::clicked, this, [this] { showOnly({}, QString()); });

    // The browser's own page, and the welcome page while no corpus is open.
    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(filterBar);
    layout->addWidget(m_onlyBar);
    layout->addWidget(splitter, 1);
    m_welcome = new WelcomePanel(this);
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(content);
    m_pages->addWidget(m_welcome);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_pages);
    const auto showPage = [this, content] {
        m_pages->setCurrentWidget(m_workspace->corpora().count() == 0 ? static_cast<QWidget*>(m_welcome) : content);
    };
    connect(m_workspace, &CorpusWorkspace::changed, this, showPage);
    showPage();

    connect(m_search, &QLineEdit::textChanged, this, &BrowserView::applyFilter);
    connect(m_search, &QLineEdit::textChanged, m_conversation, &ConversationView::setHighlight);
    connect(m_search, &QLineEdit::returnPressed, m_view, qOverload<>(&QWidget::setFocus));
    connect(m_category, &QComboBox::currentIndexChanged, this, &BrowserView::applyFilter);
    connect(m_split, &QComboBox::currentIndexChanged, this, &BrowserView::applyFilter);
    connect(m_goldOnly, &QCheckBox::toggled, this, &BrowserView::applyFilter);
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });

    // Keep the shown item selected across filter and sort changes; after corpora change, start at the top.
    connect(m_workspace, &CorpusWorkspace::aboutToChange, this, [this] {
        m_currentSourceRow = -1;
        m_shownSourceRow = -1;
    });
    connect(m_workspace, &CorpusWorkspace::splitChanged, this, [this] { m_shownSourceRow = -1; });
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        updateCount();
        if (!selectSourceRow(m_currentSourceRow) && m_filter->rowCount() > 0)
            selectSourceRow(m_filter->sourceRow(0));
        else if (m_filter->rowCount() == 0)
            showCurrent();
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& cur) {
        m_currentSourceRow = cur.isValid() ? m_filter->sourceRow(cur.row()) : -1;
        showCurrent();
    });
    updateCount();
}

bool BrowserView::selectSourceRow(int sourceRow) {
    const int row = m_filter->proxyRow(sourceRow);
    if (row < 0) return false;
    const QModelIndex idx = m_filter->index(row, 0);
    m_view->selectionModel()->setCurrentIndex(idx, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_view->scrollTo(idx);
    m_currentSourceRow = sourceRow;
    showCurrent();
    return true;
}

void BrowserView::setGoldHidden(bool hidden) {
    m_view->setColumnHidden(CorpusTableModel::Gold, hidden);
    m_goldOnly->setEnabled(!hidden);
    m_conversation->setGoldHidden(hidden);
    m_shownSourceRow = -1;  // redraw the pane
    showCurrent();
}

void BrowserView::applyFilter() {
    ItemQuery q;
    q.text = m_search->text().toStdString();
    q.category = m_category->currentData().toInt();
    const int split = m_split->currentData().toInt();
    if (split >= 0) q.split = static_cast<Split>(split);
    q.goldOnly = m_goldOnly->isChecked();
    q.rows = m_onlyRows;
    m_filter->setFilter(q);
}

void BrowserView::showOnly(const std::vector<std::uint32_t>& rows, const QString& label) {
    if (label.isEmpty()) {
        m_onlyRows.reset();
        m_onlyBar->hide();
    } else {
        m_onlyRows = rows;
        m_onlyLabel->setText(tr("Only the items of %1 (%n item(s))", nullptr, int(rows.size())).arg(label));
        m_onlyBar->show();
        // The banner promises exactly these items: the search and the menus must not hide some of them.
        const QSignalBlocker search(m_search), category(m_category), split(m_split), gold(m_goldOnly);
        m_search->clear();
        m_category->setCurrentIndex(0);
        m_split->setCurrentIndex(0);
        m_goldOnly->setChecked(false);
    }
    applyFilter();
}

void BrowserView::showCurrent() {
    const ItemIndex& index = m_table->itemIndex();
    const bool visible = m_currentSourceRow >= 0 && m_filter->proxyRow(m_currentSourceRow) >= 0;
    const int wanted = visible ? m_currentSourceRow : -1;
    if (wanted == m_shownSourceRow) return;  // filter changes that keep the item need no rebuild of the pane
    m_shownSourceRow = wanted;
    emit currentItemChanged(wanted);
    if (!visible) {
        m_conversation->showSample(nullptr, Split::Other);
        return;
    }
    const auto row = std::size_t(m_currentSourceRow);
    m_conversation->showSample(&index.sample(row), index.split(row));
}

void BrowserView::updateCount() {
    m_count->setText(tr("%1 of %2 items").arg(m_filter->rowCount()).arg(m_table->rowCount()));
}

bool BrowserView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const int step = key->key() == Qt::Key_J ? 1 : key->key() == Qt::Key_K ? -1 : 0;
        if (step != 0 && key->modifiers() == Qt::NoModifier) {
            const int row = std::clamp(m_view->currentIndex().row() + step, 0, m_filter->rowCount() - 1);
            if (row >= 0) selectSourceRow(m_filter->sourceRow(row));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace cci::ui
