// PromptView: style selection, block highlighting, editor and diff; prompts come from core/prompt.
#include "prompt/prompt_view.h"

#include "chat/template_kwargs.h"
#include "error_message.h"

#include "prompt/prompt_builder.h"
#include "prompt/prompt_preview.h"
#include "prompt/token_view.h"
#include "settings/settings_dialog.h"
#include "text/line_diff.h"
#include "tokenizer/load_tokenizer.h"
#include "util/atomic_write.h"
#include "util/problem.h"
#include "workspace/corpus_workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTextBrowser>

namespace cci::ui {

namespace {

// The style editor's font: a Latin monospace family first - Korean fonts such as NanumGothic draw U+005C (\) as ₩,
// which reads wrong in JSON escapes - with Hangul from the fallback fonts.
QFont codeFont() {
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setFamilies({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Liberation Mono"), font.family()});
    font.setStyleHint(QFont::Monospace);
    return font;
}

QString blockColor(prompt::PromptBlock::Type t) {
    switch (t) {
        case prompt::PromptBlock::Type::Conversation: return QStringLiteral("#e7f5ff");
        case prompt::PromptBlock::Type::References: return QStringLiteral("#fff4e6");
        case prompt::PromptBlock::Type::Options: return QStringLiteral("#ebfbee");
        case prompt::PromptBlock::Type::Text: return QStringLiteral("#f3f0ff");
    }
    return QStringLiteral("#ffffff");
}

// Hangul comes from a fallback font taller than the Latin monospace font the line height is taken from: lines of
// Korean overlapped at 100%. 140% leaves room for both.
QString pre(const QString& text, const QString& background) {
    return QStringLiteral(
               "<pre style='white-space:pre-wrap; line-height:140%; background:%1; margin:0 0 6px 0; "
               "padding:4px'>%2</pre>")
        .arg(background, text.toHtmlEscaped());
}

}  // namespace

PromptView::PromptView(CorpusWorkspace* workspace, QWidget* parent) : QWidget(parent), m_workspace(workspace) {
    m_styleBox = new QComboBox(this);
    m_styleBox->setObjectName(QStringLiteral("style"));
    m_particles = new QComboBox(this);
    m_particles->setObjectName(QStringLiteral("particles"));
    m_particles->addItem(tr("Particles: the style's setting"), -1);
    m_particles->addItem(tr("Particles: correct"), int(text::ParticleMode::Correct));
    m_particles->addItem(tr("Particles: legacy (as published)"), int(text::ParticleMode::Legacy));
    m_compare = new QComboBox(this);
    m_compare->setObjectName(QStringLiteral("compare"));
    m_badge = new QLabel(this);
    m_badge->setObjectName(QStringLiteral("legacyBadge"));
    m_badge->setStyleSheet(QStringLiteral("background:#ffe3e3; color:#c92a2a; border-radius:6px; padding:2px 8px;"));
    m_badge->setText(tr("⚠ legacy particle dropped text from a block"));
    m_badge->hide();
    auto* saveAs = new QPushButton(tr("Save style as…"), this);
    m_templateBox = new QComboBox(this);
    m_templateBox->setObjectName(QStringLiteral("template"));
    m_templateBox->addItem(tr("No chat template"), QString());
    m_templateBox->addItem(tr("The model's template"), QStringLiteral("model"));
    for (const std::string& name : chat::ChatTemplate::builtinNames())
        m_templateBox->addItem(tr("Built-in: %1").arg(QString::fromStdString(name)), QString::fromStdString(name));
    m_templateBox->addItem(tr("Template file…"), QStringLiteral("file"));
    m_templateKwargsEdit = new QLineEdit(this);
    m_templateKwargsEdit->setObjectName(QStringLiteral("templateKwargs"));
    m_templateKwargsEdit->setPlaceholderText(tr("template arguments, e.g. enable_thinking=false"));
    m_templateKwargsEdit->setToolTip(
        tr("Keyword arguments for the chat template, as apply_chat_template(**kwargs) passes them: name=value, "
           "separated by commas (values are JSON, True/False/None, or text)"));
    m_modelButton = new QPushButton(tr("Model…"), this);
    m_modelButton->setObjectName(QStringLiteral("model"));
    m_modelButton->setToolTip(
        tr("A model folder: its tokenizer counts the tokens, its tokenizer_config.json gives the chat template"));
    m_maxLength = new QSpinBox(this);
    m_maxLength->setObjectName(QStringLiteral("maxSeqLength"));
    m_maxLength->setRange(16, 1 << 20);
    m_maxLength->setPrefix(tr("max_seq_length "));
    m_maxLength->setValue(QSettings().value(QStringLiteral("prompt/maxSeqLength"), 1024).toInt());
    m_tokenInfo = new QLabel(this);
    m_tokenInfo->setObjectName(QStringLiteral("tokenInfo"));
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Style"), this));
    top->addWidget(m_styleBox);
    top->addWidget(m_particles);
    top->addWidget(new QLabel(tr("Compare with"), this));
    top->addWidget(m_compare);
    top->addWidget(m_badge);
    top->addStretch(1);
    top->addWidget(saveAs);
    auto* second = new QHBoxLayout;
    second->addWidget(new QLabel(tr("Chat template"), this));
    second->addWidget(m_templateBox);
    second->addWidget(m_templateKwargsEdit);
    second->addWidget(m_modelButton);
    second->addWidget(m_maxLength);
    second->addWidget(m_tokenInfo, 1);

    m_system = new QTextBrowser(this);
    m_system->setObjectName(QStringLiteral("systemMessage"));
    m_user = new QTextBrowser(this);
    m_user->setObjectName(QStringLiteral("userMessage"));
    m_diff = new QTextBrowser(this);
    m_diff->setObjectName(QStringLiteral("diff"));
    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("editor"));
    m_editor->setFont(codeFont());
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("editorError"));
    m_error->setStyleSheet(QStringLiteral("color:#c92a2a;"));
    m_error->setWordWrap(true);

