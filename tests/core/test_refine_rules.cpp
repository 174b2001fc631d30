// Each refinement rule alone (data-driven rows for the edge cases the spec names), the traced edits in original
// coordinates, and the drop/merge step of the Refiner.
#include "refine/refiner.h"
#include "text/unicode_text.h"

#include <QtTest>

using namespace cci;
using namespace cci::refine;

namespace {

QString applyOne(int rule, const QString& input, bool reference = false) {
    EditableText t(text::toUtf32(input.toStdString()), /*trace=*/true);
    applyRule(rule, t, RuleContext{reference});
    return QString::fromStdString(text::toUtf8(t.text()));
}

Utterance utt(int speaker, const char* text, const char* id) { return Utterance{speaker, text, {id}, false}; }

}  // namespace

class TestRefineRules : public QObject {
    Q_OBJECT
private slots:
    void eachRuleAlone_data() {
        QTest::addColumn<int>("rule");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        auto row = [](const char* name, int rule, const char* in, const char* out) {
            QTest::addRow("%s", name) << rule << QString::fromUtf8(in) << QString::fromUtf8(out);
        };
        row("1: newline", 1, "줄\n바꿈", "줄 바꿈");
        row("1: three spaces -> two", 1, "a   b", "a  b");
        row("1: four spaces -> two", 1, "a    b", "a  b");
        row("1: five spaces -> three", 1, "a     b", "a   b");
        row("1: newline next to a space", 1, "a \nb", "a b");
        row("2: at start", 2, "ㅇㅇ 알겠어", "응 알겠어");
        row("2: at end", 2, "알겠어 ㅇㅇㅇ", "알겠어 응");
        row("2: whole text", 2, "ㅇㅇ", "응");
        row("2: inside a word", 2, "아ㅇㅇ 그래", "아ㅇㅇ 그래");
        row("2: followed by punctuation", 2, "ㅇㅇ? 진짜", "ㅇㅇ? 진짜");
        row("2: single ieung", 2, "ㅇ 하나", "ㅇ 하나");
        row("2: several runs", 2, "ㅇㅇ ㅇㅇ\tㅇㅇ", "응 응\t응");
        row("3: four dots", 3, "음....", "음...");
        row("3: three dots stay", 3, "음...", "음...");
        row("3: mixed runs", 3, "a.....b????c??d?", "a...b??c??d?");
        row("3: dots and questions interleaved", 3, "?.?.??....", "?.?.??...");
        row("4: every deleted symbol", 4, "~!><@_/-\u11A2:;()^가", "가");
        row("4: other punctuation stays", 4, "가, 나. 다? %", "가, 나. 다? %");
        row("5: greeting words", 5, "안녕하세요 반갑습니다 잘 지내?", "  잘 지내?");
        row("5: after Latin letter is inside a word", 5, "a안녕 x", "a안녕 x");
        row("5: after a digit is inside a word", 5, "1안녕 x", "1안녕 x");
        row("5: after punctuation is a boundary", 5, "(안녕)", "()");
        row("5: inside a Hangul word", 5, "다들안녕", "다들안녕");
        row("5: word continues with digits", 5, "안녕123 끝", " 끝");
        row("5: 반갑다 is not 반갑습", 5, "반갑다", "반갑다");
        row("6: placeholders anywhere", 6, "name1님 name12 myname2", "화자1님 화자12 my화자2");
        row("7: jamo runs", 7, "ㅋㅋ웃겨ㅋㅋㅋ", "웃겨");
        row("7: jamo between syllables", 7, "가ㄱ나ㅏ다", "가나다");
        row("7: syllables are not jamo", 7, "각", "각");
        row("8: digits only stay", 8, "123", "123");
        row("8: symbols only are emptied", 8, "?!.", "");
        row("8: emoji are emptied", 8, "😀", "");
        row("8: Latin with a symbol is emptied", 8, "ok?", "");
        row("8: Hangul keeps symbols", 8, "진짜?!", "진짜?!");
        row("8: spaces only stay", 8, "   ", "   ");
        row("9: strip Unicode whitespace", 9, "\u3000 가 \t\u00a0", "가");
        row("9: Python isspace includes U+001F", 9, "\x1f가\x1c", "가");
        row("10 (variant): collapse runs", 10, "a \t\n b  c", "a b c");
        row("11 (variant): laughter and crying tags", 11, "ㅋㅋ 웃겨 ㅠㅠ ㅋ", "[웃음] 웃겨 [슬픔] ㅋ");
    }
    void eachRuleAlone() {
        QFETCH(int, rule);
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(applyOne(rule, input), expected);
    }

