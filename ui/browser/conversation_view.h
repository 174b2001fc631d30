// ConversationView: one item as a chat — bubbles per speaker (speaker 1 left, 2 right), reference utterances
// highlighted, the category, and the three candidate inferences with the gold one marked. The id is copyable.
#pragma once

#include "corpus/corpus.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QVBoxLayout;
class QScrollArea;

namespace cci::ui {

class ConversationView : public QWidget {
    Q_OBJECT
public:
    explicit ConversationView(QWidget* parent = nullptr);

    // Shows `sample` (nullptr clears the view). The sample must stay alive while shown.
    void showSample(const Sample* sample, Split split);
    QString shownId() const;
    // Blind annotation: the gold answer is not marked while hidden. Applies to the next showSample().
    void setGoldHidden(bool hidden) { m_goldHidden = hidden; }
    // Marks every occurrence of `text` (case-insensitive; empty = none) in the bubbles and candidate inferences - the
    // Browse search's hits. Applies to the shown item at once and to the next ones.
    void setHighlight(const QString& text);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void clearBubbles();
    void scrollToTarget();
    QWidget* firstSearchHit() const;  // the first chat row whose text the search highlights
    QWidget* makeBubble(const Utterance& utterance, bool reference, bool firstOfRun);
    // Shows `plain` in `label`, as rich text with the highlight's occurrences marked when it has any.
    void showText(QLabel* label, const QString& plain) const;

    QLabel* m_title;
    QLabel* m_category;
    QLineEdit* m_id;
    QScrollArea* m_scroll;
    QWidget* m_chat;
    QVBoxLayout* m_chatLayout;
    QLabel* m_inferences[3];
    QLabel* m_goldNote;
    QPointer<QWidget> m_scrollTarget;  // first reference utterance, scrolled into view after layout
    bool m_goldHidden = false;
    QString m_highlight;
};

}  // namespace cci::ui
