// Chat templates: rendering of the built-in templates, the prompt of a style through a template, and clear errors
// (line and column) for malformed templates, raise_exception and templates that would run without end.
// (Conformance with @huggingface/jinja on real templates is in tests/reference/compare_chat_templates.py.)
#include "chat/chat_template.h"
#include "chat/template_kwargs.h"
#include "chat/template_source.h"
#include "util/atomic_write.h"
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
        // Hostile templates (each crashed or hung the interpreter once): refused with a message, never a signal.
        QTest::newRow("floor division overflow") << "{{ (-9223372036854775807 - 1) // -1 }}"
                                                 << "t.jinja:1:31: integer overflow in '//'";
        QTest::newRow("addition overflow") << "{{ 9223372036854775807 + 1 }}"
                                           << "integer overflow in '+'";
        QTest::newRow("power overflow") << "{{ 9 ** 9 ** 9 }}"
                                        << "integer overflow in '**'";
        QTest::newRow("negation overflow") << "{{ -(-9223372036854775807 - 1) }}"
                                           << "integer overflow in '-'";
        QTest::newRow("int filter beyond 64 bits") << "{{ '99999999999999999999999' | int }}"
                                                   << "does not fit in 64 bits";
        QTest::newRow("append is unsafe")
            << "{% set ns = namespace(a=[]) %}{% set _ = ns.a.append(ns.a) %}{{ ns.a | tojson }}"
            << "t.jinja:1:46: access to attribute 'append' of 'list' object is unsafe";
        QTest::newRow("dict update is unsafe") << "{% set d = {'a': 1} %}{{ d.update({'b': 2}) }}"
                                               << "access to attribute 'update' of 'dict' object is unsafe";
        QTest::newRow("attribute of undefined") << "{{ foo.bar }}"
                                                << "t.jinja:1:4: 'foo' is undefined";
        QTest::newRow("attribute of a missing item") << "{{ messages[100].content }}"
                                                     << "'messages[100]' is undefined";
        QTest::newRow("tojson of undefined") << "{{ foo | tojson }}"
                                             << "Object of type Undefined is not JSON serializable";
        QTest::newRow("nested parentheses")
            << ("{{ " + QString(10000, '(') + "1" + QString(10000, ')') + " }}") << "nests deeper than 256 levels";
        QTest::newRow("nested brackets") << ("{{ " + QString(100000, '[') + QString(100000, ']') + " }}")
                                         << "nests deeper than 256 levels";
        QTest::newRow("nested ifs") << (QString("{% if true %}").repeated(5000) + "x" +
                                        QString("{% endif %}").repeated(5000))
                                    << "nests deeper than 256 levels";
        QTest::newRow("chained filters") << ("{{ 1" + QString("|string").repeated(20000) + " }}")
                                         << "expression nests deeper than 256 levels";
        QTest::newRow("chained additions")
            << ("{{ 1" + QString(" + 1").repeated(20000) + " }}") << "expression nests deeper than 256 levels";
        QTest::newRow("macro fan-out")
            << "{% macro f(n) %}{% if n < 40 %}{{ f(n+1) }}{{ f(n+1) }}{% endif %}{% endmacro %}{{ f(0) }}"
            << "calls macros too often";
        QTest::newRow("string repeated past the limit") << "{{ 'a' * 100000000000 }}"
                                                        << "builds a string larger than the size limit";
        QTest::newRow("string doubled past the limit")
            << "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}"
            << "builds a string larger than the size limit";
        QTest::newRow("list wrapped past the depth limit")
            << "{% set ns = namespace(x=[]) %}{% for i in range(1000) %}{% set ns.x = [ns.x] %}{% endfor %}"
            << "the template builds lists or dicts nested deeper than 256 levels";
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

    // Python's semantics where a template relies on them (checked against Jinja2 in compare_chat_templates.py for
    // the cases Jinja2 renders; here the values by hand).
    void pythonSemantics_data() {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");
        QTest::newRow("replace with an empty old") << "{{ 'abc' | replace('', 'bb') }}"
                                                   << "bbabbbbbcbb";
        QTest::newRow("replace method with a count") << "{{ 'abc'.replace('', '-', 2) }}"
                                                     << "-a-bc";
        QTest::newRow("replace counts code points") << "{{ '한국' | replace('', '|') }}"
                                                    << "|한|국|";
        QTest::newRow("int filter") << "{{ '12abc' | int }} {{ ' 1_000 ' | int }} {{ '1.9' | int }} {{ 'x' | int(5) }}"
                                    << "0 1000 1 5";
        QTest::newRow("float filter") << "{{ '1.5abc' | float }} {{ ' 2.5 ' | float }}"
                                      << "0.0 2.5";
        QTest::newRow("smallest integer modulo -1") << "{{ (-9223372036854775807 - 1) % -1 }}"
                                                    << "0";
        QTest::newRow("exact integer power") << "{{ 3 ** 39 }} {{ (-2) ** 63 }}"
                                             << "4052555153018976267 -9223372036854775808";
        QTest::newRow("repeat by zero or less") << "[{{ 'ab' * 0 }}{{ 'ab' * -3 }}]"
                                                << "[]";
        QTest::newRow("namespace holding itself") << "{% set ns = namespace(x=1) %}{% set ns.y = ns %}{{ ns }}"
                                                  << "<Namespace {'x': 1, 'y': {...}}>";
        QTest::newRow("printing undefined is empty") << "[{{ foo }}]{{ 'd' if foo is defined else 'u' }}"
                                                     << "[]u";
    }

    void pythonSemantics() {
        QFETCH(QString, source);
        QFETCH(QString, expected);
        const auto t = ChatTemplate::parse(source.toStdString(), "t.jinja");
        QCOMPARE(QString::fromStdString(t.render(kConversation, {})), expected);
    }

    void errorPositionsInALargeTemplate() {
        // Positions are counted incrementally (the lexer was quadratic); they must still be exact far into a file.
        const std::string source = std::string(20000, '\n') + "ab {{ 1 +";
        const std::string message = errorOf([&] { ChatTemplate::parse(source, "t.jinja"); });
        QVERIFY2(message.find("t.jinja:20001:4: unterminated") != std::string::npos, message.c_str());
    }

    void templateKwargsAreReadAsApplyChatTemplateTakesThem() {
        const auto k = parseTemplateKwargs(R"(enable_thinking=false, n=3, label=plain text, items=[1,"a,b"], x=True,
                                              y=None, q="quoted")",
                                           "--template-kwargs");
        QCOMPARE(k.at("enable_thinking"), std::string("false"));
        QCOMPARE(k.at("n"), std::string("3"));
        QCOMPARE(k.at("label"), std::string("\"plain text\""));
        QCOMPARE(k.at("items"), std::string("[1,\"a,b\"]"));
        QCOMPARE(k.at("x"), std::string("true"));
        QCOMPARE(k.at("y"), std::string("null"));
        QCOMPARE(k.at("q"), std::string("\"quoted\""));
        // A JSON object keeps a nested object's key order (a template may iterate over it) through a round trip.
        const auto fromJson = parseTemplateKwargs(R"({"opts": {"z": 1, "a": 2}})", "cfg");
        QCOMPARE(templateKwargsToJson(fromJson), std::string(R"({"opts":{"z":1,"a":2}})"));
        QCOMPARE(describeTemplateKwargs(k).substr(0, 22), std::string("enable_thinking=false,"));
        QVERIFY(parseTemplateKwargs("  ", "w").empty());
        // What transformers never passes to a template, and malformed arguments, are refused by name.
        QVERIFY(errorOf([] {
                    parseTemplateKwargs("messages=[]", "--template-kwargs");
                }).find("--template-kwargs: \"messages\" cannot be a template keyword argument") != std::string::npos);
        QVERIFY(errorOf([] { parseTemplateKwargs("tokenize=false", "w"); }).find("\"tokenize\"") != std::string::npos);
        QVERIFY(errorOf([] { parseTemplateKwargs("enable_thinking", "w"); }).find("is not name=value") !=
                std::string::npos);
        QVERIFY(errorOf([] { parseTemplateKwargs("a=1,a=2", "w"); }).find("\"a\" is given twice") != std::string::npos);
        QVERIFY(errorOf([] { parseTemplateKwargs("my-var=1", "w"); }).find("not a template variable name") !=
                std::string::npos);
        QVERIFY(errorOf([] { parseTemplateKwargs("n=18446744073709551615", "w"); }).find("beyond 64 bits") !=
                std::string::npos);
        QVERIFY(errorOf([] { parseTemplateKwargs("{\"a\": 1", "w"); }).find("not a valid JSON object") !=
                std::string::npos);
        // Rendered: kwargs are variables and replace a special token; an unset token is undefined, not "".
        const auto t = ChatTemplate::parse("{{ bos_token }}|{{ eos_token is defined }}|{{ enable_thinking }}", "t");
        ChatTemplateOptions options;
        options.bosToken = "<s>";
        options.templateKwargs = parseTemplateKwargs("enable_thinking=false", "w");
        QCOMPARE(t.render(kConversation, options), std::string("<s>|False|False"));
        options.templateKwargs = parseTemplateKwargs("bos_token=B", "w");
        QCOMPARE(t.render(kConversation, options).substr(0, 2), std::string("B|"));
    }

    void modelFoldersAsTransformersSavesThem() {
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        writeFileAtomic(folder + "/tokenizer_config.json", std::string(R"({"bos_token": "<s>"})"));
        QVERIFY(errorOf([&] {
                    resolveChatTemplate(folder);
                }).find(": no chat template (no chat_template.jinja, no chat_template in tokenizer_config.json)") !=
                std::string::npos);
        // Only named templates (additional_chat_templates/): no default, so a name is needed - the error lists them.
        QDir().mkpath(dir.path() + "/additional_chat_templates");
        writeFileAtomic(folder + "/additional_chat_templates/rag.jinja", std::string("R{{ bos_token }}"));
        writeFileAtomic(folder + "/additional_chat_templates/notes.txt", std::string("not a template"));
        QVERIFY(
            errorOf([&] {
                resolveChatTemplate(folder);
            }).find("several chat templates and no default; name one as " + folder + "#NAME (its templates: rag)") !=
            std::string::npos);
        const auto rag = resolveChatTemplate(folder + "#rag");
        QCOMPARE(rag.chatTemplate.render(kConversation, rag.options), std::string("R<s>"));
        QCOMPARE(rag.description, folder + "/additional_chat_templates/rag.jinja");
        QCOMPARE(modelTemplateNames(folder), std::vector<std::string>{"rag"});
        // chat_template.jinja is the default and wins over tokenizer_config.json's template.
        writeFileAtomic(folder + "/tokenizer_config.json",
                        std::string(R"({"bos_token": "<s>", "chat_template": "STALE"})"));
        writeFileAtomic(folder + "/chat_template.jinja", std::string("D{{ messages | length }}"));
        const auto d = resolveChatTemplate(folder);
        QCOMPARE(d.chatTemplate.render(kConversation, d.options), std::string("D2"));
        QCOMPARE(d.description, folder + "/chat_template.jinja");
        QVERIFY(errorOf([&] {
                    resolveChatTemplate(folder + "#nope");
                }).find("no chat template named \"nope\" (its templates: default, rag)") != std::string::npos);
        // A model's own Jinja file is rendered with the model's special tokens (as
        // apply_chat_template(chat_template=)).
        writeFileAtomic(folder + "/other.jinja", std::string("{{ bos_token }}!"));
        const auto other = resolveModelTemplate(folder, folder + "/other.jinja", {});
        QCOMPARE(other.chatTemplate.render(kConversation, other.options), std::string("<s>!"));
    }

    void unknownBuiltinListsTheNames() {
        const std::string message = errorOf([] { resolveChatTemplate("vicuna"); });
        QVERIFY2(message.find("llama2, chatml, llama3, solar") != std::string::npos, message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestChatTemplate)
#include "test_chat_template.moc"
