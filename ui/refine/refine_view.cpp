// RefineView: assembles rule table, legend and the two conversation columns; all diff facts come from core.
#include "refine/refine_view.h"
#include "error_message.h"

#include "browser/corpus_filter_model.h"
#include "refine/refine_diff.h"
#include "refine/refine_session.h"
#include "refine/rule_colors.h"
#include "workspace/corpus_workspace.h"

#include "util/problem.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPixmap>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QTableWidget>

namespace cci::ui {
namespace {

QString qs(std::string_view s) { return QString::fromUtf8(s.data(), qsizetype(s.size())); }

enum RuleColumn { RuleName, Changed, Removed, Emptied, Items, RuleColumnCount };

QIcon swatch(int rule) {
    QPixmap pm(14, 14);
    pm.fill(ruleColor(rule));
    return QIcon(pm);
}

QString ruleLabel(int rule) {
    for (const refine::RuleInfo& r : refine::allRules())
        if (r.number == rule) return QStringLiteral("%1. %2").arg(rule).arg(qs(r.name));
    return QString::number(rule);
}

void clearLayout(QVBoxLayout* layout) {
    while (layout->count() > 1) {  // keep the trailing stretch
        QLayoutItem* item = layout->takeAt(0);
        delete item->widget();
        delete item;
    }
}

QLabel* utteranceLabel(QWidget* parent, const QString& html, const QString& style, const QString& tip) {
    auto* l = new QLabel(html, parent);
    l->setTextFormat(Qt::RichText);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    l->setStyleSheet(QStringLiteral("QLabel{border-radius:6px; padding:4px 8px; %1}").arg(style));
    l->setToolTip(tip);
    return l;
}

}  // namespace

RefineView::RefineView(CorpusWorkspace* workspace, CorpusFilterModel* browserRows, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_rows(browserRows) {
    m_session = new RefineSession(workspace, this);

    // Left: rules and actions.
    m_rules = new QTableWidget(this);
    m_rules->setObjectName(QStringLiteral("ruleTable"));
    buildRuleTable();
    m_merge = new QCheckBox(tr("Merge consecutive utterances of one speaker"), this);
    m_merge->setChecked(true);
    m_recipe = new QLabel(this);
    m_recipe->setObjectName(QStringLiteral("recipe"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    auto* next = new QPushButton(tr("Next item changed by selected rule (F3)"), this);
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(QStringLiteral("color:#c92a2a;"));
    auto* reset = new QPushButton(tr("Reset to published recipe"), this);
    auto* exportButton = new QPushButton(tr("Export refined corpora…"), this);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_recipe);
    leftLayout->addWidget(m_rules, 1);
    leftLayout->addWidget(m_merge);
    leftLayout->addWidget(m_summary);
    leftLayout->addWidget(next);
    leftLayout->addWidget(m_notice);
    leftLayout->addWidget(reset);
    leftLayout->addWidget(exportButton);

    // Right: the item, original vs refined.
    m_itemTitle = new QLabel(this);
    m_itemTitle->setStyleSheet(QStringLiteral("font-weight:bold;"));
    m_itemWarning = new QLabel(this);
    m_itemWarning->setObjectName(QStringLiteral("itemWarning"));
    m_itemWarning->setWordWrap(true);
    m_itemWarning->setStyleSheet(QStringLiteral("color:#c92a2a;"));
    m_itemWarning->hide();
    auto column = [this](const QString& title, QWidget*& content, QVBoxLayout*& layout) {
        auto* box = new QWidget(this);
        auto* v = new QVBoxLayout(box);
        v->setContentsMargins(0, 0, 0, 0);
        auto* heading = new QLabel(title, box);
        heading->setStyleSheet(QStringLiteral("font-weight:bold; color:#495057;"));
        auto* scroll = new QScrollArea(box);
        scroll->setWidgetResizable(true);
        content = new QWidget(scroll);
        layout = new QVBoxLayout(content);
        layout->setSpacing(3);
        layout->addStretch(1);
        scroll->setWidget(content);
        v->addWidget(heading);
        v->addWidget(scroll, 1);
        return box;
    };
    auto* sides = new QSplitter(Qt::Horizontal, this);
    sides->addWidget(
        column(tr("Original (removed or replaced text highlighted by rule)"), m_original, m_originalLayout));
    sides->addWidget(column(tr("Refined"), m_refined, m_refinedLayout));
    sides->setStretchFactor(0, 1);
    sides->setStretchFactor(1, 1);
    sides->setSizes({500, 500});
    m_original->setObjectName(QStringLiteral("originalColumn"));
    m_refined->setObjectName(QStringLiteral("refinedColumn"));

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_itemTitle);
    rightLayout->addWidget(m_itemWarning);
    rightLayout->addWidget(sides, 1);
    rightLayout->addWidget(legend());

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({470, 800});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_rules, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (m_updatingTable || item->column() != RuleName) return;
        m_session->setRuleEnabled(item->data(Qt::UserRole).toInt(), item->checkState() == Qt::Checked);
    });
    connect(m_merge, &QCheckBox::toggled, this, [this](bool on) {
        refine::RefineConfig c = m_session->config();
        c.mergeSameSpeaker = on;
        m_session->setConfig(c);
    });
    connect(reset, &QPushButton::clicked, this, [this] {
        m_session->setConfig(refine::RefineConfig{});
        m_merge->setChecked(true);
    });
    connect(next, &QPushButton::clicked, this, [this] { nextChangedBySelectedRule(); });
    connect(new QShortcut(QKeySequence(Qt::Key_F3), this), &QShortcut::activated, this,
            [this] { nextChangedBySelectedRule(); });
    connect(exportButton, &QPushButton::clicked, this, &RefineView::exportRefined);
    connect(m_session, &RefineSession::configChanged, this, [this] {
        m_updatingTable = true;
        for (int r = 0; r < m_rules->rowCount(); ++r) {
            QTableWidgetItem* item = m_rules->item(r, RuleName);
            item->setCheckState(m_session->config().enabled[std::size_t(item->data(Qt::UserRole).toInt())]
                                    ? Qt::Checked
                                    : Qt::Unchecked);
        }
        m_updatingTable = false;
        refreshItem();
    });
    connect(m_session, &RefineSession::statisticsChanged, this, &RefineView::updateCounts);
    connect(workspace, &CorpusWorkspace::aboutToChange, this, [this] { showItem(-1); });
    updateCounts();
    refreshItem();
}