    auto* messages = new QSplitter(Qt::Vertical, this);
    messages->addWidget(m_system);
    messages->addWidget(m_user);
    messages->setSizes({150, 550});
    auto* tabs = new QTabWidget(this);
    tabs->addTab(messages, tr("Messages"));
    tabs->addTab(m_diff, tr("Diff with the other style"));
    m_chat = new QTextBrowser(this);
    m_chat->setObjectName(QStringLiteral("chatText"));
    tabs->addTab(m_chat, tr("Chat text"));
    m_tokens = new TokenView(this);
    m_tokens->setObjectName(QStringLiteral("tokens"));
    tabs->addTab(m_tokens, tr("Tokens"));
    auto* editorBox = new QWidget(this);
    auto* editorLayout = new QVBoxLayout(editorBox);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(new QLabel(tr("Style file (edit to preview live)"), editorBox));
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_error);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(tabs);
    splitter->addWidget(editorBox);
    splitter->setSizes({750, 500});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(second);
    layout->addWidget(splitter, 1);

    connect(m_styleBox, &QComboBox::currentIndexChanged, this, &PromptView::onStyleChosen);
    connect(m_particles, &QComboBox::currentIndexChanged, this, &PromptView::refresh);
    connect(m_compare, &QComboBox::currentIndexChanged, this, &PromptView::refresh);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading) return;
        try {
            m_style = prompt::parsePromptStyle(m_editor->toPlainText().toStdString(), tr("(editor)").toStdString());
            m_error->clear();
        } catch (const Error& e) {
            m_error->setText(tr("Not applied (the previous style stays): %1").arg(errorMessage(e)));
        }
        refresh();
    });
    connect(saveAs, &QPushButton::clicked, this, &PromptView::saveStyleAs);
    connect(m_templateBox, &QComboBox::activated, this, &PromptView::onTemplateChosen);
    connect(m_templateKwargsEdit, &QLineEdit::editingFinished, this, [this] {
        try {
            m_templateKwargs = chat::parseTemplateKwargs(m_templateKwargsEdit->text().toStdString(),
                                                         tr("Template arguments").toStdString());
            m_error->clear();
        } catch (const Error& e) {
            m_error->setText(tr("Not applied (the previous arguments stay): %1").arg(errorMessage(e)));
        }
        refresh();
    });
    connect(m_modelButton, &QPushButton::clicked, this, &PromptView::chooseModel);
    connect(m_maxLength, &QSpinBox::valueChanged, this, [this](int v) {
        QSettings().setValue(QStringLiteral("prompt/maxSeqLength"), v);
        refresh();
    });
    loadStyles();
    const QString lastModel = QSettings().value(QStringLiteral("prompt/modelFolder")).toString();
    if (!lastModel.isEmpty() && QFileInfo(lastModel).isDir()) setModel(lastModel);
}

