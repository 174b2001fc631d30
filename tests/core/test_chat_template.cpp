// Chat templates: rendering of the built-in templates, the prompt of a style through a template, and clear errors
// (line and column) for malformed templates, raise_exception and templates that would run without end.
// (Conformance with @huggingface/jinja on real templates is in tests/reference/compare_chat_templates.py.)
#include "chat/chat_template.h"
#include "chat/template_source.h"
#include "util/problem.h"

#include <QtTest>

#include "test_support.h"

using namespace cci;
using cci::test::errorOf;
using namespace cci::chat;

namespace {

const std::vector<ChatMessage> kConversation{{"system", "S"}, {"user", "U"}};

}  // namespace

class TestChatTemplate : public QObject {
    Q_OBJECT
private slots:
    void builtins() {
        const auto solar = resolveChatTemplate("solar");
        QCOMPARE(solar.chatTemplate.render(kConversation, solar.options),
                 std::string("<s>S\n\n### User:\nU\n\n### Assistant:\n"));
        const auto chatml = resolveChatTemplate("chatml");
        QCOMPARE(
            chatml.chatTemplate.render(kConversation, chatml.options),
            std::string("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n"));
        const auto llama2 = resolveChatTemplate("llama2");
        QCOMPARE(llama2.chatTemplate.render(kConversation, llama2.options),
                 std::string("<s>[INST] <<SYS>>\nS\n<</SYS>>\n\nU [/INST]"));
        const auto llama3 = resolveChatTemplate("llama3");
        auto noPrompt = llama3.options;
        noPrompt.addGenerationPrompt = false;
        QCOMPARE(llama3.chatTemplate.render({{"user", " U "}}, noPrompt),
                 std::string("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nU<|eot_id|>"));
    }

    void whitespaceControlAndBlocks() {
        const auto t =
            ChatTemplate::parse("{% for m in messages %}\n  {{- m.role }}:{{ m.content }}\n{% endfor %}", "t");
        QCOMPARE(t.render(kConversation, {}), std::string("system:S\nuser:U\n"));
    }

    void errorsNameLineAndColumn_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unterminated") << "ab\n{{ x"
                                      << "t.jinja:2:1: unterminated {{ … }}";
        QTest::newRow("unknown statement") << "{% include 'x' %}"
                                           << "t.jinja:1:4: unsupported statement 'include'";
        QTest::newRow("missing endif") << "{% if x %}a"
                                       << "missing {% endif %}";
        QTest::newRow("bad expression") << "{{ 1 + }}"
                                        << "t.jinja:1:8: expected an expression, found '}}'";
        QTest::newRow("stray char") << "{{ a ; b }}"
                                    << "unexpected character ';'";
        QTest::newRow("raise") << "\n{{ raise_exception('roles must alternate') }}"
                               << "t.jinja:2:";
        QTest::newRow("unknown filter") << "{{ 'a' | frobnicate }}"
                                        << "unknown filter 'frobnicate'";
        QTest::newRow("endless loop")
            << "{% for i in range(1000000) %}{% for j in range(1000000) %}{% endfor %}{% endfor %}"
            << "too many loop iterations";
        QTest::newRow("huge index") << "{{ messages.99999999999999999999999 }}"
                                    << "t.jinja:1:13: integer literal out of range";
        QTest::newRow("huge number") << ("{{ " + QString(400, '9') + ".5 }}") << "number literal out of range";
        QTest::newRow("deep recursion") << "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"
                                        << "nest too deeply";
    }

    void errorsNameLineAndColumn() {
        QFETCH(QString, source);
        QFETCH(QString, expected);
        const std::string message = errorOf([&] {
            const auto t = ChatTemplate::parse(source.toStdString(), "t.jinja");
            t.render(kConversation, {});
        });
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    }

    void unknownBuiltinListsTheNames() {
        const std::string message = errorOf([] { resolveChatTemplate("vicuna"); });
        QVERIFY2(message.find("llama2, chatml, llama3, solar") != std::string::npos, message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestChatTemplate)
#include "test_chat_template.moc"
