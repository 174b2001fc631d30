// AnnotateView: layout, key bindings and refresh; annotation data and statistics come from core.
#include "annotate/annotate_view.h"
#include "error_message.h"

#include "annotate/annotate_commands.h"
#include "annotate/annotation_stats.h"
#include "annotate/rationale_dialog.h"
#include "browser/conversation_view.h"
#include "browser/corpus_filter_model.h"
#include "corpus/corpus_writer.h"
#include "ensemble/ensemble_session.h"
#include "settings/settings_dialog.h"
#include "util/atomic_write.h"
#include "util/problem.h"
#include "workspace/corpus_workspace.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableWidget>

#include <cmath>
#include <set>

namespace cci::ui {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }
QString pct(double x) {
    return std::isfinite(x) ? QString::number(100 * x, 'f', 1) + QStringLiteral("%") : QStringLiteral("–");
}

QString choiceText(int choice) {
    if (choice >= 0 && choice < 3) return QString::number(choice + 1);
    return choice == annotate::kUnsure ? QCoreApplication::translate("annotate", "unsure") : QStringLiteral("—");
}

// What an undo took back, in words: "answer 2 → none", "tags ambiguous → none", "rationale".
QString undoneText(const annotate::Annotation& undone, const annotate::Annotation& restored) {
    QStringList parts;
    if (undone.choice != restored.choice)
        parts << QCoreApplication::translate("annotate", "answer %1 → %2")
                     .arg(choiceText(undone.choice), choiceText(restored.choice));
    if (undone.tags != restored.tags) {
        auto list = [](const std::vector<std::string>& tags) {
            QStringList names;
            for (const auto& t : tags) names << QString::fromStdString(t);
            return names.isEmpty() ? QStringLiteral("—") : names.join(QStringLiteral(", "));
        };
        parts << QCoreApplication::translate("annotate", "tags %1 → %2").arg(list(undone.tags), list(restored.tags));
    }
    if (undone.rationale != restored.rationale) parts << QCoreApplication::translate("annotate", "rationale");
    return parts.join(QStringLiteral("; "));
}

}  // namespace