void RefineView::buildRuleTable() {
    const auto& rules = refine::allRules();
    m_rules->setColumnCount(RuleColumnCount);
    m_rules->setRowCount(int(rules.size()));
    m_rules->setHorizontalHeaderLabels({tr("Rule"), tr("Utt."), tr("Chars"), tr("Empty"), tr("Items")});
    m_rules->horizontalHeaderItem(Changed)->setToolTip(tr("Utterances the rule changed"));
    m_rules->horizontalHeaderItem(Removed)->setToolTip(tr("Characters the rule removed (net)"));
    m_rules->horizontalHeaderItem(Emptied)->setToolTip(tr("Utterances the rule left empty (then dropped)"));
    m_rules->horizontalHeaderItem(Items)->setToolTip(tr("Items the rule changed"));
    m_rules->verticalHeader()->hide();
    m_rules->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_rules->setSelectionMode(QAbstractItemView::SingleSelection);
    m_rules->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rules->horizontalHeader()->setSectionResizeMode(RuleName, QHeaderView::ResizeToContents);
    for (int c = Changed; c < RuleColumnCount; ++c)
        m_rules->horizontalHeader()->setSectionResizeMode(c, QHeaderView::Stretch);
    m_updatingTable = true;
    for (int row = 0; row < int(rules.size()); ++row) {
        const refine::RuleInfo& r = rules[std::size_t(row)];
        auto* name =
            new QTableWidgetItem(swatch(r.number), ruleLabel(r.number) + (r.published ? QString() : tr(" (variant)")));
        name->setData(Qt::UserRole, r.number);
        name->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        name->setCheckState(m_session->config().enabled[std::size_t(r.number)] ? Qt::Checked : Qt::Unchecked);
        name->setToolTip(qs(r.summary));
        m_rules->setItem(row, RuleName, name);
        for (int c = Changed; c < RuleColumnCount; ++c) {
            auto* cell = new QTableWidgetItem;
            cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_rules->setItem(row, c, cell);
        }
    }
    m_updatingTable = false;
    m_rules->selectRow(refine::kJamo - 1);
}

int RefineView::selectedRule() const {
    const int row = m_rules->currentRow();
    return row < 0 ? 0 : m_rules->item(row, RuleName)->data(Qt::UserRole).toInt();
}

void RefineView::selectRule(int rule) {
    for (int r = 0; r < m_rules->rowCount(); ++r)
        if (m_rules->item(r, RuleName)->data(Qt::UserRole).toInt() == rule) m_rules->selectRow(r);
}

