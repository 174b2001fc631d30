// `cci tokenize`, `cci template` and `cci prompt --template/--model`: ids and texts equal core's, and bad input
// (missing tokenizer, malformed JSONL, unknown template, conflicting options) gives a clear error and exit code.
#include "cli_runner.h"

#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "prompt/prompt_builder.h"
#include "prompt/prompt_preview.h"
#include "tokenizer/hf_tokenizer.h"
#include "util/atomic_write.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace cci;
using cci::test::demoFile;
using cci::test::runCci;

namespace {

cci::test::CliRun runWithInput(const QStringList& args, const QByteArray& input) {
    QProcess p;
    p.start(QStringLiteral(CCI_BINARY), args);
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(60000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

QString tinyTokenizer() { return QStringLiteral(CCI_TEST_DATA_DIR "/tokenizers/tiny_bpe.json"); }

}  // namespace

class TestCliTokenizeTemplate : public QObject {
    Q_OBJECT
private slots:
    void tokenizeStdinAndJsonl() {
        const auto r = runWithInput({"tokenize", "--tokenizer", tinyTokenizer()}, "abc ab");
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out.trimmed(), QStringLiteral("[1,14,13]"));
        const auto plain = runWithInput({"tokenize", "--tokenizer", tinyTokenizer(), "--no-special"}, "abc ab");
        QCOMPARE(plain.out.trimmed(), QStringLiteral("[14,13]"));
        const auto decoded =
            runWithInput({"tokenize", "--tokenizer", tinyTokenizer(), "--decode", "--skip-special"}, "[1,14,13]");
        QCOMPARE(decoded.out.trimmed(), QStringLiteral("abc ab"));

        QTemporaryDir dir;
        const QString jsonl = dir.filePath("in.jsonl");
        writeFileAtomic(jsonl.toStdString(),
                        std::string("{\"id\": \"x\", \"text\": \"가a\"}\n\n{\"id\": 2, \"text\": \"\"}\n"));
        const auto lines =
            runCci({"tokenize", "--tokenizer", tinyTokenizer(), "--jsonl", jsonl}).out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0], QStringLiteral("{\"id\":\"x\",\"ids\":[1,6,3,4,5,7]}"));
        QCOMPARE(lines[1], QStringLiteral("{\"id\":2,\"ids\":[1]}"));
    }

    void tokenizeBadInput() {
        QCOMPARE(runCci({"tokenize"}).code, 2);
        const auto missing = runWithInput({"tokenize", "--tokenizer", "/nonexistent/tok"}, "a");
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains("/nonexistent/tok") && missing.err.contains("no such file"),
                 qPrintable(missing.err));
        QTemporaryDir dir;
        const QString jsonl = dir.filePath("bad.jsonl");
        writeFileAtomic(jsonl.toStdString(), std::string("{\"id\": 1, \"text\": \"a\"}\n{\"id\": 2, \"text\": 5}\n"));
        const auto bad = runCci({"tokenize", "--tokenizer", tinyTokenizer(), "--jsonl", jsonl});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("bad.jsonl:2") && bad.err.contains("\"text\""), qPrintable(bad.err));
        // A value nested 100,000 levels deep in a JSON line crashed tokenize, tokenize --decode and
        // template --cases: refused as every other reader refuses it.
        const std::string deep = std::string(100000, '[') + std::string(100000, ']');
        const QString deepJsonl = dir.filePath("deep.jsonl");
        writeFileAtomic(deepJsonl.toStdString(),
                        "\n{\"id\": " + deep + ", \"text\": \"hi\", \"messages\": " + deep + "}\n");
        for (const QStringList& args :
             {QStringList{"tokenize", "--tokenizer", tinyTokenizer(), "--jsonl", deepJsonl},
              QStringList{"tokenize", "--tokenizer", tinyTokenizer(), "--decode", "--jsonl", deepJsonl},
              QStringList{"template", "chatml", "--cases", deepJsonl}}) {
            const auto r = runCci(args);
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains("deep.jsonl:2: nesting deeper than 256 levels"), qPrintable(r.err));
        }
    }

    void templateRendersMessages() {
        QTemporaryDir dir;
        const QString messages = dir.filePath("m.json");
        writeFileAtomic(
            messages.toStdString(),
            std::string("[{\"role\": \"system\", \"content\": \"S\"}, {\"role\": \"user\", \"content\": \"U\"}]"));
        const auto r = runCci({"template", "chatml", "--messages", messages, "--no-generation-prompt"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n"));
        const auto unknown = runCci({"template", "vicuna", "--messages", messages});
        QCOMPARE(unknown.code, 1);
        QVERIFY2(unknown.err.contains("built-in template"), qPrintable(unknown.err));
        const QString broken = dir.filePath("t.jinja");
        writeFileAtomic(broken.toStdString(), std::string("line one\n{% for %}"));
        const auto syntax = runCci({"template", broken, "--messages", messages});
        QCOMPARE(syntax.code, 1);
        QVERIFY2(syntax.err.contains("t.jinja:2:8"), qPrintable(syntax.err));
    }

    void promptWithTemplateAndModel() {
        const auto r =
            runCci({"prompt", demoFile("demo_dev.json"), "--style", "CustomRef", "--template", "solar", "--jsonl"});
        QCOMPARE(r.code, 0);
        const auto first = QJsonDocument::fromJson(r.out.split('\n').first().toUtf8()).object();
        const Corpus corpus = loadCorpus(demoFile("demo_dev.json").toStdString());
        const auto resolved = chat::resolveChatTemplate("solar");
        const auto m = prompt::buildPrompt(corpus.samples.front(),
                                           prompt::loadPromptStyle(prompt::bundledPromptDir() + "/CustomRef.json"));
        QCOMPARE(first["text"].toString().toStdString(),
                 resolved.chatTemplate.render(prompt::chatMessages(m), resolved.options));
        QCOMPARE(
            runCci({"prompt", demoFile("demo_dev.json"), "--style", "CustomRef", "--template", "solar", "--model", "x"})
                .code,
            2);
        const auto noTemplate = runCci({"prompt", demoFile("demo_dev.json"), "--style", "CustomRef", "--model",
                                        QStringLiteral(CCI_TEST_DATA_DIR "/tokenizers")});
        QCOMPARE(noTemplate.code, 1);
        QVERIFY2(noTemplate.err.contains("tokenizer_config.json"), qPrintable(noTemplate.err));
    }

    void exportChatJsonlForOtherTrainers() {
        QTemporaryDir dir;
        const QString out = dir.filePath("dev.chat.jsonl");
        const auto r = runCci({"prompt", demoFile("demo_dev.json"), "--style", "SystemRefOfficialTerm", "--export",
                               "chat-jsonl", "-o", out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const Corpus corpus = loadCorpus(demoFile("demo_dev.json").toStdString());
        const auto style = prompt::findPromptStyle("SystemRefOfficialTerm");
        const QStringList lines = QString::fromStdString(readFile(out.toStdString())).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), qsizetype(corpus.samples.size()));
        QVERIFY2(r.err.contains(QStringLiteral("%1 with the answer").arg(corpus.samples.size())), qPrintable(r.err));
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const Sample& s = corpus.samples[std::size_t(i)];
            const auto messages = QJsonDocument::fromJson(lines[i].toUtf8()).object()["messages"].toArray();
            const auto m = prompt::buildPrompt(s, style);
            QCOMPARE(messages.size(), 3);
            QCOMPARE(messages[0].toObject()["role"].toString(), QStringLiteral("system"));
            QCOMPARE(messages[0].toObject()["content"].toString().toStdString(), m.system);
            QCOMPARE(messages[1].toObject()["content"].toString().toStdString(), m.user);
            const int gold = s.goldIndex();
            QCOMPARE(messages[2].toObject()["role"].toString(), QStringLiteral("assistant"));
            QCOMPARE(messages[2].toObject()["content"].toString().toStdString(),
                     std::string(1, char('A' + gold)) + ". " + s.inferences[std::size_t(gold)]);
        }
        // The test split has no answers: system and user only.
        const QString test = dir.filePath("test.chat.jsonl");
        QCOMPARE(
            runCci({"prompt", demoFile("demo_test.json"), "--style", "CustomRef", "--export", "chat-jsonl", "-o", test})
                .code,
            0);
        const auto firstTest =
            QJsonDocument::fromJson(QString::fromStdString(readFile(test.toStdString())).split('\n').first().toUtf8())
                .object()["messages"]
                .toArray();
        QCOMPARE(firstTest.last().toObject()["role"].toString(), QStringLiteral("user"));
        // Misuse is a usage error that says what to do.
        const auto csv = runCci(
            {"prompt", demoFile("demo_dev.json"), "--style", "CustomRef", "--export", "csv", "-o", dir.filePath("x")});
        QCOMPARE(csv.code, 2);
        QVERIFY2(csv.err.contains("--export takes chat-jsonl, not \"csv\""), qPrintable(csv.err));
        const auto noOut =
            runCci({"prompt", demoFile("demo_dev.json"), "--style", "CustomRef", "--export", "chat-jsonl"});
        QCOMPARE(noOut.code, 2);
        QVERIFY2(noOut.err.contains("needs -o OUT.jsonl"), qPrintable(noOut.err));
        const auto withTemplate = runCci({"prompt", demoFile("demo_dev.json"), "--style", "CustomRef", "--export",
                                          "chat-jsonl", "-o", dir.filePath("y"), "--template", "solar"});
        QCOMPARE(withTemplate.code, 2);
        QVERIFY2(withTemplate.err.contains("leave out --template"), qPrintable(withTemplate.err));
        QVERIFY(!QFileInfo::exists(dir.filePath("x")) && !QFileInfo::exists(dir.filePath("y")));
        // The output may not be the input.
        const QString copy = dir.filePath("in.json");
        QFile::copy(demoFile("demo_dev.json"), copy);
        const auto over = runCci({"prompt", copy, "--style", "CustomRef", "--export", "chat-jsonl", "-o", copy});
        QCOMPARE(over.code, 1);
        QVERIFY2(over.err.contains("is also an input"), qPrintable(over.err));
        QCOMPARE(readFile(copy.toStdString()), readFile(demoFile("demo_dev.json").toStdString()));
    }
};

QTEST_GUILESS_MAIN(TestCliTokenizeTemplate)
#include "test_cli_tokenize_template.moc"
