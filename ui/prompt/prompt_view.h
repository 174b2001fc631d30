// PromptView: the prompt the selected item becomes — system and user messages with each block highlighted, a
// warning badge where legacy particles drop text — for a chosen style and particle mode; a style editor with live
// preview and "save as"; and a line diff against a second style on the same item.
#pragma once

#include "prompt/prompt_style.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTextBrowser;

namespace cci::ui {

class CorpusWorkspace;

class PromptView : public QWidget {
    Q_OBJECT
public:
    explicit PromptView(CorpusWorkspace* workspace, QWidget* parent = nullptr);

    void showItem(int sourceRow);
    bool selectStyle(const QString& name);
    void setParticles(std::optional<text::ParticleMode> mode);
    bool compareWith(const QString& name);  // "" = no comparison
    // Replaces the style's JSON in the editor (as if typed); an invalid text keeps the previous style.
    void setStyleText(const QString& json);
    const prompt::PromptStyle& currentStyle() const { return m_style; }
    QString editorError() const;

private:
    void loadStyles();
    void onStyleChosen();
    void refresh();
    void saveStyleAs();

    CorpusWorkspace* m_workspace;
    std::vector<prompt::PromptStyle> m_styles;
    prompt::PromptStyle m_style;  // the style being shown (possibly edited)
    int m_sourceRow = -1;
    QComboBox* m_styleBox;
    QComboBox* m_particles;
    QComboBox* m_compare;
    QLabel* m_badge;
    QLabel* m_error;
    QTextBrowser* m_system;
    QTextBrowser* m_user;
    QTextBrowser* m_diff;
    QPlainTextEdit* m_editor;
    bool m_loading = false;
};

}  // namespace cci::ui
