// JsonStream against nlohmann/json as the independent reference: the same values for valid documents
// (escapes, surrogates, numbers, nesting, random documents) and a rejection wherever nlohmann rejects.
#include "util/json_stream.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <mutex>
#include <random>

using namespace cci;
using nlohmann::json;

namespace {

// Converts our node to nlohmann's DOM so the two parsers can be compared with ==.
json toReference(const JsonNode& n) {
    switch (n.kind()) {
        case JsonNode::Kind::Null: return nullptr;
        case JsonNode::Kind::Bool: return n.source() == "true";
        case JsonNode::Kind::Integer: return n.integer();
        case JsonNode::Kind::Float: return json::parse(n.source());
        case JsonNode::Kind::String: return std::string(n.string());
        case JsonNode::Kind::Array: {
            json a = json::array();
            for (std::size_t i = 0; i < n.size(); ++i) a.push_back(toReference(n.at(i)));
            return a;
        }
        case JsonNode::Kind::Object: {
            json o = json::object();
            for (std::size_t i = 0; i < n.size(); ++i) o.emplace(std::string(n.keyAt(i)), toReference(n.at(i)));
            return o;
        }
    }
    return {};
}

json parseOurs(const std::string& text) {
    json out = json::array();
    forEachArrayElement(text, [&](const JsonNode& n) { out.push_back(toReference(n)); });
    return out;
}

json randomValue(std::mt19937& rng, int depth) {
    const int kind = int(rng() % (depth > 3 ? 5 : 7));
    switch (kind) {
        case 0: return nullptr;
        case 1: return bool(rng() & 1);
        case 2: return std::int64_t(rng()) - std::int64_t(rng()) * 1000003;
        case 3: return double(rng() % 100000) / 64.0 + 0.5;
        case 4: {
            static const char* pieces[] = {"가", "ㅋㅋ", "\n", "\"", "\\", "a", " ", "\x01", "😀", "/", "\t", "漢"};
            std::string s;
            for (unsigned i = rng() % 8; i > 0; --i) s += pieces[rng() % 12];
            return s;
        }
        case 5: {
            json a = json::array();
            for (unsigned i = rng() % 5; i > 0; --i) a.push_back(randomValue(rng, depth + 1));
            return a;
        }
        default: {
            json o = json::object();
            for (unsigned i = rng() % 5; i > 0; --i)
                o["k" + std::to_string(rng() % 10) + "키"] = randomValue(rng, depth + 1);
            return o;
        }
    }
}

}  // namespace