QWidget* RefineView::legend() {
    // One wrapping label, so the legend never forces the window wider than the screen.
    QStringList chips;
    for (const refine::RuleInfo& r : refine::allRules())
        chips << QStringLiteral("<span style='background:%1'>&nbsp;%2&nbsp;%3&nbsp;</span>")
                     .arg(ruleColor(r.number).name())
                     .arg(r.number)
                     .arg(qs(r.name));
    auto* label = new QLabel(tr("Legend: ") + chips.join(QStringLiteral(" ")), this);
    label->setObjectName(QStringLiteral("legend"));
    label->setTextFormat(Qt::RichText);
    label->setWordWrap(true);
    return label;
}

void RefineView::updateCounts() {
    const bool ready = m_session->statisticsReady();
    const refine::RefineStats& s = m_session->statistics();
    m_updatingTable = true;
    for (int row = 0; row < m_rules->rowCount(); ++row) {
        const int rule = m_rules->item(row, RuleName)->data(Qt::UserRole).toInt();
        const refine::RuleStats& r = s.rules[std::size_t(rule)];
        const long values[] = {long(r.utterancesChanged), r.charactersRemoved, long(r.utterancesEmptied),
                               long(r.itemsAffected)};
        for (int c = Changed; c < RuleColumnCount; ++c)
            m_rules->item(row, c)->setText(ready ? QString::number(values[c - Changed]) : QStringLiteral("…"));
    }
    m_updatingTable = false;
    m_recipe->setText(m_session->config().isPublished()
                          ? tr("<b>Published recipe</b> (the 9 rules as published)")
                          : tr("<b style='color:#e8590c'>Modified recipe</b> — differs from the published cleaning"));
    m_summary->setText(ready ? tr("All open corpora: %1 utterances in, %2 dropped, %3 merged into the previous "
                                  "one, %4 out; %5 items changed.")
                                   .arg(s.utterancesIn)
                                   .arg(s.utterancesDropped)
                                   .arg(s.merges)
                                   .arg(s.utterancesOut)
                                   .arg(s.itemsChanged)
                             : tr("Counting…"));
}

void RefineView::showItem(int sourceRow) {
    m_sourceRow = sourceRow;
    refreshItem();
}

