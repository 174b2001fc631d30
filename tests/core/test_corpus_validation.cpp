// Validation reports every problem with file, item, JSON path and what is wrong; one row per kind of bad input.
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace cci;
using nlohmann::ordered_json;

namespace {

// A valid two-item corpus; rows mutate it with an RFC 6902 JSON patch.
ordered_json baseCorpus() {
    auto item = [](const char* id) {
        return ordered_json::parse(std::string(R"({"id": ")") + id + R"(", "input": {"conversation": [
            {"speaker": 1, "utterance": "나 시험 망쳤어", "utterance_id": "u.1"},
            {"speaker": 2, "utterance": "헐 괜찮아?", "utterance_id": "u.2"}],
            "reference_id": ["u.1"], "category": "원인",
            "inference_1": "가", "inference_2": "나", "inference_3": "다"}, "output": "inference_1"})");
    };
    return ordered_json::array({item("item-a"), item("item-b")});
}

}  // namespace

class TestCorpusValidation : public QObject {
    Q_OBJECT
private slots:
    void validBaseHasNoProblems() {
        const CorpusReadResult r = readCorpus(baseCorpus().dump(), "base.json");
        QVERIFY2(r.ok(), formatProblems(r.problems).c_str());
        QCOMPARE(r.corpus.samples.size(), std::size_t(2));
    }

    void eachProblem_data() {
        QTest::addColumn<QString>("patch");  // JSON patch applied to baseCorpus(); empty when `raw` is used
        QTest::addColumn<QString>("raw");    // raw file text (for syntax errors)
        QTest::addColumn<QString>("where");  // expected start of the message after the file name
        QTest::addColumn<QString>("what");   // expected part of the message
        auto row = [](const char* name, const char* patch, const char* where, const char* what) {
            QTest::addRow("%s", name) << QString::fromUtf8(patch) << QString() << QString::fromUtf8(where)
                                      << QString::fromUtf8(what);
        };
        QTest::addRow("malformed JSON: line and column") << QString() << QStringLiteral("[\n  {\"id\": \"a\",\n   }\n]")
                                                         << QStringLiteral("3:4") << QStringLiteral("malformed JSON");
        QTest::addRow("top level not an array") << QString() << QStringLiteral("  {\"id\": 1}") << QStringLiteral("1:3")
                                                << QStringLiteral("must be a JSON array");
        row("missing id", R"([{"op":"remove","path":"/0/id"}])", "item 0: [0].id", "missing field");
        row("id not a string", R"([{"op":"replace","path":"/1/id","value":5}])", "item 1: [1].id",
            "expected a string, found a number");
        row("missing input", R"([{"op":"remove","path":"/0/input"}])", "item 0 (id item-a): [0].input",
            "missing field");
        row("reference_id not an array", R"([{"op":"replace","path":"/0/input/reference_id","value":"u.1"}])",
            "item 0 (id item-a): [0].input.reference_id", "expected an array, found a string");
        row("reference id not a string", R"([{"op":"replace","path":"/0/input/reference_id/0","value":1}])",
            "item 0 (id item-a): [0].input.reference_id[0]", "expected a string");
        row("unknown category", R"([{"op":"replace","path":"/0/input/category","value":"기타"}])",
            "item 0 (id item-a): [0].input.category", "unknown category \"기타\"");
        row("output outside allowed values", R"([{"op":"replace","path":"/0/output","value":"A"}])",
            "item 0 (id item-a): [0].output", "\"A\" is not an allowed answer");
        row("output missing", R"([{"op":"remove","path":"/1/output"}])", "item 1 (id item-b): [1].output",
            "missing field");
        row("duplicate item ids", R"([{"op":"replace","path":"/1/id","value":"item-a"}])", "item 1 (id item-a): [1].id",
            "duplicate item id (first used by item 0)");
        row("empty conversation", R"([{"op":"replace","path":"/0/input/conversation","value":[]}])",
            "item 0 (id item-a): [0].input.conversation", "empty conversation");
        row("empty inference text", R"([{"op":"replace","path":"/0/input/inference_2","value":"  "}])",
            "item 0 (id item-a): [0].input.inference_2", "empty inference text");
        row("missing inference", R"([{"op":"remove","path":"/0/input/inference_3"}])",
            "item 0 (id item-a): [0].input.inference_3", "missing field");
        row("speaker is a string", R"([{"op":"replace","path":"/0/input/conversation/1/speaker","value":"2"}])",
            "item 0 (id item-a): [0].input.conversation[1].speaker", "speaker must be an integer, found a string");
        row("speaker is fractional", R"([{"op":"replace","path":"/0/input/conversation/0/speaker","value":1.5}])",
            "item 0 (id item-a): [0].input.conversation[0].speaker", "non-integer number 1.5");
        row("utterance is a list", R"([{"op":"replace","path":"/0/input/conversation/1/utterance","value":["a"]}])",
            "item 0 (id item-a): [0].input.conversation[1].utterance", "expected a string, found an array");
        row("utterance missing", R"([{"op":"remove","path":"/1/input/conversation/0/utterance"}])",
            "item 1 (id item-b): [1].input.conversation[0].utterance", "missing field");
        row("utterance_id mistyped", R"([{"op":"replace","path":"/0/input/conversation/0/utterance_id","value":7}])",
            "item 0 (id item-a): [0].input.conversation[0].utterance_id", "string or a non-empty list");
        row("item not an object", R"([{"op":"replace","path":"/1","value":3}])", "item 1: [1]",
            "expected an item object, found a number");
    }
    void eachProblem() {
        QFETCH(QString, patch);
        QFETCH(QString, raw);
        QFETCH(QString, where);
        QFETCH(QString, what);
        const std::string text =
            patch.isEmpty() ? raw.toStdString() : baseCorpus().patch(ordered_json::parse(patch.toStdString())).dump(4);
        const CorpusReadResult r = readCorpus(text, "corpus_train.json");
        QVERIFY(!r.ok());
        bool found = false;
        for (const Problem& p : r.problems) {
            const QString line = QString::fromStdString(p.toString());
            QVERIFY2(line.startsWith(QLatin1String("corpus_train.json:")), qPrintable(line));
            found = found || (line.contains(where) && line.contains(what));
        }
        QVERIFY2(found, qPrintable(QStringLiteral("expected \"%1 … %2\" in:\n%3")
                                       .arg(where, what, QString::fromStdString(formatProblems(r.problems)))));
    }

