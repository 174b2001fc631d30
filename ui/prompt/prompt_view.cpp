// PromptView: style selection, block highlighting, editor and diff; prompts come from core/prompt.
#include "prompt/prompt_view.h"

#include "prompt/prompt_builder.h"
#include "text/line_diff.h"
#include "util/atomic_write.h"
#include "util/problem.h"
#include "workspace/corpus_workspace.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTextBrowser>

namespace cci::ui {
namespace {

QString blockColor(prompt::PromptBlock::Type t) {
    switch (t) {
        case prompt::PromptBlock::Type::Conversation: return QStringLiteral("#e7f5ff");
        case prompt::PromptBlock::Type::References: return QStringLiteral("#fff4e6");
        case prompt::PromptBlock::Type::Options: return QStringLiteral("#ebfbee");
        case prompt::PromptBlock::Type::Text: return QStringLiteral("#f3f0ff");
    }
    return QStringLiteral("#ffffff");
}

QString pre(const QString& text, const QString& background) {
    return QStringLiteral("<pre style='white-space:pre-wrap; background:%1; margin:0 0 6px 0; padding:4px'>%2</pre>")
        .arg(background, text.toHtmlEscaped());
}

QString userFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/prompts");
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
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Style"), this));
    top->addWidget(m_styleBox);
    top->addWidget(m_particles);
    top->addWidget(new QLabel(tr("Compare with"), this));
    top->addWidget(m_compare);
    top->addWidget(m_badge);
    top->addStretch(1);
    top->addWidget(saveAs);

    m_system = new QTextBrowser(this);
    m_system->setObjectName(QStringLiteral("systemMessage"));
    m_user = new QTextBrowser(this);
    m_user->setObjectName(QStringLiteral("userMessage"));
    m_diff = new QTextBrowser(this);
    m_diff->setObjectName(QStringLiteral("diff"));
    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("editor"));
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
            m_error->setText(tr("Not applied (the previous style stays): %1").arg(QString::fromUtf8(e.what())));
        }
        refresh();
    });
    connect(saveAs, &QPushButton::clicked, this, &PromptView::saveStyleAs);
    loadStyles();
}

void PromptView::loadStyles() {
    m_styles.clear();
    QStringList problems;
    for (const std::string& dir : {prompt::bundledPromptDir(), userFolder().toStdString()}) {
        if (!QDir(QString::fromStdString(dir)).exists()) continue;
        try {
            for (prompt::PromptStyle& s : prompt::loadPromptStyles(dir)) m_styles.push_back(std::move(s));
        } catch (const Error& e) {
            problems << QString::fromUtf8(e.what());
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
        m_error->setText(QString::fromUtf8(e.what()));
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
        return;
    }
    const Sample& sample = index.sample(std::size_t(m_sourceRow));
    std::optional<text::ParticleMode> mode;
    if (m_particles->currentData().toInt() >= 0) mode = static_cast<text::ParticleMode>(m_particles->currentData().toInt());
    const prompt::PromptMessages m = prompt::buildPrompt(sample, m_style, mode);
    m_system->setHtml(pre(QString::fromStdString(m.system), QStringLiteral("#f8f9fa")));
    QString html;
    for (const prompt::BlockSpan& b : m.blocks)
        html += pre(QString::fromStdString(m.user.substr(b.begin, b.end - b.begin)), blockColor(b.type));
    m_user->setHtml(html);
    m_badge->setVisible(m.legacyDroppedText);

    const int other = m_compare->currentIndex() - 1;
    if (other < 0 || other >= int(m_styles.size())) {
        m_diff->setPlainText(tr("Choose a style to compare with."));
        return;
    }
    const prompt::PromptMessages o = prompt::buildPrompt(sample, m_styles[std::size_t(other)], mode);
    QString diff;
    for (const auto& [label, a, b] : {std::tuple{tr("system"), m.system, o.system}, std::tuple{tr("user"), m.user, o.user}}) {
        diff += QStringLiteral("<h4>%1</h4><pre style='white-space:pre-wrap'>").arg(label);
        for (const text::DiffLine& line : text::diffLines(a, b)) {
            const QString t = QString::fromStdString(line.text).toHtmlEscaped();
            if (line.kind == text::DiffLine::Kind::Same) diff += QStringLiteral("  ") + t + QLatin1Char('\n');
            else if (line.kind == text::DiffLine::Kind::Removed)
                diff += QStringLiteral("<span style='background:#ffe3e3'>- %1</span>\n").arg(t);
            else diff += QStringLiteral("<span style='background:#d3f9d8'>+ %1</span>\n").arg(t);
        }
        diff += QStringLiteral("</pre>");
    }
    m_diff->setHtml(tr("<p>- %1 &nbsp; + %2</p>").arg(QString::fromStdString(m_style.name).toHtmlEscaped(),
                                                       QString::fromStdString(m_styles[std::size_t(other)].name)) + diff);
}

void PromptView::saveStyleAs() {
    QDir().mkpath(userFolder());
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the prompt style"), userFolder(),
                                                      tr("Prompt style (*.json)"));
    if (path.isEmpty()) return;
    try {
        (void)prompt::parsePromptStyle(m_editor->toPlainText().toStdString(), path.toStdString());
        writeFileAtomic(path.toStdString(), m_editor->toPlainText().toStdString());
        loadStyles();
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Cannot save the style"), QString::fromUtf8(e.what()));
    }
}

}  // namespace cci::ui
