// The Prompt view (offscreen): it follows the browser's item, shows core's prompt, flags legacy particles that
// drop text, keeps the previous style when the edited JSON is invalid, and diffs two styles.
#include "browser/browser_view.h"
#include "main_window.h"
#include "prompt/prompt_builder.h"
#include "prompt/prompt_view.h"
#include "prompt/token_view.h"
#include "tokenizer/hf_tokenizer.h"
#include "util/atomic_write.h"
#include "workspace/corpus_workspace.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextBrowser>
#include <QtTest>

using namespace cci;
using namespace cci::ui;

class TestPromptView : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;

    PromptView* view() { return m_window->promptView(); }
    int rowOfCategory(const char* category) {
        const ItemIndex& index = m_window->workspace()->corpora().index();
        for (std::size_t r = 0; r < index.size(); ++r)
            if (index.sample(r).category == category) return int(r);
        return -1;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        m_window->openFiles({":/demo/demo_dev.json"});
        QTRY_VERIFY(m_window->workspace()->corpora().totalItems() == 40);
        QVERIFY(m_window->showView("prompt"));
    }

    void showsCoresPromptAndTheLegacyBadge() {
        const int row = rowOfCategory("동기");
        QVERIFY(m_window->browser()->selectSourceRow(row));
        QVERIFY(view()->selectStyle("CustomRefDefinitionDataset"));
        const Sample& s = m_window->workspace()->corpora().index().sample(std::size_t(row));
        const auto expected = prompt::buildPrompt(s, view()->currentStyle());
        const QString shown = view()->findChild<QTextBrowser*>("userMessage")->toPlainText();
        QVERIFY(shown.contains(QString::fromStdString(
            expected.user.substr(expected.blocks[2].begin, expected.blocks[2].end - expected.blocks[2].begin))));
        QVERIFY(!view()->findChild<QLabel*>("legacyBadge")->isVisibleTo(view()));
        view()->setParticles(text::ParticleMode::Legacy);
        QVERIFY(view()->findChild<QLabel*>("legacyBadge")->isVisibleTo(view()));
        QVERIFY(view()
                    ->findChild<QTextBrowser*>("userMessage")
                    ->toPlainText()
                    .contains(QString::fromUtf8("를 가장 잘 설명하는 문장은 무엇인가?")));
        view()->setParticles(std::nullopt);
    }

    void invalidEditsKeepThePreviousStyle() {
        QVERIFY(view()->selectStyle("Baseline"));
        view()->setStyleText("{\"name\": \"Broken\", \"system\": ");
        QVERIFY(view()->editorError().contains("malformed JSON"));
        QCOMPARE(view()->currentStyle().name, std::string("Baseline"));
        view()->setStyleText(
            QString::fromUtf8("{\"name\": \"Mine\", \"system\": \"짧게\", \"blocks\": [{\"type\": \"options\", "
                              "\"header\": \"[보기]\"}]}"));
        QVERIFY(view()->editorError().isEmpty());
        QCOMPARE(view()->currentStyle().name, std::string("Mine"));
        QVERIFY(view()
                    ->findChild<QTextBrowser*>("userMessage")
                    ->toPlainText()
                    .startsWith(QString::fromUtf8("[보기]\nA. ")));
    }

    void diffOfTwoStyles() {
        QVERIFY(view()->selectStyle("Baseline"));
        QVERIFY(view()->compareWith("CustomRef"));
        const QString diff = view()->findChild<QTextBrowser*>("diff")->toPlainText();
        QVERIFY(diff.contains(QString::fromUtf8("+ [Utterance References]")));
        QVERIFY(diff.contains(QString::fromUtf8("- 위 대화의 ")));
        QVERIFY(diff.contains("  [Conversation]"));
    }

    void styleEditorDrawsBackslashesAsBackslashes() {
        // Korean fonts (NanumGothic) draw U+005C as ₩; the editor's font is a Latin monospace family.
        const QFontInfo info(view()->findChild<QPlainTextEdit*>("editor")->font());
        QVERIFY2(info.fixedPitch(), qPrintable(info.family()));
        QVERIFY2(!info.family().contains("Nanum"), qPrintable(info.family()));
    }

    void cleanupTestCase() { m_window.reset(); }
    void chatTemplateTokensAndTheLengthLimit() {
        // A model folder with the test tokenizer and a chat template in its tokenizer_config.json.
        QTemporaryDir model;
        const std::string dir = model.path().toStdString();
        writeFileAtomic(dir + "/tokenizer.json",
                        readFile(std::string(CCI_TEST_DATA_DIR) + "/tokenizers/tiny_bpe.json"));
        writeFileAtomic(
            dir + "/tokenizer_config.json",
            std::string("{\"bos_token\": \"<s>\", \"eos_token\": \"</s>\", \"chat_template\": "
                        "\"{{ bos_token }}{% for m in messages %}[{{ m.role }}] {{ m.content }}\\n{% endfor %}"
                        "{% if add_generation_prompt %}[assistant] {% endif %}\"}"));
        QVERIFY(m_window->browser()->selectSourceRow(0));
        QVERIFY(view()->selectStyle("Baseline"));
        QVERIFY(!view()->setModel(model.path() + "/missing"));
        QCOMPARE(view()->tokenCount(), -1);
        QVERIFY(view()->setModel(model.path()));
        // The model's own template is taken when none was chosen.
        QVERIFY(view()->chatText().startsWith("<s>[system] "));
        QVERIFY(view()->chatText().endsWith("[assistant] "));
        const auto tokenizer = tok::HfTokenizer::fromFile(dir + "/tokenizer.json");
        const int expected = int(tokenizer->encode(view()->chatText().toStdString(), false).size());
        QCOMPARE(view()->tokenCount(), expected);
        QCOMPARE(view()->findChild<TokenView*>("tokens")->count(), expected);
        // The item is labelled: training counts its answer and eos too (what max_seq_length limits).
        const QString info = view()->findChild<QLabel*>("tokenInfo")->text();
        const QRegularExpression trained(" · (\\d+) with the answer, as training counts it");
        const auto match = trained.match(info);
        QVERIFY2(match.hasMatch(), qPrintable(info));
        const int withAnswer = match.captured(1).toInt();
        QVERIFY(withAnswer > expected + 1);
        view()->setMaxSeqLength(withAnswer);
        QVERIFY(!view()->overLimit());
        view()->setMaxSeqLength(withAnswer - 1);
        QVERIFY(view()->overLimit());
        QVERIFY(view()->findChild<QLabel*>("tokenInfo")->text().contains("over max_seq_length"));
        view()->setMaxSeqLength(1024);
        // A built-in template replaces it; an invalid template file is refused and the previous one stays.
        QVERIFY(view()->selectTemplate("solar"));
        QVERIFY(view()->chatText().contains("### User:"));
        writeFileAtomic(dir + "/broken.jinja", std::string("{% if %}"));
        QVERIFY(!view()->selectTemplate(model.path() + "/broken.jinja"));
        QVERIFY(view()->editorError().contains("broken.jinja:1:"));
        QVERIFY(view()->chatText().contains("### User:"));
        QVERIFY(view()->selectTemplate(""));
        QVERIFY(!view()->chatText().contains("### User:"));
        // Saved by transformers 5: chat_template.jinja wins over tokenizer_config.json's; a named template is offered
        // beside it; the template arguments typed reach the template.
        writeFileAtomic(dir + "/chat_template.jinja",
                        std::string("J{% for m in messages %}[{{ m.role }}]{% endfor %}|{{ enable_thinking }}"));
        QDir().mkpath(model.path() + "/additional_chat_templates");
        writeFileAtomic(dir + "/additional_chat_templates/short.jinja", std::string("S{{ messages | length }}"));
        QVERIFY(view()->setModel(model.path()));
        QVERIFY(view()->selectTemplate("model"));
        QCOMPARE(view()->chatText(), QStringLiteral("J[system][user]|"));
        auto* kwargs = view()->findChild<QLineEdit*>("templateKwargs");
        QVERIFY(kwargs);
        kwargs->setText("enable_thinking=false");
        emit kwargs->editingFinished();
        QCOMPARE(view()->chatText(), QStringLiteral("J[system][user]|False"));
        kwargs->setText("messages=1");
        emit kwargs->editingFinished();
        QVERIFY(view()->editorError().contains("\"messages\" cannot be"));
        QCOMPARE(view()->chatText(), QStringLiteral("J[system][user]|False"));  // the previous arguments stay
        auto* box = view()->findChild<QComboBox*>("template");
        QVERIFY(box->findData(QStringLiteral("model#short")) > 1);
        QVERIFY(view()->selectTemplate("model#short"));
        QCOMPARE(view()->chatText(), QStringLiteral("S2"));
        kwargs->clear();
        emit kwargs->editingFinished();
    }
};

QTEST_MAIN(TestPromptView)
#include "test_prompt_view.moc"