class TestJsonStream : public QObject {
    Q_OBJECT
private slots:
    void agreesWithReference_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addRow("empty array") << QByteArray("[]");
        QTest::addRow("scalars") << QByteArray("[null, true, false, 0, -0, 12, -7, 1.5, -2e3, 1E+2, 0.25e-1]");
        QTest::addRow("int64 edges") << QByteArray(
            "[9223372036854775807, -9223372036854775808, 9223372036854775808, "
            "18446744073709551616]");
        QTest::addRow("escapes") << QByteArray(
            "[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u3131\\uAC00\", \"\\ud83d\\ude00\"]");
        QTest::addRow("raw utf-8") << QByteArray("[\"대화 맥락 추론 ㅋㅋ 😀\"]");
        QTest::addRow("nested") << QByteArray(R"([{"a": [1, {"b": []}], "c": {}}, [[[]]]])");
        QTest::addRow("whitespace and BOM") << QByteArray("\xEF\xBB\xBF \n\t[ 1 ,\r\n 2 ] \n");
        QTest::addRow("numbers in objects") << QByteArray("[{\"a\": 1, \"b\": -0.5}]");
    }
    void agreesWithReference() {
        QFETCH(QByteArray, text);
        std::string s = text.toStdString();
        std::string ref = s;
        if (ref.rfind("\xEF\xBB\xBF", 0) == 0) ref.erase(0, 3);
        QCOMPARE(QByteArray::fromStdString(parseOurs(s).dump()), QByteArray::fromStdString(json::parse(ref).dump()));
    }

    void randomDocumentsAgree() {
        std::mt19937 rng(2024);
        for (int i = 0; i < 300; ++i) {
            json doc = json::array();
            for (unsigned k = rng() % 6; k > 0; --k) doc.push_back(randomValue(rng, 0));
            const std::string text = doc.dump(int(rng() % 3) - 1);
            QCOMPARE(QByteArray::fromStdString(parseOurs(text).dump()), QByteArray::fromStdString(doc.dump()));
        }
    }

    void rejectsWhatTheReferenceRejects_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("offset");  // byte offset our error points at
        QTest::addRow("trailing comma") << QByteArray("[1,]") << 3;
        QTest::addRow("missing comma") << QByteArray("[1 2]") << 3;
        QTest::addRow("unterminated string") << QByteArray("[\"abc") << 5;
        QTest::addRow("raw newline in string") << QByteArray("[\"a\nb\"]") << 3;
        QTest::addRow("bad escape") << QByteArray("[\"\\x\"]") << 3;
        QTest::addRow("lone low surrogate") << QByteArray("[\"\\udc00\"]") << 8;
        QTest::addRow("invalid utf-8") << QByteArray("[\"\xC3\x28\"]") << 2;
        QTest::addRow("overlong utf-8") << QByteArray("[\"\xE0\x80\x80\"]") << 2;
        QTest::addRow("leading zero") << QByteArray("[01]") << 2;
        QTest::addRow("bare word") << QByteArray("[tru]") << 1;
        QTest::addRow("object key not a string") << QByteArray("[{1: 2}]") << 2;
        QTest::addRow("not an array") << QByteArray("{\"a\": 1}") << 0;
        QTest::addRow("trailing garbage") << QByteArray("[1] x") << 4;
        QTest::addRow("unclosed array") << QByteArray("[1, [2") << 6;
        QTest::addRow("too deep") << QByteArray::fromStdString(std::string(300, '[') + std::string(300, ']')) << 257;
    }
    void rejectsWhatTheReferenceRejects() {
        QFETCH(QByteArray, text);
        QFETCH(int, offset);
        const std::string s = text.toStdString();
        if (s[0] == '[' && s.size() < 100) QVERIFY(!json::accept(s));
        try {
            (void)parseOurs(s);
            QFAIL("accepted");
        } catch (const JsonSyntaxError& e) {
            QCOMPARE(int(e.offset), offset);
        }
    }

    void twoPartsAgreeWithOnePass_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("parallel");  // whether the guessed boundary must be confirmed
        json big = json::array();
        std::mt19937 rng(7);
        for (int i = 0; i < 200; ++i) big.push_back(json{{"id", i}, {"v", randomValue(rng, 2)}});
        QTest::addRow("formatted, boundary found") << QByteArray::fromStdString(big.dump(4)) << true;
        // The element separator ",\n{" also occurs inside elements: a wrong guess must fall back to one pass.
        std::string nested = "[\n{\"a\": 1},\n{\"b\": [\n{\"c\": 1},\n{\"c\": 2},\n{\"c\": 3},\n{\"c\": 4}]}]";
        QTest::addRow("guess inside an element") << QByteArray::fromStdString(nested) << false;
        QTest::addRow("minified: one pass") << QByteArray::fromStdString(big.dump()) << false;
        QTest::addRow("single element") << QByteArray("[\n    {\"a\": 1}\n]") << false;
        QTest::addRow("empty array") << QByteArray("[ ]") << false;
    }
    void twoPartsAgreeWithOnePass() {
        QFETCH(QByteArray, text);
        QFETCH(bool, parallel);
        const std::string s = text.toStdString();
        json parts[2] = {json::array(), json::array()};
        std::mutex lock;
        const bool two = forEachArrayElementInTwoParts(
            s,
            [&](int part, const JsonNode& n) {
                json value = toReference(n);
                std::lock_guard<std::mutex> guard(lock);
                parts[part].push_back(std::move(value));
            },
            /*minBytes=*/0);
        QCOMPARE(two, parallel);
        json all = parts[0];
        if (two) all.insert(all.end(), parts[1].begin(), parts[1].end());
        QCOMPARE(QByteArray::fromStdString(all.dump()), QByteArray::fromStdString(parseOurs(s).dump()));
    }

    void twoPartsOnATextEndingAfterTheBracket() {
        // Found by fuzz_json_two_parts: a BOM, '[' and spaces up to the end of the text read past the end.
        const std::string text = "\xEF\xBB\xBF[     ";
        std::size_t offset = 0;
        try {
            forEachArrayElementInTwoParts(
                text, [](int, const JsonNode&) {}, /*minBytes=*/0);
            QFAIL("accepted");
        } catch (const JsonSyntaxError& e) {
            offset = e.offset;
        }
        QCOMPARE(offset, text.size());
    }

    void twoPartsReportTheFirstError_data() {
        QTest::addColumn<int>("badElement");
        QTest::addRow("error in the first half") << 20;
        QTest::addRow("error in the second half") << 180;
    }
    void twoPartsReportTheFirstError() {
        QFETCH(int, badElement);
        json big = json::array();
        for (int i = 0; i < 200; ++i) big.push_back(json{{"id", i}, {"text", "대화 " + std::to_string(i)}});
        std::string s = big.dump(4);
        const std::string marker = "\"대화 " + std::to_string(badElement) + "\"";
        s.replace(s.find(marker), marker.size(), "\"대화 \x01\"");  // a raw control character
        std::size_t expected = 0, got = 1;
        try {
            (void)parseOurs(s);
        } catch (const JsonSyntaxError& e) {
            expected = e.offset;
        }
        try {
            forEachArrayElementInTwoParts(
                s, [](int, const JsonNode&) {}, /*minBytes=*/0);
        } catch (const JsonSyntaxError& e) {
            got = e.offset;
        }
        QCOMPARE(got, expected);
        QVERIFY(expected > 0);
    }

    void lineAndColumnOfOffsets() {
        const std::string text = "ab\ncd\n\nx";
        QCOMPARE(lineAndColumn(text, 0), std::make_pair(1L, 1L));
        QCOMPARE(lineAndColumn(text, 4), std::make_pair(2L, 2L));
        QCOMPARE(lineAndColumn(text, 7), std::make_pair(4L, 1L));
    }
};

QTEST_APPLESS_MAIN(TestJsonStream)
#include "test_json_stream.moc"