bool PromptView::setModel(const QString& folder) {
    QApplication::setOverrideCursor(Qt::WaitCursor);
    try {
        auto loaded = tok::loadTokenizer(folder.toStdString());
        std::optional<chat::ResolvedTemplate> modelTemplate;
        if (loaded.config.hasChatTemplate()) modelTemplate = chat::resolveChatTemplate(folder.toStdString());
        m_tokenizer = loaded.tokenizer;
        m_modelTemplate = std::move(modelTemplate);
        m_modelFolder = folder;
        // The model's named templates (additional_chat_templates/NAME.jinja or a named list), after its default.
        for (int i = m_templateBox->count() - 1; i >= 0; --i)
            if (m_templateBox->itemData(i).toString().startsWith(QLatin1String("model#"))) m_templateBox->removeItem(i);
        int at = 2;
        for (const auto& name : chat::modelTemplateNames(folder.toStdString()))
            if (name != "default")
                m_templateBox->insertItem(at++, tr("The model's template “%1”").arg(QString::fromStdString(name)),
                                          QStringLiteral("model#") + QString::fromStdString(name));
        QApplication::restoreOverrideCursor();
    } catch (const Error& e) {
        QApplication::restoreOverrideCursor();
        m_error->setText(tr("Model not loaded: %1").arg(errorMessage(e)));
        return false;
    }
    QSettings().setValue(QStringLiteral("prompt/modelFolder"), folder);
    m_modelButton->setText(tr("Model: %1").arg(QFileInfo(folder).fileName()));
    m_modelButton->setToolTip(folder);
    if (m_modelTemplate && !m_template)
        selectTemplate(QStringLiteral("model"));
    else
        refresh();
    return true;
}

bool PromptView::selectTemplate(const QString& spec) {
    if (spec.isEmpty()) {
        m_template.reset();
        m_templateBox->setCurrentIndex(0);
        refresh();
        return true;
    }
    if (spec == QLatin1String("model")) {
        if (!m_modelTemplate) {
            m_error->setText(
                tr("The model has no default chat template (chat_template.jinja or tokenizer_config.json's "
                   "chat_template); choose one of its named templates or a built-in template."));
            return false;
        }
        m_template = m_modelTemplate;
        m_templateBox->setCurrentIndex(1);
        refresh();
        return true;
    }
    try {
        m_template = spec.startsWith(QLatin1String("model#"))
                         ? chat::resolveChatTemplate((m_modelFolder + spec.mid(5)).toStdString())
                         : chat::resolveChatTemplate(spec.toStdString());
    } catch (const Error& e) {
        m_error->setText(tr("Template not used: %1").arg(errorMessage(e)));
        return false;
    }
    const int i = m_templateBox->findData(spec);
    m_templateBox->setCurrentIndex(i >= 0 ? i : m_templateBox->count() - 1);
    m_error->clear();
    refresh();
    return true;
}

void PromptView::onTemplateChosen() {
    const QString spec = m_templateBox->currentData().toString();
    if (spec == QLatin1String("file")) {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Chat template"), QString(),
                                         tr("Jinja templates or tokenizer configs (*.jinja *.j2 *.txt *.json)"));
        if (path.isEmpty() || !selectTemplate(path)) m_templateBox->setCurrentIndex(0);
        return;
    }
    if (!selectTemplate(spec)) m_templateBox->setCurrentIndex(0);
}

void PromptView::chooseModel() {
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Model folder (tokenizer.json, tokenizer_config.json)"), m_modelFolder);
    if (!folder.isEmpty()) setModel(folder);
}

void PromptView::setMaxSeqLength(int tokens) { m_maxLength->setValue(tokens); }

QString PromptView::chatText() const { return m_chat->toPlainText(); }

