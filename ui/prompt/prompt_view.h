// PromptView: the prompt the selected item becomes — system and user messages with each block highlighted, a
// warning badge where legacy particles drop text — for a chosen style and particle mode; a style editor with live
// preview and "save as"; and a line diff against a second style on the same item.
#pragma once

#include "chat/template_source.h"
#include "corpus/corpus.h"
#include "prompt/prompt_style.h"
#include "tokenizer/tokenizer.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QLineEdit;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTextBrowser;

namespace cci::ui {

class CorpusWorkspace;
class TokenView;

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

    // A model folder: its tokenizer (token view and count) and its tokenizer_config.json chat template. False (and
    // the reason in the error line) when it cannot be loaded; the previous model stays.
    bool setModel(const QString& folder);
    // "" = no template, "model" = the model's, a built-in name, or a template file. False when unknown/invalid.
    bool selectTemplate(const QString& spec);
    void setMaxSeqLength(int tokens);
    QString chatText() const;
    int tokenCount() const { return m_tokenCount; }  // -1 without a tokenizer
    bool overLimit() const { return m_overLimit; }

private:
    void loadStyles();
    void onStyleChosen();
    void refresh();
    void saveStyleAs();
    void onTemplateChosen();
    void chooseModel();
    void showPreview(const Sample& sample, std::optional<text::ParticleMode> mode);

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

    QComboBox* m_templateBox;
    QLineEdit* m_templateKwargsEdit;
    chat::TemplateKwargs m_templateKwargs;  // the last arguments typed that could be read
    QPushButton* m_modelButton;
    QSpinBox* m_maxLength;
    QLabel* m_tokenInfo;
    QTextBrowser* m_chat;
    TokenView* m_tokens;
    std::shared_ptr<const tok::Tokenizer> m_tokenizer;
    std::optional<chat::ResolvedTemplate> m_modelTemplate;  // from the model folder
    std::optional<chat::ResolvedTemplate> m_template;       // the one in use
    QString m_modelFolder;
    int m_tokenCount = -1;
    bool m_overLimit = false;
};

}  // namespace cci::ui
