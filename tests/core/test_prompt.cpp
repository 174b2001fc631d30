// Korean particles (data-driven), the question/instruction block of every bundled style for every category in
// both particle modes (expected texts written by hand from the specification), block structure, and style-file
// errors.
#include "corpus/corpus_reader.h"
#include "prompt/prompt_builder.h"
#include "text/korean_particles.h"
#include "text/line_diff.h"
#include "util/atomic_write.h"

#include <QtTest>

#include "test_support.h"

using namespace cci;
using namespace cci::prompt;

namespace {

const PromptStyle& style(const QString& name) {
    static const std::vector<PromptStyle> styles = loadPromptStyles(bundledPromptDir());
    for (const PromptStyle& s : styles)
        if (s.answersTo(name.toStdString())) return s;
    throw Error("no style " + name.toStdString());
}

Sample sampleOf(const char* category) {
    Sample s;
    s.id = "t";
    s.category = category;
    s.conversation = {{1, "나 시험 망쳤어", {"u1"}, false}, {2, "ㅋ", {"u2"}, false}, {2, "헐 괜찮아?", {"u3"}, false}};
    s.referenceIds = {"u1"};
    s.inferences = {"가", "나", "다"};
    return s;
}

}  // namespace

class TestPrompt : public QObject {
    Q_OBJECT
private slots:
    void lineDiffListsRemovedBeforeAdded() {
        // A changed line reads as the old line (-) then the new one (+), as diff -u shows it; kept lines in order.
        using K = text::DiffLine::Kind;
        const auto d = text::diffLines("a\nold\nc\ngone", "a\nnew\nc\nextra1\nextra2");
        const std::vector<std::pair<K, std::string>> want = {
            {K::Same, "a"},       {K::Removed, "old"},  {K::Added, "new"},   {K::Same, "c"},
            {K::Removed, "gone"}, {K::Added, "extra1"}, {K::Added, "extra2"}};
        QCOMPARE(d.size(), want.size());
        for (std::size_t k = 0; k < want.size(); ++k) {
            QCOMPARE(int(d[k].kind), int(want[k].first));
            QCOMPARE(d[k].text, want[k].second);
        }
    }