void RefineView::refreshItem() {
    clearLayout(m_originalLayout);
    clearLayout(m_refinedLayout);
    const ItemIndex& index = m_workspace->corpora().index();
    if (m_sourceRow < 0 || std::size_t(m_sourceRow) >= index.size()) {
        m_itemTitle->setText(tr("Select an item in the Browse tab"));
        return;
    }
    const Sample& sample = index.sample(std::size_t(m_sourceRow));
    refine::RefineConfig config = m_session->config();
    config.trace = true;
    refine::ItemTrace trace;
    refine::RefineStats stats;
    std::vector<std::string> warnings;
    const Sample refined = refine::refineSample(sample, config, &trace, stats, &warnings);
    // As `cci refine` warns: a reference utterance emptied by the rules leaves reference_id naming nothing.
    QStringList lines;
    for (const auto& w : warnings) lines << qs(w);
    m_itemWarning->setText(lines.join(QLatin1Char('\n')));
    m_itemWarning->setVisible(!lines.isEmpty());
    m_itemTitle->setText(tr("%1 · %2 · %3 → %4 utterances")
                             .arg(qs(sample.id), qs(sample.category))
                             .arg(sample.conversation.size())
                             .arg(refined.conversation.size()));

    const std::vector<std::size_t> refs = sample.referenceUtteranceIndices();
    for (std::size_t i = 0; i < sample.conversation.size(); ++i) {
        const Utterance& u = sample.conversation[i];
        const refine::UtteranceTrace& ut = trace.utterances[i];
        QString html = QStringLiteral("<span style='color:#868e96'>%1:</span> ").arg(u.speaker);
        QStringList tips;
        for (const refine::DiffSegment& seg : refine::diffSegments(u.text, ut.edits)) {
            QString piece = qs(seg.text).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("⏎"));
            if (seg.rule == 0) {
                html += piece;
                continue;
            }
            piece.replace(QLatin1Char(' '), QStringLiteral("·"));
            html += QStringLiteral("<span style='background:%1; text-decoration:line-through'>%2</span>")
                        .arg(ruleColor(seg.rule).name(), piece);
            if (!seg.replacement.empty())
                html += QStringLiteral("<span style='background:%1'><b>→%2</b></span>")
                            .arg(ruleColor(seg.rule).name(),
                                 qs(seg.replacement).toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("·")));
            tips << tr("rule %1: %2 \"%3\"%4")
                        .arg(ruleLabel(seg.rule), seg.replacement.empty() ? tr("removed") : tr("replaced"),
                             qs(seg.text),
                             seg.replacement.empty() ? QString() : tr(" by \"%1\"").arg(qs(seg.replacement)));
        }
        const bool reference = std::find(refs.begin(), refs.end(), i) != refs.end();
        QString style =
            reference ? QStringLiteral("border:2px solid #f08c00;") : QStringLiteral("border:1px solid #dee2e6;");
        if (ut.refinedIndex < 0) {
            html += tr(" <i style='color:#c92a2a'>— dropped (emptied by %1)</i>")
                        .arg(ut.emptiedBy > 0 ? ruleLabel(ut.emptiedBy) : tr("an empty original"));
            style += QStringLiteral("background:#f8f9fa;");
        }
        QString tip = QString::fromStdString(u.ids.front()) + (reference ? tr(" (reference)") : QString());
        if (!tips.isEmpty()) tip += QLatin1Char('\n') + tips.join(QLatin1Char('\n'));
        auto* label = utteranceLabel(m_original, html, style, tip);
        label->setObjectName(QStringLiteral("originalUtterance"));
        label->setProperty("dropped", ut.refinedIndex < 0);
        m_originalLayout->insertWidget(m_originalLayout->count() - 1, label);
    }
    const std::vector<std::size_t> refinedRefs = refined.referenceUtteranceIndices();
    for (std::size_t k = 0; k < refined.conversation.size(); ++k) {
        const Utterance& u = refined.conversation[k];
        QString html =
            QStringLiteral("<span style='color:#868e96'>%1:</span> %2").arg(u.speaker).arg(qs(u.text).toHtmlEscaped());
        QStringList ids;
        for (const std::string& id : u.ids) ids << QString::fromStdString(id);
        if (u.ids.size() > 1)
            html += tr(" <span style='color:#1971c2; font-size:small'>(merged %1 utterances)</span>").arg(u.ids.size());
        const bool reference = std::find(refinedRefs.begin(), refinedRefs.end(), k) != refinedRefs.end();
        auto* label = utteranceLabel(
            m_refined, html,
            reference ? QStringLiteral("border:2px solid #f08c00;") : QStringLiteral("border:1px solid #dee2e6;"),
            ids.join(QStringLiteral(", ")));
        label->setObjectName(QStringLiteral("refinedUtterance"));
        label->setProperty("merged", u.ids.size() > 1);
        m_refinedLayout->insertWidget(m_refinedLayout->count() - 1, label);
    }
}

bool RefineView::nextChangedBySelectedRule() {
    const int rule = selectedRule();
    const int rows = m_rows->rowCount();
    m_notice->clear();
    if (rule <= 0) {
        m_notice->setText(tr("Select a rule first."));
        return false;
    }
    const int start = m_sourceRow >= 0 ? m_rows->proxyRow(m_sourceRow) : -1;
    const ItemIndex& index = m_workspace->corpora().index();
    for (int step = 1; step <= rows; ++step) {
        const int proxy = (start + step) % rows;
        const int source = m_rows->sourceRow(proxy);
        if (refine::changedByRule(index.sample(std::size_t(source)), m_session->config(), rule)) {
            emit selectItemRequested(source);
            return true;
        }
    }
    // Nothing among the items Browse shows: say whether its filter hides some, instead of doing nothing.
    std::size_t hidden = 0;
    for (std::size_t source = 0; source < index.size(); ++source)
        if (m_rows->proxyRow(int(source)) < 0 && refine::changedByRule(index.sample(source), m_session->config(), rule))
            ++hidden;
    m_notice->setText(hidden
                          ? tr("No item shown in Browse is changed by this rule; %n hidden by the Browse filter are: "
                               "clear the filter to reach them.",
                               nullptr, int(hidden))
                          : tr("No item is changed by this rule."));
    return false;
}

void RefineView::exportRefined() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export refined corpora to"));
    if (folder.isEmpty()) return;
    try {
        const QStringList written = m_session->exportRefined(folder);
        QMessageBox::information(this, tr("Refined corpora written"), written.join(QLatin1Char('\n')));
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Export failed"), errorMessage(e));
    }
}

}  // namespace cci::ui
