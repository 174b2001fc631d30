// Corpus JSON load/save: the writer reproduces Python's json.dump(ensure_ascii=False, indent=4) byte for byte
// (the demo files were written by Python), parsed content survives a round trip, and edge cases keep their form.
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "util/atomic_write.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace cci;

class TestCorpusJson : public QObject {
    Q_OBJECT
private slots:
    void writerMatchesPythonBytes_data() {
        QTest::addColumn<QString>("file");
        QTest::addRow("train") << "demo_train.json";
        QTest::addRow("dev") << "demo_dev.json";
        QTest::addRow("test") << "demo_test.json";
    }
    void writerMatchesPythonBytes() {
        QFETCH(QString, file);
        const std::string path = std::string(CCI_DEMO_DIR) + "/" + file.toStdString();
        const Corpus corpus = loadCorpus(path);
        QVERIFY(corpus.samples.size() >= 40);
        QCOMPARE(QByteArray::fromStdString(corpusToJson(corpus)), QByteArray::fromStdString(readFile(path)));
    }

    void roundTripKeepsParsedContent() {
        // Independent check with nlohmann's DOM: parsed(original) == parsed(saved).
        const std::string path = std::string(CCI_DEMO_DIR) + "/demo_train.json";
        const auto original = nlohmann::ordered_json::parse(readFile(path));
        const auto saved = nlohmann::ordered_json::parse(corpusToJson(loadCorpus(path)));
        QVERIFY(original == saved);
        QCOMPARE(original.size(), std::size_t(150));
    }

    void mergedIdsEscapesAndEmptyOutput() {
        // Written in the official layout: merged ids as lists, escapes, an empty utterance, an unlabeled item.
        const std::string text = readFile(CCI_TEST_DATA_DIR "/merged_ids_escapes.json");
        const CorpusReadResult r = readCorpus(text, "inline.json");
        QVERIFY2(r.ok(), formatProblems(r.problems).c_str());
        const Sample& s = r.corpus.samples.at(0);
        QCOMPARE(s.conversation[0].ids.size(), std::size_t(2));
        QVERIFY(s.conversation[1].idIsList);
        QCOMPARE(s.conversation[0].text, std::string("줄\n바꿈 \"따옴표\" \\ 탭\t \x01"));
        QCOMPARE(s.goldIndex(), -1);
        QCOMPARE(s.referenceUtteranceIndices(), std::vector<std::size_t>{0});
        QCOMPARE(QByteArray::fromStdString(corpusToJson(r.corpus)), QByteArray::fromStdString(text));
    }

    void saveIsAtomicAndReloads() {
        QTemporaryDir dir;
        const std::string out = dir.filePath("saved.json").toStdString();
        const Corpus corpus = loadCorpus(std::string(CCI_DEMO_DIR) + "/demo_dev.json");
        saveCorpus(corpus, out);
        const Corpus again = loadCorpus(out);
        QCOMPARE(again.samples.size(), corpus.samples.size());
        QCOMPARE(again.samples.back().inferences[2], corpus.samples.back().inferences[2]);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);  // no temp file left
    }

    void totalCharactersCountsCodePoints() {
        Sample s;
        s.conversation = {{1, "안녕 ㅋㅋ", {"a"}}, {2, "ok!", {"b"}}};
        QCOMPARE(s.totalCharacters(), std::size_t(5 + 3));
    }

    void splitGuessedFromFileName_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("split");
        QTest::addRow("official train") << "대화맥락추론_train.json" << int(Split::Train);
        QTest::addRow("official dev") << "/data/대화맥락추론_dev.json" << int(Split::Dev);
        QTest::addRow("test") << "nikluge-2024-test.json" << int(Split::Test);
        QTest::addRow("validation") << "my_validation.json" << int(Split::Dev);
        QTest::addRow("contest is not test") << "contest.json" << int(Split::Other);
    }
    void splitGuessedFromFileName() {
        QFETCH(QString, name);
        QFETCH(int, split);
        QCOMPARE(int(guessSplit(name.toStdString())), split);
    }
};

QTEST_APPLESS_MAIN(TestCorpusJson)
#include "test_corpus_json.moc"
