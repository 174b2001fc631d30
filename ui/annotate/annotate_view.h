// AnnotateView: annotate mode — the selected item's conversation and options large, keys 1/2/3 (0 = unsure),
// Enter = next unannotated, Backspace = previous, T = tag, N = note, Ctrl+Z = undo (remappable in Settings),
// blind mode, progress per split, all annotators' choices, agreement among annotators and with gold, and
// import/export of sidecars. Every change is saved at once to the corpus's sidecar.
#pragma once

#include "annotate/annotation_book.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace cci::ui {

class ConversationView;
class CorpusFilterModel;
class CorpusWorkspace;
class EnsembleSession;

class AnnotateView : public QWidget {
    Q_OBJECT
public:
    AnnotateView(CorpusWorkspace* workspace, CorpusFilterModel* browserRows, QWidget* parent = nullptr);

    annotate::AnnotationBook& book() { return m_book; }
    void showItem(int sourceRow);
    // Predictions to compare annotators with (the Ensemble view's session); may be null.
    void setPredictionSource(const class EnsembleSession* session);
    int shownItem() const { return m_sourceRow; }
    void setBlind(bool on);
    bool isBlind() const;
    // Re-reads the annotator name and keys from the settings.
    void reloadSettings();
    // Where the sidecar of a corpus lives: beside the corpus file, or in the app data folder for bundled files.
    static QString sidecarPathFor(const QString& corpusPath);

    // The commands (also bound to keys).
    void choose(int choice);
    void nextUnannotated();
    void previous();
    void tagMenu();
    void editNote();
    void undo();
    void showHelp();

signals:
    void selectItemRequested(int sourceRow);
    void blindChanged(bool on);  // other views hide gold answers while blind annotation is on

private:
    void syncSidecars();
    void refresh();
    void refreshAgreement();
    void bindKeys();
    void importSidecar();
    void exportLabels();
    void reportError(const QString& what);
    // Runs one book edit, shows its error if any, and refreshes the view.
    void applyEdit(const std::function<void()>& edit);
    std::string keyOf(int sourceRow) const;

    CorpusWorkspace* m_workspace;
    CorpusFilterModel* m_rows;
    annotate::AnnotationBook m_book;
    int m_sourceRow = -1;
    int m_undoRow = -1;  // the item the last undo changed
    QLabel* m_annotator;
    QCheckBox* m_blind;
    QLabel* m_progress;
    ConversationView* m_conversation;
    QPushButton* m_options[4];
    QLabel* m_undoNote;  // what the last Ctrl+Z took back
    QLabel* m_tags;
    QLabel* m_rationale;
    QListWidget* m_others;
    QTableWidget* m_agreement;
    QLabel* m_agreementSummary;
    QListWidget* m_disagreements;
    std::vector<QAction*> m_keyActions;
    const EnsembleSession* m_predictions = nullptr;
};

}  // namespace cci::ui