void PromptView::showPreview(const Sample& sample, std::optional<text::ParticleMode> mode) {
    prompt::PreviewOptions options;
    options.particles = mode;
    if (m_template) {
        options.chatTemplate = &m_template->chatTemplate;
        options.templateOptions = m_template->options;
        options.templateOptions.templateKwargs = m_templateKwargs;
    }
    options.tokenizer = m_tokenizer.get();
    options.maxSeqLength = std::size_t(m_maxLength->value());
    prompt::PromptPreview preview;
    try {
        preview = prompt::previewPrompt(sample, m_style, options);
    } catch (const Error& e) {
        m_chat->setPlainText(tr("The chat template failed on this item:\n%1").arg(errorMessage(e)));
        m_tokens->clear();
        m_tokenInfo->clear();
        m_tokenCount = -1;
        return;
    }
    m_chat->setPlainText(preview.templated ? QString::fromStdString(preview.chatText)
                                           : tr("Choose a chat template to see the text the model receives."));
    m_tokens->setTokens(preview.tokens);
    m_tokenCount = preview.tokenized ? int(preview.tokens.size()) : -1;
    m_overLimit = preview.overLimit;
    if (!preview.tokenized) {
        m_tokenInfo->setText(tr("Choose a model folder to count tokens."));
        m_tokenInfo->setStyleSheet(QString());
    } else {
        QString info = tr("%n token(s)", nullptr, m_tokenCount);
        if (!preview.templated) info += tr(" (system + user without a chat template)");
        if (preview.trainingLength != preview.tokens.size())
            info += tr(" · %1 with the answer, as training counts it").arg(preview.trainingLength);
        if (preview.overLimit) info += tr(" — over max_seq_length: the published training skipped such items");
        m_tokenInfo->setText(info);
        m_tokenInfo->setStyleSheet(preview.overLimit ? QStringLiteral("color:#c92a2a; font-weight:bold;") : QString());
    }
}

void PromptView::loadStyles() {
    m_styles.clear();
    QStringList problems;
    for (const std::string& dir : {prompt::bundledPromptDir(), SettingsDialog::userStylesFolder().toStdString()}) {
        if (!QDir(QString::fromStdString(dir)).exists()) continue;
        try {
            for (prompt::PromptStyle& s : prompt::loadPromptStyles(dir)) m_styles.push_back(std::move(s));
        } catch (const Error& e) {
            problems << errorMessage(e);
        }
    }
    m_loading = true;
    m_styleBox->clear();
    m_compare->clear();
    m_compare->addItem(tr("(none)"));
    for (const prompt::PromptStyle& s : m_styles) {
        m_styleBox->addItem(QString::fromStdString(s.name));
        m_compare->addItem(QString::fromStdString(s.name));
        m_styleBox->setItemData(m_styleBox->count() - 1, QString::fromStdString(s.description), Qt::ToolTipRole);
    }
    m_loading = false;
    if (!problems.isEmpty()) m_error->setText(problems.join(QLatin1Char('\n')));
    onStyleChosen();
}

void PromptView::onStyleChosen() {
    if (m_loading) return;
    const int i = m_styleBox->currentIndex();
    if (i < 0 || i >= int(m_styles.size())) return;
    m_style = m_styles[std::size_t(i)];
    m_loading = true;
    try {
        m_editor->setPlainText(QString::fromStdString(readFile(m_style.sourcePath)));
    } catch (const Error& e) {
        m_editor->clear();
        m_error->setText(errorMessage(e));
    }
    m_loading = false;
    m_error->clear();
    refresh();
}

bool PromptView::selectStyle(const QString& name) {
    for (std::size_t i = 0; i < m_styles.size(); ++i)
        if (m_styles[i].answersTo(name.toStdString())) {
            m_styleBox->setCurrentIndex(int(i));
            onStyleChosen();
            return true;
        }
    return false;
}

void PromptView::setParticles(std::optional<text::ParticleMode> mode) {
    m_particles->setCurrentIndex(mode ? (*mode == text::ParticleMode::Correct ? 1 : 2) : 0);
}

bool PromptView::compareWith(const QString& name) {
    const int i = name.isEmpty() ? 0 : m_compare->findText(name);
    if (i < 0) return false;
    m_compare->setCurrentIndex(i);
    return true;
}

void PromptView::setStyleText(const QString& json) { m_editor->setPlainText(json); }

QString PromptView::editorError() const { return m_error->text(); }

