// ConversationView: builds bubble widgets for the shown item; all facts (references, gold) come from core.
#include "browser/conversation_view.h"

#include <QApplication>
#include <QClipboard>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <unordered_set>

namespace cci::ui {
namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// Colours chosen for contrast on light themes; the reference border also differs in width for colour-blind users.
constexpr const char* kSpeakerStyle[2] = {
    "background:#f1f3f5; color:#212529; border-radius:10px; padding:6px 10px; border:1px solid #dee2e6;",
    "background:#dbe9ff; color:#102a43; border-radius:10px; padding:6px 10px; border:1px solid #b6d0f7;"};
constexpr const char* kReferenceStyle = "border:3px solid #f08c00;";
constexpr const char* kHitStyle = "background:#ffe066; color:#212529;";

// `plain` as HTML with each case-insensitive occurrence of `needle` marked; empty when there is none.
QString markedHtml(const QString& plain, const QString& needle) {
    if (needle.isEmpty()) return {};
    QString html;
    qsizetype from = 0, at = 0;
    while ((at = plain.indexOf(needle, from, Qt::CaseInsensitive)) >= 0) {
        html += plain.mid(from, at - from).toHtmlEscaped() +
                QStringLiteral("<span style=\"%1\">").arg(QLatin1String(kHitStyle)) +
                plain.mid(at, needle.size()).toHtmlEscaped() + QStringLiteral("</span>");
        from = at + needle.size();
    }
    if (from == 0) return {};
    html += plain.mid(from).toHtmlEscaped();
    return html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}

}  // namespace

ConversationView::ConversationView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    auto* header = new QHBoxLayout;
    m_title = new QLabel(tr("No item selected"), this);
    m_title->setStyleSheet(QStringLiteral("font-weight:bold;"));
    m_category = new QLabel(this);
    m_category->setObjectName(QStringLiteral("category"));
    m_category->setStyleSheet(
        QStringLiteral("background:#fff3bf; border-radius:6px; padding:2px 8px; font-weight:bold;"));
    m_id = new QLineEdit(this);
    m_id->setObjectName(QStringLiteral("itemId"));
    m_id->setReadOnly(true);
    m_id->setToolTip(tr("Item id (select to copy)"));
    auto* copy = new QToolButton(this);
    copy->setText(tr("Copy id"));
    copy->setToolTip(tr("Copy the item id to the clipboard"));
    connect(copy, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(m_id->text()); });
    header->addWidget(m_title);
    header->addWidget(m_category);
    header->addWidget(m_id, 1);
    header->addWidget(copy);
    layout->addLayout(header);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_chat = new QWidget(m_scroll);
    m_chatLayout = new QVBoxLayout(m_chat);
    m_chatLayout->setSpacing(2);
    m_chatLayout->addStretch(1);
    m_scroll->setWidget(m_chat);
    m_chat->installEventFilter(this);
    layout->addWidget(m_scroll, 3);

    auto* options = new QGroupBox(tr("Candidate inferences"), this);
    auto* optionsLayout = new QVBoxLayout(options);
    for (int k = 0; k < 3; ++k) {
        m_inferences[k] = new QLabel(options);
        m_inferences[k]->setObjectName(QStringLiteral("inference_%1").arg(k + 1));
        m_inferences[k]->setWordWrap(true);
        m_inferences[k]->setTextInteractionFlags(Qt::TextSelectableByMouse);
        optionsLayout->addWidget(m_inferences[k]);
    }
    m_goldNote = new QLabel(options);
    m_goldNote->setObjectName(QStringLiteral("goldNote"));
    m_goldNote->setStyleSheet(QStringLiteral("color:#868e96;"));
    optionsLayout->addWidget(m_goldNote);
    layout->addWidget(options, 0);
    showSample(nullptr, Split::Other);
}

QString ConversationView::shownId() const { return m_id->text(); }

void ConversationView::clearBubbles() {
    m_scrollTarget = nullptr;
    while (m_chatLayout->count() > 1) {  // keep the trailing stretch
        QLayoutItem* item = m_chatLayout->takeAt(0);
        delete item->widget();
        delete item;
    }
}

QWidget* ConversationView::makeBubble(const Utterance& u, bool reference, bool firstOfRun) {
    auto* row = new QWidget(m_chat);
    row->setObjectName(QStringLiteral("bubbleRow"));
    auto* v = new QVBoxLayout(row);
    v->setContentsMargins(0, firstOfRun ? 6 : 0, 0, 0);
    v->setSpacing(1);
    const bool right = u.speaker == 2;
    if (firstOfRun) {
        auto* who = new QLabel(tr("Speaker %1").arg(u.speaker), row);
        who->setStyleSheet(QStringLiteral("color:#868e96; font-size:small;"));
        who->setAlignment(right ? Qt::AlignRight : Qt::AlignLeft);
        v->addWidget(who);
    }
    auto* line = new QHBoxLayout;
    auto* bubble = new QLabel(row);
    bubble->setObjectName(QStringLiteral("bubble"));
    bubble->setProperty("reference", reference);
    bubble->setProperty("speaker", u.speaker);
    bubble->setWordWrap(true);
    bubble->setProperty("plain", qs(u.text));
    showText(bubble, qs(u.text));
    bubble->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Word-wrapped labels shrink to their narrowest layout; size them from the text instead.
    constexpr int kMaxBubbleWidth = 520, kPadding = 36;  // padding 2x10, reference border 2x3, margin
    bubble->setMaximumWidth(kMaxBubbleWidth);
    bubble->setMinimumWidth(std::min(kMaxBubbleWidth, bubble->fontMetrics().horizontalAdvance(qs(u.text)) + kPadding));
    QString ids;
    for (const std::string& id : u.ids) ids += (ids.isEmpty() ? QString() : QStringLiteral(", ")) + qs(id);
    bubble->setToolTip(reference ? tr("%1 — reference utterance").arg(ids) : ids);
    bubble->setStyleSheet(QString::fromLatin1(kSpeakerStyle[right ? 1 : 0]) +
                          (reference ? QString::fromLatin1(kReferenceStyle) : QString()));
    if (right) line->addStretch(1);
    line->addWidget(bubble);
    if (reference) {
        auto* tag = new QLabel(tr("reference"), row);
        tag->setStyleSheet(QStringLiteral("color:#e8590c; font-weight:bold; font-size:small;"));
        right ? line->insertWidget(1, tag) : line->addWidget(tag);
    }
    if (!right) line->addStretch(1);
    v->addLayout(line);
    return row;
}