AnnotateView::AnnotateView(CorpusWorkspace* workspace, CorpusFilterModel* browserRows, QWidget* parent)
    : QWidget(parent), m_workspace(workspace), m_rows(browserRows) {
    m_annotator = new QLabel(this);
    m_annotator->setObjectName(QStringLiteral("annotator"));
    m_blind = new QCheckBox(tr("Blind mode (hide gold until answered)"), this);
    m_blind->setObjectName(QStringLiteral("blind"));
    m_progress = new QLabel(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    // Its text grows with the open splits; it takes the room there is instead of widening the window.
    m_progress->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_progress->setMinimumWidth(120);
    auto* import = new QPushButton(tr("Import annotations…"), this);
    auto* exportButton = new QPushButton(tr("Export labels…"), this);
    auto* settings = new QPushButton(tr("Settings…"), this);
    auto* help = new QPushButton(tr("Shortcuts (?)"), this);
    auto* top = new QHBoxLayout;
    top->addWidget(m_annotator);
    top->addWidget(m_blind);
    top->addWidget(m_progress, 1);
    for (QPushButton* b : {import, exportButton, settings, help}) {
        b->setFocusPolicy(Qt::NoFocus);  // keys stay with the view
        top->addWidget(b);
    }

    m_conversation = new ConversationView(this);
    m_conversation->setStyleSheet(QStringLiteral("QLabel { font-size: 15px; }"));

    auto* choices = new QHBoxLayout;
    for (int k = 0; k < 4; ++k) {
        m_options[k] = new QPushButton(k < 3 ? tr("[%1] option %1").arg(k + 1) : tr("[0] unsure"), this);
        m_options[k]->setObjectName(QStringLiteral("choice%1").arg(k < 3 ? k + 1 : 0));
        m_options[k]->setCheckable(true);
        m_options[k]->setFocusPolicy(Qt::NoFocus);
        m_options[k]->setMinimumHeight(34);
        // The candidates' text changes with every item: it must not change the width the pane asks for.
        m_options[k]->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        // A narrow button clips its text on the right only, so the [1]/[2]/[3] key stays in view.
        m_options[k]->setStyleSheet(QStringLiteral("text-align: left; padding-left: 8px;"));
        const int choice = k < 3 ? k : annotate::kUnsure;
        connect(m_options[k], &QPushButton::clicked, this, [this, choice] { this->choose(choice); });
        choices->addWidget(m_options[k]);
    }
    m_undoNote = new QLabel(this);
    m_undoNote->setObjectName(QStringLiteral("undoNote"));
    m_undoNote->setStyleSheet(QStringLiteral("color:#1864ab;"));
    m_undoNote->setWordWrap(true);
    m_undoNote->hide();
    m_tags = new QLabel(this);
    m_tags->setObjectName(QStringLiteral("tags"));
    m_rationale = new QLabel(this);
    m_rationale->setObjectName(QStringLiteral("rationale"));
    m_rationale->setWordWrap(true);
    m_others = new QListWidget(this);
    m_others->setObjectName(QStringLiteral("otherAnnotators"));
    m_others->setMaximumHeight(90);
    m_others->setFocusPolicy(Qt::NoFocus);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_conversation, 1);
    leftLayout->addLayout(choices);
    leftLayout->addWidget(m_undoNote);
    leftLayout->addWidget(m_tags);
    leftLayout->addWidget(m_rationale);
    leftLayout->addWidget(new QLabel(tr("All annotators on this item:"), left));
    leftLayout->addWidget(m_others);

    m_agreement = new QTableWidget(this);
    m_agreement->setObjectName(QStringLiteral("agreement"));
    m_agreement->setColumnCount(4);
    m_agreement->setHorizontalHeaderLabels({tr("Annotator"), tr("Annotated"), tr("Unsure"), tr("Agrees with gold")});
    m_agreement->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_agreement->verticalHeader()->hide();
    m_agreement->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_agreement->setFocusPolicy(Qt::NoFocus);
    m_agreementSummary = new QLabel(this);
    m_agreementSummary->setObjectName(QStringLiteral("agreementSummary"));
    m_agreementSummary->setWordWrap(true);
    m_disagreements = new QListWidget(this);
    m_disagreements->setObjectName(QStringLiteral("disagreements"));
    m_disagreements->setFocusPolicy(Qt::NoFocus);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(new QLabel(tr("<b>Agreement</b>"), right));
    rightLayout->addWidget(m_agreement, 1);
    rightLayout->addWidget(m_agreementSummary);
    rightLayout->addWidget(new QLabel(tr("Items where annotators disagree (click to open):"), right));
    rightLayout->addWidget(m_disagreements, 1);

    // The panes keep the widths the user gave them whatever the item holds: their minimum is fixed, not taken from
    // the content (long candidates, tags or annotator lists made the splitter jump between items).
    left->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    left->setMinimumWidth(360);
    right->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    right->setMinimumWidth(240);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("annotateSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setSizes({800, 400});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    setFocusPolicy(Qt::StrongFocus);

    m_blind->setChecked(SettingsDialog::blindMode());  // a blind study stays blind across restarts
    connect(m_blind, &QCheckBox::toggled, this, &AnnotateView::setBlind);
    connect(import, &QPushButton::clicked, this, &AnnotateView::importSidecar);
    connect(exportButton, &QPushButton::clicked, this, &AnnotateView::exportLabels);
    connect(help, &QPushButton::clicked, this, &AnnotateView::showHelp);
    connect(settings, &QPushButton::clicked, this, [this] {
        SettingsDialog dialog(this);
        if (dialog.exec() == QDialog::Accepted) reloadSettings();
    });
    connect(m_disagreements, &QListWidget::itemClicked, this,
            [this](QListWidgetItem* it) { emit selectItemRequested(it->data(Qt::UserRole).toInt()); });
    connect(workspace, &CorpusWorkspace::changed, this, &AnnotateView::syncSidecars);
    connect(workspace, &CorpusWorkspace::aboutToChange, this, [this] { m_sourceRow = -1; });
    reloadSettings();
    syncSidecars();
}

QString AnnotateView::sidecarPathFor(const QString& corpusPath) {
    if (!corpusPath.startsWith(QLatin1String(":/")))
        return QString::fromStdString(annotate::sidecarPathFor(corpusPath.toStdString()));
    const QString dir =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/annotations");
    QDir().mkpath(dir);
    return dir + QLatin1Char('/') + QFileInfo(corpusPath).completeBaseName() + QStringLiteral(".annotations.json");
}

void AnnotateView::setPredictionSource(const EnsembleSession* session) {
    m_predictions = session;
    connect(session, &EnsembleSession::loaded, this, &AnnotateView::refreshAgreement);
    refreshAgreement();
}

void AnnotateView::reloadSettings() {
    m_book.setAnnotator(SettingsDialog::annotatorName().toStdString());
    m_annotator->setText(tr("Annotator: <b>%1</b>").arg(SettingsDialog::annotatorName().toHtmlEscaped()));
    bindKeys();
    refresh();
}

void AnnotateView::bindKeys() {
    for (QAction* a : m_keyActions) delete a;
    m_keyActions.clear();
    for (const AnnotateCommand& c : annotateCommands()) {
        auto* action = new QAction(c.label, this);
        action->setShortcut(annotateKey(c.id));
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        const QString id = c.id;
        connect(action, &QAction::triggered, this, [this, id] {
            if (id.startsWith(QLatin1String("choose")))
                choose(id.right(1).toInt() - 1);
            else if (id == QLatin1String("unsure"))
                choose(annotate::kUnsure);
            else if (id == QLatin1String("next"))
                nextUnannotated();
            else if (id == QLatin1String("previous"))
                previous();
            else if (id == QLatin1String("tag"))
                tagMenu();
            else if (id == QLatin1String("note"))
                editNote();
            else if (id == QLatin1String("undo"))
                undo();
            else if (id == QLatin1String("help"))
                showHelp();
        });
        addAction(action);
        m_keyActions.push_back(action);
    }
    // Enter on the keypad does what Return does.
    if (annotateKey(QStringLiteral("next")) == QKeySequence(Qt::Key_Return)) {
        auto* enter = new QAction(this);
        enter->setShortcut(QKeySequence(Qt::Key_Enter));
        enter->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(enter, &QAction::triggered, this, &AnnotateView::nextUnannotated);
        addAction(enter);
        m_keyActions.push_back(enter);
    }
}

std::string AnnotateView::keyOf(int sourceRow) const {
    return m_workspace->corpora().index().corpusOf(std::size_t(sourceRow)).sourcePath;
}

void AnnotateView::syncSidecars() {
    const CorpusSet& set = m_workspace->corpora();
    std::set<std::string> open;
    for (std::size_t i = 0; i < set.count(); ++i) {
        const std::string key = set.corpus(i).sourcePath;
        open.insert(key);
        if (m_book.isOpen(key)) continue;
        const QString path = qs(key);
        try {
            m_book.open(key, sidecarPathFor(path).toStdString(), QFileInfo(path).fileName().toStdString());
        } catch (const Error& e) {
            reportError(tr("The annotations of %1 cannot be read; annotating it is disabled until the sidecar is "
                           "fixed:\n%2")
                            .arg(path, errorMessage(e)));
        }
    }
    // Sidecars of closed corpora are released (their undo steps with them).
    for (const std::string& key : m_book.openKeys())
        if (!open.count(key)) m_book.close(key);
    refresh();
}

void AnnotateView::showItem(int sourceRow) {
    if (sourceRow != m_undoRow) m_undoNote->hide();  // the note belongs to the item the undo changed
    m_sourceRow = sourceRow;
    refresh();
    if (isVisible()) setFocus();  // the annotate keys act on the view, not on a field inside it
}

bool AnnotateView::isBlind() const { return m_blind->isChecked(); }

void AnnotateView::setBlind(bool on) {
    if (m_blind->isChecked() != on) m_blind->setChecked(on);
    SettingsDialog::setBlindMode(on);
    emit blindChanged(on);
    refresh();
}

void AnnotateView::refresh() {
    const ItemIndex& index = m_workspace->corpora().index();
    const bool valid = m_sourceRow >= 0 && std::size_t(m_sourceRow) < index.size();
    const Sample* sample = valid ? &index.sample(std::size_t(m_sourceRow)) : nullptr;
    const std::string key = valid ? keyOf(m_sourceRow) : std::string();
    const annotate::Annotation* mine = valid ? m_book.mine(key, sample->id) : nullptr;
    const int choice = mine ? mine->choice : -1;
    m_conversation->setGoldHidden(m_blind->isChecked() && choice < 0);
    m_conversation->showSample(sample, valid ? index.split(std::size_t(m_sourceRow)) : Split::Other);
    for (int k = 0; k < 4; ++k) {
        const int c = k < 3 ? k : annotate::kUnsure;
        m_options[k]->setEnabled(valid && m_book.isOpen(key));
        m_options[k]->setChecked(choice == c);
        if (k < 3 && sample) {
            // The key number first, the candidate cut at the end (never at both ends: the number must show).
            const QString candidate = qs(sample->inferences[std::size_t(k)]);
            m_options[k]->setText(QStringLiteral("[%1] ").arg(k + 1) + candidate.left(28) +
                                  (candidate.size() > 28 ? QStringLiteral("…") : QString()));
            m_options[k]->setToolTip(candidate);
        }
    }
    QStringList tags;
    if (mine)
        for (const std::string& t : mine->tags) tags << qs(t);
    m_tags->setText(tr("Tags (T): %1").arg(tags.isEmpty() ? tr("none") : tags.join(QStringLiteral(", "))));
    m_rationale->setText(tr("Rationale (N): %1")
                             .arg(mine && !mine->rationale.empty() ? qs(mine->rationale).toHtmlEscaped() : tr("none")));
    m_others->clear();
    if (valid && m_book.isOpen(key))
        if (const auto it = m_book.set(key).items().find(sample->id); it != m_book.set(key).items().end())
            for (const auto& [name, a] : it->second)
                m_others->addItem(QStringLiteral("%1: %2%3")
                                      .arg(qs(name), choiceText(a.choice),
                                           a.rationale.empty() ? QString() : QStringLiteral(" — ") + qs(a.rationale)));

    // Progress per split for the current annotator.
    std::map<Split, std::pair<int, int>> counts;  // split -> (annotated, total)
    for (std::size_t r = 0; r < index.size(); ++r) {
        auto& c = counts[index.split(r)];
        ++c.second;
        const annotate::Annotation* a = m_book.mine(keyOf(int(r)), index.sample(r).id);
        c.first += a && a->choice >= 0;
    }
    QStringList parts;
    for (const auto& [split, c] : counts)
        parts << QStringLiteral("%1 %2/%3").arg(QString::fromUtf8(splitName(split).data())).arg(c.first).arg(c.second);
    m_progress->setText(tr("Annotated: %1").arg(parts.join(QStringLiteral(" · "))));
    m_progress->setToolTip(m_progress->text());
    refreshAgreement();
}

void AnnotateView::refreshAgreement() {
    annotate::AnnotationSet all;
    std::vector<const Corpus*> corpora;
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count(); ++i) {
        corpora.push_back(&set.corpus(i));
        if (m_book.isOpen(set.corpus(i).sourcePath)) all.merge(m_book.set(set.corpus(i).sourcePath));
    }
    const ensemble::VoteMatrix* predictions =
        m_predictions && m_predictions->hasData() ? &m_predictions->matrix() : nullptr;
    const annotate::AnnotationAgreement a = annotate::annotationAgreement(all, corpora, predictions);
    // Columns: annotator, annotated, unsure, gold, then agreement/kappa with each model of the Ensemble view.
    QStringList headers = {tr("Annotator"), tr("Annotated"), tr("Unsure"), tr("Agrees with gold")};
    for (std::size_t m = 0; m < a.modelNames.size(); ++m) headers << tr("Model %1").arg(m + 1);
    m_agreement->setColumnCount(int(headers.size()));
    m_agreement->setHorizontalHeaderLabels(headers);
    for (std::size_t m = 0; m < a.modelNames.size(); ++m)
        m_agreement->horizontalHeaderItem(int(4 + m))->setToolTip(qs(a.modelNames[m]) + tr(": agreement / Cohen's κ"));
    m_agreement->setRowCount(int(a.perAnnotator.size()));
    for (int r = 0; r < int(a.perAnnotator.size()); ++r) {
        const annotate::AnnotatorStats& s = a.perAnnotator[std::size_t(r)];
        QStringList cells = {qs(s.name), QString::number(s.annotated), QString::number(s.unsure),
                             s.goldCompared
                                 ? QStringLiteral("%1 (%2 items)").arg(pct(s.goldAgreement)).arg(s.goldCompared)
                                 : QStringLiteral("–")};
        for (std::size_t m = 0; m < s.modelAgreement.size(); ++m)
            cells << QStringLiteral("%1 / %2").arg(
                pct(s.modelAgreement[m]),
                std::isfinite(s.modelKappa[m]) ? QString::number(s.modelKappa[m], 'f', 2) : QStringLiteral("–"));
        for (int c = 0; c < cells.size(); ++c) m_agreement->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    QStringList lines;
    for (std::size_t x = 0; x < a.annotators.size(); ++x)
        for (std::size_t y = x + 1; y < a.annotators.size(); ++y)
            lines << tr("Cohen's κ %1 / %2: %3 (%4 items)")
                         .arg(qs(a.annotators[x]), qs(a.annotators[y]))
                         .arg(std::isfinite(a.pairKappa[x][y]) ? QString::number(a.pairKappa[x][y], 'f', 3)
                                                               : QStringLiteral("–"))
                         .arg(a.pairItems[x][y]);
    if (a.annotators.size() >= 2)
        lines << tr("Fleiss' κ among all: %1 (%2 items)")
                     .arg(std::isfinite(a.fleissKappa) ? QString::number(a.fleissKappa, 'f', 3) : QStringLiteral("–"))
                     .arg(a.fleissItems);
    m_agreementSummary->setText(lines.isEmpty() ? tr("Import other annotators' sidecars to compare.")
                                                : lines.join('\n'));
    m_disagreements->clear();
    const ItemIndex& index = set.index();
    for (const std::string& id : a.disagreements)
        for (std::size_t r = 0; r < index.size(); ++r)
            if (index.sample(r).id == id) {
                auto* it = new QListWidgetItem(qs(id), m_disagreements);
                it->setData(Qt::UserRole, int(r));
                break;
            }
}

void AnnotateView::applyEdit(const std::function<void()>& edit) {
    m_undoNote->hide();
    try {
        edit();
    } catch (const Error& e) {
        reportError(errorMessage(e));
    }
    refresh();
}

void AnnotateView::choose(int choice) {
    if (m_sourceRow < 0) return;
    const std::string id = m_workspace->corpora().index().sample(std::size_t(m_sourceRow)).id;
    applyEdit([&] { m_book.choose(keyOf(m_sourceRow), id, choice); });
}

void AnnotateView::nextUnannotated() {
    const int rows = m_rows->rowCount();
    if (rows == 0) return;
    const int start = m_sourceRow >= 0 ? m_rows->proxyRow(m_sourceRow) : -1;
    const ItemIndex& index = m_workspace->corpora().index();
    for (int step = 1; step <= rows; ++step) {
        const int source = m_rows->sourceRow((start + step) % rows);
        const annotate::Annotation* a = m_book.mine(keyOf(source), index.sample(std::size_t(source)).id);
        if (!a || a->choice < 0) {
            emit selectItemRequested(source);
            return;
        }
    }
    QMessageBox::information(this, tr("All done"), tr("Every item in the browser's list is annotated."));
}

void AnnotateView::previous() {
    const int row = m_sourceRow >= 0 ? m_rows->proxyRow(m_sourceRow) : -1;
    if (row > 0) emit selectItemRequested(m_rows->sourceRow(row - 1));
}

void AnnotateView::tagMenu() {
    if (m_sourceRow < 0) return;
    const std::string key = keyOf(m_sourceRow);
    const std::string id = m_workspace->corpora().index().sample(std::size_t(m_sourceRow)).id;
    const annotate::Annotation* mine = m_book.mine(key, id);
    QMenu menu(this);
    for (const std::string& tag : annotate::kDefaultTags) {
        QAction* a = menu.addAction(qs(tag));
        a->setCheckable(true);
        a->setChecked(mine && std::find(mine->tags.begin(), mine->tags.end(), tag) != mine->tags.end());
    }
    menu.addSeparator();
    QAction* other = menu.addAction(tr("Other tag…"));
    QAction* picked = menu.exec(mapToGlobal(m_tags->geometry().bottomLeft()));
    if (!picked) return;
    QString tag = picked->text();
    if (picked == other) {
        tag = QInputDialog::getText(this, tr("Tag"), tr("Tag name:")).trimmed();
        if (tag.isEmpty()) return;
    }
    applyEdit([&] { m_book.toggleTag(key, id, tag.toStdString()); });
}

void AnnotateView::editNote() {
    if (m_sourceRow < 0) return;
    const std::string key = keyOf(m_sourceRow);
    const std::string id = m_workspace->corpora().index().sample(std::size_t(m_sourceRow)).id;
    const annotate::Annotation* mine = m_book.mine(key, id);
    bool ok = false;
    const QString text = askRationale(this, mine ? qs(mine->rationale) : QString(), &ok);
    if (!ok) return;
    applyEdit([&] { m_book.setRationale(key, id, text.toStdString()); });
}

void AnnotateView::undo() {
    std::optional<annotate::AnnotationBook::UndoneEdit> undone;
    applyEdit([&] { undone = m_book.undo(); });
    if (!undone) {
        m_undoNote->setText(tr("Nothing to undo."));
        m_undoNote->show();
        return;
    }
    // The undone edit may belong to another item (Ctrl+Z after moving on): show that item, and say what was undone.
    const ItemIndex& index = m_workspace->corpora().index();
    for (std::size_t r = 0; r < index.size(); ++r)
        if (index.sample(r).id == undone->itemId && keyOf(int(r)) == undone->key) {
            m_undoRow = int(r);
            if (int(r) != m_sourceRow) emit selectItemRequested(int(r));
            break;
        }
    m_undoNote->setText(tr("Undone on %1: %2").arg(qs(undone->itemId), undoneText(undone->undone, undone->restored)));
    m_undoNote->show();
}

void AnnotateView::showHelp() {
    QString rows;
    for (const AnnotateCommand& c : annotateCommands())
        rows += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(annotateKey(c.id).toString(QKeySequence::NativeText).toHtmlEscaped(), c.label);
    QMessageBox::information(this, tr("Annotate shortcuts"),
                             tr("<table>%1</table><p>Change the keys in Settings.</p>").arg(rows));
}

void AnnotateView::importSidecar() {
    if (m_sourceRow < 0) return;
    const QString file = QFileDialog::getOpenFileName(this, tr("Import another annotator's sidecar"), QString(),
                                                      tr("Annotations (*.annotations.json *.json)"));
    if (file.isEmpty()) return;
    applyEdit([&] { m_book.import(keyOf(m_sourceRow), file.toStdString()); });
}

void AnnotateView::exportLabels() {
    if (m_sourceRow < 0) return;
    const std::string key = keyOf(m_sourceRow);
    const QString out = QFileDialog::getSaveFileName(this, tr("Export the majority labels of this file"), QString(),
                                                     tr("Corpus JSON (*.json)"));
    if (out.isEmpty()) return;
    try {
        const Corpus& corpus = m_workspace->corpora().index().corpusOf(std::size_t(m_sourceRow));
        const annotate::LabelExport e = annotate::exportLabels(corpus, m_book.set(key), {});
        saveCorpus(e.corpus, out.toStdString());
        writeFileAtomic(out.left(out.size() - 5).toStdString() + "_rationales.csv",
                        annotate::rationalesCsv(corpus, m_book.set(key)));
        QMessageBox::information(this, tr("Exported"),
                                 tr("%1 items labelled, %2 without a choice, %3 majority ties.\nRationales: %4")
                                     .arg(corpus.samples.size() - e.missing.size())
                                     .arg(e.missing.size())
                                     .arg(e.ties.size())
                                     .arg(out.left(out.size() - 5) + QStringLiteral("_rationales.csv")));
    } catch (const Error& e) {
        reportError(errorMessage(e));
    }
}

void AnnotateView::reportError(const QString& what) {
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Annotations"), what, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("annotationError"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

}  // namespace cci::ui