void PromptView::showItem(int sourceRow) {
    m_sourceRow = sourceRow;
    refresh();
}

void PromptView::refresh() {
    const ItemIndex& index = m_workspace->corpora().index();
    if (m_sourceRow < 0 || std::size_t(m_sourceRow) >= index.size() || m_style.blocks.empty()) {
        m_system->clear();
        m_user->setPlainText(tr("Select an item in the Browse tab."));
        m_diff->clear();
        m_badge->hide();
        m_chat->clear();
        m_tokens->clear();
        return;
    }
    const Sample& sample = index.sample(std::size_t(m_sourceRow));
    std::optional<text::ParticleMode> mode;
    if (m_particles->currentData().toInt() >= 0)
        mode = static_cast<text::ParticleMode>(m_particles->currentData().toInt());
    const prompt::PromptMessages m = prompt::buildPrompt(sample, m_style, mode);
    m_system->setHtml(pre(QString::fromStdString(m.system), QStringLiteral("#f8f9fa")));
    QString html;
    for (const prompt::BlockSpan& b : m.blocks)
        html += pre(QString::fromStdString(m.user.substr(b.begin, b.end - b.begin)), blockColor(b.type));
    m_user->setHtml(html);
    m_badge->setVisible(m.legacyDroppedText);
    showPreview(sample, mode);

    const int other = m_compare->currentIndex() - 1;
    if (other < 0 || other >= int(m_styles.size())) {
        m_diff->setPlainText(tr("Choose a style to compare with."));
        return;
    }
    const prompt::PromptMessages o = prompt::buildPrompt(sample, m_styles[std::size_t(other)], mode);
    QString diff;
    for (const auto& [label, a, b] :
         {std::tuple{tr("system"), m.system, o.system}, std::tuple{tr("user"), m.user, o.user}}) {
        diff += QStringLiteral("<h4>%1</h4><pre style='white-space:pre-wrap'>").arg(label);
        for (const text::DiffLine& line : text::diffLines(a, b)) {
            const QString t = QString::fromStdString(line.text).toHtmlEscaped();
            if (line.kind == text::DiffLine::Kind::Same)
                diff += QStringLiteral("  ") + t + QLatin1Char('\n');
            else if (line.kind == text::DiffLine::Kind::Removed)
                diff += QStringLiteral("<span style='background:#ffe3e3'>- %1</span>\n").arg(t);
            else
                diff += QStringLiteral("<span style='background:#d3f9d8'>+ %1</span>\n").arg(t);
        }
        diff += QStringLiteral("</pre>");
    }
    m_diff->setHtml(tr("<p>- %1 &nbsp; + %2</p>")
                        .arg(QString::fromStdString(m_style.name).toHtmlEscaped(),
                             QString::fromStdString(m_styles[std::size_t(other)].name)) +
                    diff);
}

void PromptView::saveStyleAs() {
    const QString folder = SettingsDialog::userStylesFolder();
    QDir().mkpath(folder);
    const QString suggested =
        QDir(folder).filePath(QString::fromStdString(m_style.name) + QStringLiteral("-mine.json"));
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save the prompt style"), suggested, tr("Prompt style (*.json)"));
    if (path.isEmpty()) return;
    if (!path.endsWith(QLatin1String(".json"))) path += QStringLiteral(".json");
    try {
        std::vector<std::string> taken;
        for (const prompt::PromptStyle& s : m_styles)
            if (QFileInfo(QString::fromStdString(s.sourcePath)) != QFileInfo(path)) taken.push_back(s.name);
        const std::string text =
            prompt::renamedStyleJson(m_editor->toPlainText().toStdString(),
                                     QFileInfo(path).completeBaseName().toStdString(), taken, path.toStdString());
        writeFileAtomic(path.toStdString(), text);
        loadStyles();
        // The saved style is shown (the selection stayed on the first style), under its own name.
        const std::string name = prompt::parsePromptStyle(text, path.toStdString()).name;
        m_styleBox->setCurrentIndex(m_styleBox->findText(QString::fromStdString(name)));
        m_error->setText(tr("Saved as %1 (%2); New Run lists it.").arg(QString::fromStdString(name), path));
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Cannot save the style"), errorMessage(e));
    }
}

}  // namespace cci::ui