void ConversationView::showText(QLabel* label, const QString& plain) const {
    const QString html = markedHtml(plain, m_highlight);
    label->setTextFormat(html.isEmpty() ? Qt::PlainText : Qt::RichText);
    label->setText(html.isEmpty() ? plain : html);
}

void ConversationView::setHighlight(const QString& text) {
    if (text == m_highlight) return;
    m_highlight = text;
    for (QLabel* label : m_chat->findChildren<QLabel*>(QStringLiteral("bubble")))
        showText(label, label->property("plain").toString());
    for (QLabel* label : m_inferences) showText(label, label->property("plain").toString());
    if (QWidget* hit = firstSearchHit()) {  // a search hit deep in a long chat is brought into view
        m_scrollTarget = hit;
        QTimer::singleShot(0, this, &ConversationView::scrollToTarget);
    }
}

QWidget* ConversationView::firstSearchHit() const {
    if (m_highlight.isEmpty()) return nullptr;
    for (int i = 0; i < m_chatLayout->count(); ++i) {
        QWidget* row = m_chatLayout->itemAt(i)->widget();
        if (!row) continue;
        for (QLabel* bubble : row->findChildren<QLabel*>(QStringLiteral("bubble")))
            if (!markedHtml(bubble->property("plain").toString(), m_highlight).isEmpty()) return row;
    }
    return nullptr;
}

void ConversationView::showSample(const Sample* sample, Split split) {
    clearBubbles();
    if (!sample) {
        m_title->setText(tr("No item selected"));
        m_category->hide();
        m_id->clear();
        for (QLabel* l : m_inferences) {
            l->clear();
            l->setProperty("plain", QString());
        }
        m_goldNote->clear();
        return;
    }
    const std::string_view splitText = splitName(split);
    m_title->setText(tr("%1 · %2 turns")
                         .arg(QString::fromUtf8(splitText.data(), qsizetype(splitText.size())))
                         .arg(sample->conversation.size()));
    m_category->setText(qs(sample->category));
    m_category->show();
    m_id->setText(qs(sample->id));
    m_id->setCursorPosition(0);

    const std::vector<std::size_t> refs = sample->referenceUtteranceIndices();
    const std::unordered_set<std::size_t> refSet(refs.begin(), refs.end());
    int previousSpeaker = -1;
    for (std::size_t i = 0; i < sample->conversation.size(); ++i) {
        const Utterance& u = sample->conversation[i];
        m_chatLayout->insertWidget(m_chatLayout->count() - 1,
                                   makeBubble(u, refSet.count(i), u.speaker != previousSpeaker));
        previousSpeaker = u.speaker;
    }
    const int gold = m_goldHidden ? -1 : sample->goldIndex();
    for (int k = 0; k < 3; ++k) {
        const bool isGold = k == gold;
        m_inferences[k]->setProperty("gold", isGold);
        const QString text = (isGold ? QStringLiteral("✔ ") : QString()) + QStringLiteral("%1. ").arg(k + 1) +
                             qs(sample->inferences[std::size_t(k)]);
        m_inferences[k]->setProperty("plain", text);
        showText(m_inferences[k], text);
        m_inferences[k]->setStyleSheet(isGold ? QStringLiteral("background:#d3f9d8; border-radius:6px; padding:4px; "
                                                               "font-weight:bold;")
                                              : QStringLiteral("padding:4px;"));
    }
    m_goldNote->setText(sample->goldIndex() < 0 ? tr("No gold answer (unlabeled item)")
                        : m_goldHidden          ? tr("Gold answer hidden until you answer (blind mode)")
                                                : tr("Gold answer: inference_%1").arg(gold + 1));
    m_scroll->verticalScrollBar()->setValue(0);
    // Bring the first reference utterance into view once the new bubbles are laid out: the chat widget is
    // resized by the scroll area later (on its layout request), so scroll then, or now if its size is unchanged.
    // A search hit in the chat goes before the reference utterances.
    m_scrollTarget = refs.empty() ? nullptr : m_chatLayout->itemAt(int(refs.front()))->widget();
    if (QWidget* hit = firstSearchHit()) m_scrollTarget = hit;
    QTimer::singleShot(0, this, &ConversationView::scrollToTarget);
}

void ConversationView::scrollToTarget() {
    if (!m_scrollTarget) return;
    m_chatLayout->activate();
    m_scroll->ensureWidgetVisible(m_scrollTarget, 0, 80);
}

bool ConversationView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_chat && event->type() == QEvent::Resize) scrollToTarget();
    return QWidget::eventFilter(watched, event);
}

}  // namespace cci::ui