    void particles_data() {
        QTest::addColumn<QString>("word");
        QTest::addColumn<QString>("pair");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* w, const char* p, const char* e) {
            QTest::addRow("%s + %s", w, p) << QString::fromUtf8(w) << QString::fromUtf8(p) << QString::fromUtf8(e);
        };
        row("원인", "으로/로", "으로");
        row("전제", "으로/로", "로");
        row("서울", "으로/로", "로");  // ㄹ takes 로
        row("물", "으로/로", "로");
        row("반응", "을/를", "을");
        row("욕구", "을/를", "를");
        row("사과", "이/가", "가");
        row("책", "이/가", "이");
        row("나", "은/는", "는");
        row("밥", "은/는", "은");
        row("친구", "와/과", "와");
        row("선생님", "와/과", "과");
        row("**원인(cause)**", "으로/로", "으로");  // markup and gloss skipped
        row("내적 동기(motivation)", "으로/로", "로");
        row("'청자'가 보일 수 있는 감정 반응", "을/를", "을");
        row("GPT", "으로/로", "(으)로");  // nothing to read
        row("ABC", "을/를", "을(를)");
    }
    void particles() {
        QFETCH(QString, word);
        QFETCH(QString, pair);
        QFETCH(QString, expected);
        const auto p = text::particlePair(pair.toStdString());
        QVERIFY(p.has_value());
        QCOMPARE(QString::fromStdString(text::chooseParticle(word.toStdString(), *p)), expected);
    }

    void legacyTest_data() {
        QTest::addColumn<QString>("word");
        QTest::addColumn<bool>("final");
        QTest::addRow("원인") << QString::fromUtf8("원인") << true;
        QTest::addRow("동기") << QString::fromUtf8("동기") << false;
        QTest::addRow("closing bracket: (41 - 0xAC00) mod 28 = 25") << QString::fromUtf8("원인(cause)") << true;
        QTest::addRow("a Latin vowel: ('a' - 0xAC00) mod 28 = 21") << QString("a") << true;
        QTest::addRow("U+AC00 - 28: mod 0") << QString(QChar(0xAC00 - 28)) << false;
    }
    void legacyTest() {
        QFETCH(QString, word);
        QFETCH(bool, final);
        QCOMPARE(text::legacyHasFinalConsonant(word.toStdString()), final);
    }

    void questionBlocks_data() {
        QTest::addColumn<QString>("styleName");
        QTest::addColumn<QString>("category");
        QTest::addColumn<bool>("legacy");
        QTest::addColumn<QString>("expected");  // the style's question/instruction block
        const char* cats[] = {"원인", "후행사건", "전제", "동기", "반응"};
        // Baseline: raw category + 으로/로.
        const char* baseline[2][5] = {
            {"원인으로", "후행사건으로", "전제로", "동기로", "반응으로"},
            {"원인으로", "후행사건으로", nullptr, nullptr, "반응으로"}};  // nullptr: legacy drops the text
        for (int legacy = 0; legacy < 2; ++legacy)
            for (int c = 0; c < 5; ++c) {
                const char* w = baseline[legacy][c];
                QTest::addRow("Baseline %s %s", cats[c], legacy ? "legacy" : "correct")
                    << "Baseline" << QString::fromUtf8(cats[c]) << bool(legacy)
                    << (w ? QString::fromUtf8("[Question]\n위 대화의 %1 올바른 지문은?").arg(QString::fromUtf8(w))
                          : QString::fromUtf8("로 올바른 지문은?"));
            }
        // CustomRefOfficialTerm: **term** + 으로/로; legacy reads ')' and always appends 으로.
        const char* terms[] = {"원인(cause)", "후행 사건(subsequent event)", "전제 조건(prerequisite)",
                               "내적 동기(motivation)", "감정 반응(emotional reaction)"};
        const char* termCorrect[] = {"으로", "으로", "으로", "로", "으로"};
        for (int legacy = 0; legacy < 2; ++legacy)
            for (int c = 0; c < 5; ++c)
                QTest::addRow("OfficialTerm %s %s", cats[c], legacy ? "legacy" : "correct")
                    << "CustomRefOfficialTermDataset" << QString::fromUtf8(cats[c]) << bool(legacy)
                    << QString::fromUtf8(
                           "[Question]\n위 대화의 특정 발화인 `Utterance References`에 대한 **%1**%2 올바른 지문은?")
                           .arg(QString::fromUtf8(terms[c]), QString::fromUtf8(legacy ? "으로" : termCorrect[c]));
        // CustomRefDefinition and CustomRefInstruction: **definition** + 을/를; 동기's definition ends in 구.
        const char* defs[] = {"대화의 사건을 유발하는 사건", "대화 이후에 일어날 수 있는 사건",
                              "대화의 사건을 가능하게 하는 상태 혹은 사건",
                              "대화를 일으키는 '화자'의 감정이나 기본 욕구",
                              "대화 사건에 대해 '청자'가 보일 수 있는 감정 반응"};
        for (int legacy = 0; legacy < 2; ++legacy)
            for (int c = 0; c < 5; ++c) {
                const bool drop = legacy && c == 3;
                const QString particle = QString::fromUtf8(c == 3 ? "를" : "을");
                QTest::addRow("Definition %s %s", cats[c], legacy ? "legacy" : "correct")
                    << "CustomRefDefinition" << QString::fromUtf8(cats[c]) << bool(legacy)
                    << (drop ? QString::fromUtf8("를 가장 잘 설명하는 문장은 무엇인가?")
                             : QString::fromUtf8(
                                   "[Question]\n주어진 대화의 내용과 문맥으로 미루어 보았을 때, 특정 발화인 "
                                   "`Utterance References`에 대해 **%1**%2 가장 잘 설명하는 문장은 무엇인가?")
                                   .arg(QString::fromUtf8(defs[c]), particle));
                QTest::addRow("Instruction %s %s", cats[c], legacy ? "legacy" : "correct")
                    << "CustomRefInstruction" << QString::fromUtf8(cats[c]) << bool(legacy)
                    << (drop ? QString::fromUtf8("를 가장 잘 설명하는 문장을 선택하라.")
                             : QString::fromUtf8(
                                   "[Instruction]\n주어진 대화의 내용과 문맥을 바탕으로, 특정 발화인 "
                                   "`Utterance References`에 대한 **%1**%2 가장 잘 설명하는 문장을 선택하라.")
                                   .arg(QString::fromUtf8(defs[c]), particle));
            }
        QTest::addRow("SystemRef 동기 correct") << "SystemRefOfficialTerm" << QString::fromUtf8("동기") << false
                                                << QString::fromUtf8(
                                                       "[Question]\n위 대화의 특정 발화인 `Utterance References`에 "
                                                       "대한 **내적 동기(motivation)**로 올바른 추론문은?");
    }
    void questionBlocks() {
        QFETCH(QString, styleName);
        QFETCH(QString, category);
        QFETCH(bool, legacy);
        QFETCH(QString, expected);
        const PromptStyle& st = style(styleName);
        const PromptMessages m = buildPrompt(sampleOf(category.toUtf8().constData()), st,
                                             legacy ? text::ParticleMode::Legacy : text::ParticleMode::Correct);
        QString question;
        for (const BlockSpan& b : m.blocks)
            if (b.type == PromptBlock::Type::Text)
                question = QString::fromStdString(m.user.substr(b.begin, b.end - b.begin));
        QCOMPARE(question, expected);
        QCOMPARE(m.legacyDroppedText,
                 expected.startsWith(QString::fromUtf8("로 ")) || expected.startsWith(QString::fromUtf8("를 ")));
    }

    void blockStructure() {
        const Sample s = sampleOf("원인");
        const PromptMessages base = buildPrompt(s, style("Baseline"));
        QCOMPARE(QString::fromStdString(base.user),
                 QString::fromUtf8("[Conversation]\n화자1: 나 시험 망쳤어\n화자2: ㅋ\n화자2: 헐 괜찮아?\n\n"
                                   "[Question]\n위 대화의 원인으로 올바른 지문은?\n\n[Option]\nA. 가\nB. 나\nC. 다"));
        // CustomRef leaves out one-character utterances and lists the references; SystemRef spaces "화자 1".
        const PromptMessages ref = buildPrompt(s, style("CustomRef"));
        QVERIFY(QString::fromStdString(ref.user).startsWith(
            QString::fromUtf8("[Conversation]\n화자1: 나 시험 망쳤어\n화자2: 헐 괜찮아?\n\n[Utterance "
                              "References]\n화자1: 나 시험 망쳤어\n\n")));
        const PromptMessages sys = buildPrompt(s, style("SystemRefOfficialTerm"));
        QVERIFY(
            QString::fromStdString(sys.user).startsWith(QString::fromUtf8("[Conversation]\n화자 1: 나 시험 망쳤어\n")));
        QVERIFY(QString::fromStdString(sys.user).contains(QString::fromUtf8("[Utterance References]\n화자1: ")));
        QVERIFY(sys.system.size() > 4 * style("CustomRef").system.size());
        const PromptMessages inst = buildPrompt(s, style("CustomRefInstruction"));
        QCOMPARE(inst.blocks.front().type, PromptBlock::Type::Text);
        QCOMPARE(inst.blocks.size(), std::size_t(4));
    }

    void allSixStylesAreBundled() {
        const auto styles = loadPromptStyles(bundledPromptDir());
        QStringList names;
        for (const PromptStyle& s : styles) names << QString::fromStdString(s.name);
        QCOMPARE(names, (QStringList{"Baseline", "CustomRef", "CustomRefDefinition", "CustomRefInstruction",
                                     "CustomRefOfficialTerm", "OptionsOnly", "SystemRefOfficialTerm"}));
        // The shortcut baseline's prompt holds the options and no utterance.
        const Corpus corpus = loadCorpus(std::string(CCI_DEMO_DIR) + "/demo_dev.json");
        const Sample& s = corpus.samples.front();
        const PromptMessages m = buildPrompt(s, style("OptionsOnly"));
        QVERIFY(m.user.find(s.inferences[2]) != std::string::npos);
        for (const Utterance& u : s.conversation)
            if (u.text.size() > 6) QVERIFY2(m.user.find(u.text) == std::string::npos, u.text.c_str());
    }

    void savedCopiesOfAStyleGetTheirOwnName() {
        // The Prompt tab's "Save style as…" of an edited CustomRef kept the name CustomRef: two entries of one name,
        // and New Run could not tell them apart. The copy is named by its file when its name (or alias) is taken.
        const std::string original = readFile(prompt::bundledPromptDir() + "/CustomRef.json");
        const std::string renamed =
            prompt::renamedStyleJson(original, "CustomRef-mine", {"CustomRef", "Baseline"}, "/tmp/CustomRef-mine.json");
        const auto style = prompt::parsePromptStyle(renamed, "CustomRef-mine.json");
        QCOMPARE(style.name, std::string("CustomRef-mine"));
        QVERIFY(style.aliases.empty());
        QCOMPARE(style.blocks.size(), prompt::parsePromptStyle(original, "CustomRef.json").blocks.size());
        // A name of its own is kept as it is; a file name that is taken as well is refused.
        QCOMPARE(prompt::renamedStyleJson(original, "x", {"Baseline"}, "x.json"), original);
        QVERIFY(cci::test::errorOf([&] {
                    prompt::renamedStyleJson(original, "Baseline", {"CustomRef", "Baseline"}, "Baseline.json");
                }).find("a style named \"Baseline\" exists already") != std::string::npos);
    }

    void styleFileErrors_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("what");
        QTest::addRow("syntax") << "{\"name\": \"x\",\n \"system\": }"
                                << "style.json:2:12: malformed JSON";
        QTest::addRow("missing system") << "{\"name\": \"x\", \"blocks\": [{\"type\": \"options\"}]}"
                                        << "system: missing field";
        QTest::addRow("bad block type") << "{\"name\": \"x\", \"system\": \"\", \"blocks\": [{\"type\": \"poem\"}]}"
                                        << "blocks[0].type: \"poem\" is not text";
        QTest::addRow("unknown placeholder")
            << "{\"name\": \"x\", \"system\": \"\", \"blocks\": [{\"type\": \"text\", \"text\": \"{categroy}\"}]}"
            << "unknown placeholder {categroy}";
        QTest::addRow("number overflow (found by fuzz_prompt_style)")
            << "{\"name\": \"x\", \"min_utterance_chars\": 1111111111e1111111110000000}"
            << "style.json: unreadable JSON";
        QTest::addRow("bad particle mode")
            << "{\"name\": \"x\", \"system\": \"\", \"particles\": \"old\", \"blocks\": [{\"type\": \"options\"}]}"
            << "particles: \"old\" is not correct or legacy";
    }
    void styleFileErrors() {
        QFETCH(QString, json);
        QFETCH(QString, what);
        try {
            (void)parsePromptStyle(json.toStdString(), "style.json");
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(what), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestPrompt)
#include "test_prompt.moc"