    // What the published code accepts is a warning: the item is read as that code reads it.
    void toleratedQuirksAreWarnings_data() {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("where");
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("text");  // the utterance text read (for the utterance rows)
        QTest::addRow("integer utterance")
            << R"([{"op":"replace","path":"/0/input/conversation/1/utterance","value":40}])"
            << "[0].input.conversation[1].utterance: warning:"
            << "read as the text \"40\""
            << "40";
        QTest::addRow("float utterance")
            << R"([{"op":"replace","path":"/0/input/conversation/1/utterance","value":2.50}])"
            << "[0].input.conversation[1].utterance: warning:"
            << "\"2.5\""
            << "2.5";
        QTest::addRow("large float utterance")
            << R"([{"op":"replace","path":"/0/input/conversation/1/utterance","value":1e16}])"
            << "[0].input.conversation[1].utterance: warning:"
            << "\"1e+16\""
            << "1e+16";
        QTest::addRow("null utterance")
            << R"([{"op":"replace","path":"/0/input/conversation/1/utterance","value":null}])"
            << "[0].input.conversation[1].utterance: warning:"
            << "\"None\""
            << "None";
        QTest::addRow("reference names no utterance")
            << R"([{"op":"replace","path":"/1/input/reference_id/0","value":"u.9"}])"
            << "item 1 (id item-b): [1].input.reference_id[0]: warning:"
            << "\"u.9\" is not an utterance id"
            << "";
    }
    void toleratedQuirksAreWarnings() {
        QFETCH(QString, patch);
        QFETCH(QString, where);
        QFETCH(QString, what);
        QFETCH(QString, text);
        const auto json = baseCorpus().patch(ordered_json::parse(patch.toStdString())).dump(4);
        const CorpusReadResult r = readCorpus(json, "w.json");
        QVERIFY2(r.ok(), formatProblems(r.problems).c_str());
        QCOMPARE(r.corpus.warnings.size(), std::size_t(1));
        const QString line = QString::fromStdString(r.corpus.warnings[0].toString());
        QVERIFY2(line.startsWith("w.json: ") && line.contains(where) && line.contains(what), qPrintable(line));
        if (!text.isEmpty())
            QCOMPARE(QString::fromStdString(r.corpus.samples[0].conversation[1].text), text);
        else
            QVERIFY(r.corpus.samples[1].referenceUtteranceIndices().empty());  // left out of the prompt
    }

    void duplicateKeysKeepTheLastValueLikePython() {
        // json.load keeps the last of duplicate keys; the reader does the same and says so.
        std::string text = baseCorpus().dump();
        const std::string category = "\"category\":\"원인\"";
        const auto at = text.find(category);
        QVERIFY(at != std::string::npos);
        text.insert(at, "\"category\":\"없음\",");  // an invalid first value: it must not be the one read
        const std::string output = "\"output\":\"inference_1\"";
        text.replace(text.rfind(output), output.size(), "\"output\":\"inference_9\",\"output\":\"inference_2\"");
        const CorpusReadResult r = readCorpus(text, "dup.json");
        QVERIFY2(r.ok(), formatProblems(r.problems).c_str());
        QCOMPARE(r.corpus.samples[0].category, std::string("원인"));
        QCOMPARE(r.corpus.samples[1].goldIndex(), 1);
        QCOMPARE(r.corpus.warnings.size(), std::size_t(2));
        const QString first = QString::fromStdString(r.corpus.warnings[0].toString());
        QVERIFY2(
            first.contains("item 0 (id item-a): [0].input.category: warning: duplicate key; the last value is used"),
            qPrintable(first));
        QVERIFY(QString::fromStdString(r.corpus.warnings[1].toString()).contains("[1].output: warning: duplicate key"));
    }

