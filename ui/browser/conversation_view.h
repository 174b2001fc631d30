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

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void clearBubbles();
    void scrollToTarget();
    QWidget* makeBubble(const Utterance& utterance, bool reference, bool firstOfRun);

    QLabel* m_title;
    QLabel* m_category;
    QLineEdit* m_id;
    QScrollArea* m_scroll;
    QWidget* m_chat;
    QVBoxLayout* m_chatLayout;
    QLabel* m_inferences[3];
    QLabel* m_goldNote;
    QPointer<QWidget> m_scrollTarget;
    bool m_goldHidden = false;  // first reference utterance, scrolled into view after layout
};

}  // namespace cci::ui