    void publishedPipelineOnTexts_data() {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addRow("greeting and laughter")
            << QString::fromUtf8("안녕하세요~ ㅎㅎ name2님") << QString::fromUtf8("화자2님");
        QTest::addRow("symbol-only utterance") << QString::fromUtf8("^^") << QString();
        QTest::addRow("eung then spaces")
            << QString::fromUtf8("ㅇㅇ\n\n알겠어....") << QString::fromUtf8("응 알겠어...");
    }
    void publishedPipelineOnTexts() {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(refineText(input.toStdString())), expected);
    }

    void editsAreInOriginalCoordinates() {
        Sample s;
        s.id = "t";
        s.conversation = {utt(1, "ㅋㅋ 안녕하세요~ name1", "u1")};
        s.referenceIds = {"u1"};
        ItemTrace trace;
        RefineStats stats;
        const Sample out = refineSample(s, RefineConfig{}, &trace, stats);
        QCOMPARE(QString::fromStdString(out.conversation.at(0).text), QString::fromUtf8("화자1"));
        const auto& edits = trace.utterances.at(0).edits;
        // "ㅋㅋ 안녕하세요~ name1": rule 4 deletes "~" (8..9), rule 5 "안녕하세요" (3..8), rule 6 name1 (10..15),
        // rule 7 "ㅋㅋ" (0..2), rule 9 the two leading spaces that remain (originally at 2 and 9).
        // (Without the space, "ㅋㅋ안녕" has no word boundary before 안녕: ㅋ is a letter.)
        QCOMPARE(edits.size(), std::size_t(5));
        auto check = [&](std::size_t k, int rule, std::uint32_t b, std::uint32_t e, const char* with) {
            QCOMPARE(edits[k].rule, rule);
            QCOMPARE(edits[k].begin, b);
            QCOMPARE(edits[k].end, e);
            QCOMPARE(QString::fromStdString(text::toUtf8(edits[k].replacement)), QString::fromUtf8(with));
        };
        check(0, 4, 8, 9, "");
        check(1, 5, 3, 8, "");
        check(2, 6, 10, 15, "화자1");
        check(3, 7, 0, 2, "");
        check(4, 9, 2, 10, "");
        QCOMPARE(stats.rules[4].charactersRemoved, 1L);
        QCOMPARE(stats.rules[6].charactersRemoved, 2L);
    }

    void adjacentEditsOfOneRuleAreMerged() {
        EditableText t(text::toUtf32("가~~~나"), true);
        applyRule(kSymbols, t, {});
        QCOMPARE(t.edits().size(), std::size_t(1));
        QCOMPARE(t.edits()[0].begin, 1u);
        QCOMPARE(t.edits()[0].end, 4u);
    }

    void dropAndMerge() {
        Sample s;
        s.id = "m";
        s.conversation = {utt(1, "가", "u1"), utt(1, "^^", "u2"),   utt(1, "나", "u3"),
                          utt(1, "다", "u4"), utt(2, "라", "u5"),   utt(2, "마", "u6"),
                          utt(2, "바", "u7"), utt(1, "ㅋㅋ", "u8"), utt(2, "사", "u9")};
        s.referenceIds = {"u5", "u6"};
        ItemTrace trace;
        RefineStats stats;
        const Sample out = refineSample(s, RefineConfig{}, &trace, stats);
        QCOMPARE(out.conversation.size(), std::size_t(4));
        QCOMPARE(QString::fromStdString(out.conversation[0].text), QString::fromUtf8("가 나 다"));
        QCOMPARE(out.conversation[0].ids, (std::vector<std::string>{"u1", "u3", "u4"}));
        QVERIFY(out.conversation[0].idIsList);
        QCOMPARE(out.conversation[1].ids, std::vector<std::string>{"u5"});  // references are never merged
        QVERIFY(!out.conversation[1].idIsList);
        QCOMPARE(out.conversation[2].ids, std::vector<std::string>{"u6"});
        QCOMPARE(out.conversation[3].ids, (std::vector<std::string>{"u7", "u9"}));  // u8 dropped in between
        QCOMPARE(trace.utterances[1].emptiedBy, 4);                                 // "^^": rule 4 deletes both carets
        QCOMPARE(trace.utterances[1].refinedIndex, -1);
        QCOMPARE(trace.utterances[7].emptiedBy, 7);
        QCOMPARE(trace.utterances[3].refinedIndex, 0);
        QCOMPARE(stats.merges, std::size_t(3));
        QCOMPARE(stats.utterancesDropped, std::size_t(2));
    }

    void variantKeepsGreetingsInReferences() {
        Sample s;
        s.id = "g";
        s.conversation = {utt(1, "안녕 친구", "u1"), utt(2, "안녕 반가워", "u2")};
        s.referenceIds = {"u1"};
        RefineConfig config;
        config.enabled[kKeepReferenceGreetings] = true;
        RefineStats stats;
        const Sample out = refineSample(s, config, nullptr, stats);
        QCOMPARE(QString::fromStdString(out.conversation[0].text), QString::fromUtf8("안녕 친구"));
        QCOMPARE(QString::fromStdString(out.conversation[1].text), QString::fromUtf8("반가워"));
        QVERIFY(!config.isPublished());
        QVERIFY(RefineConfig{}.isPublished());
    }

    void ruleLookup() {
        QCOMPARE(findRule("jamo")->number, 7);
        QCOMPARE(findRule("3")->name, std::string_view("punctuation-runs"));
        QVERIFY(findRule("bogus") == nullptr);
        QVERIFY(findRule("99") == nullptr);
    }
};

QTEST_APPLESS_MAIN(TestRefineRules)
#include "test_refine_rules.moc"