    void pythonStrOfNumbers() {
        // What str() of json.load's value prints (Python's float repr: shortest round trip, exponent past 1e16).
        const std::vector<std::pair<const char*, const char*>> cases = {
            {"40", "40"},
            {"-0", "0"},
            {"123456789012345678901234567890", "123456789012345678901234567890"},
            {"2.50", "2.5"},
            {"1.0", "1.0"},
            {"1e5", "100000.0"},
            {"1e16", "1e+16"},
            {"1.5e16", "1.5e+16"},
            {"123456789012345.6", "123456789012345.6"},
            {"0.0001", "0.0001"},
            {"0.00001", "1e-05"},
            {"-2.5E-7", "-2.5e-07"},
            {"0.1", "0.1"},
            {"-0.0", "-0.0"},
            {"1e400", "inf"},
            {"true", "True"},
            {"false", "False"},
            {"null", "None"},
            {"9007199254740993.0", "9007199254740992.0"}};
        for (const auto& [literal, want] : cases) QCOMPARE(pythonStrOfJsonLiteral(literal), std::string(want));
    }

    void realDataQuirksFileOpensWithWarnings() {
        const CorpusReadResult r = readCorpusFile(std::string(CCI_TEST_DATA_DIR) + "/real_data_quirks.json");
        QVERIFY2(r.ok(), formatProblems(r.problems).c_str());
        QCOMPARE(r.corpus.warnings.size(), std::size_t(4));  // three number utterances, one dangling reference
        QCOMPARE(r.corpus.samples[0].conversation[1].text, std::string("40"));
        QCOMPARE(r.corpus.samples[0].conversation[1].literal, std::string("40"));
        // The reference that exists is still found.
        QCOMPARE(r.corpus.samples[0].referenceUtteranceIndices(), std::vector<std::size_t>{1});
        // Written back (a submission file), the values stay as they were; a changed text is written as text.
        Corpus copy = r.corpus;
        const std::string written = corpusToJson(copy);
        QVERIFY(written.find("\"utterance\": 40,") != std::string::npos);
        QVERIFY(written.find("\"utterance\": 1e+16,") != std::string::npos);
        copy.samples[0].conversation[1].text = "41";
        QVERIFY(corpusToJson(copy).find("\"utterance\": \"41\",") != std::string::npos);
    }

    void everyProblemIsListedNotJustTheFirst() {
        const ordered_json bad = baseCorpus().patch(ordered_json::parse(R"([
            {"op":"replace","path":"/0/input/category","value":"없음"},
            {"op":"replace","path":"/0/output","value":"inference_9"},
            {"op":"replace","path":"/1/input/conversation/0/speaker","value":null}])"));
        const CorpusReadResult r = readCorpus(bad.dump(), "f.json");
        QCOMPARE(r.problems.size(), std::size_t(3));
        QCOMPARE(r.problems[0].itemIndex, 0L);
        QCOMPARE(r.problems[2].path, std::string("[1].input.conversation[0].speaker"));
    }

    void unreadableFileIsAProblemNotACrash() {
        const CorpusReadResult r = readCorpusFile("/nonexistent/dir/corpus.json");
        QCOMPARE(r.problems.size(), std::size_t(1));
        QVERIFY(
            QString::fromStdString(r.problems[0].toString()).startsWith("/nonexistent/dir/corpus.json: cannot open"));
        QVERIFY_THROWS_EXCEPTION(Error, loadCorpus("/nonexistent/dir/corpus.json"));
    }

    void truncatedAndEmptyFiles_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("what");
        QTest::addRow("empty") << QString() << QStringLiteral("empty file");
        QTest::addRow("truncated") << QString::fromStdString(baseCorpus().dump(4).substr(0, 200))
                                   << QStringLiteral("malformed JSON");
        QTest::addRow("binary garbage") << QStringLiteral("[\x01\x02]") << QStringLiteral("malformed JSON");
    }
    void truncatedAndEmptyFiles() {
        QFETCH(QString, text);
        QFETCH(QString, what);
        const CorpusReadResult r = readCorpus(text.toStdString(), "t.json");
        QCOMPARE(r.problems.size(), std::size_t(1));
        QVERIFY2(QString::fromStdString(r.problems[0].message).contains(what), r.problems[0].message.c_str());
    }
};

QTEST_APPLESS_MAIN(TestCorpusValidation)
#include "test_corpus_validation.moc"
