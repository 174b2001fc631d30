// Annotation sidecars (round trip, atomic save, errors), the undo/save flow of AnnotationBook, agreement values
// on hand-made annotations, and exports (majority with ties, rationale CSV).
#include "annotate/annotation_book.h"
#include "annotate/annotation_stats.h"
#include "corpus/corpus_reader.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <QTemporaryDir>
#include <QtTest>

#include "test_support.h"

using namespace cci;
using namespace cci::annotate;

namespace {

Annotation choice(int c) {
    Annotation a;
    a.choice = c;
    a.updated = "2026-01-01T00:00:00Z";
    return a;
}

// Annotators' choices per item, as letters (A-C, U = unsure, . = none), e.g. {"alice", "AAB."}.
AnnotationSet fromLetters(const std::vector<std::pair<std::string, std::string>>& rows) {
    AnnotationSet set;
    for (const auto& [name, letters] : rows)
        for (std::size_t i = 0; i < letters.size(); ++i) {
            if (letters[i] == '.') continue;
            set.set("item" + std::to_string(i), name, choice(letters[i] == 'U' ? kUnsure : letters[i] - 'A'));
        }
    return set;
}

}  // namespace

class TestAnnotations : public QObject {
    Q_OBJECT
private slots:
    void sidecarRoundTrip() {
        QTemporaryDir dir;
        AnnotationSet set;
        set.corpusName = "demo_test.json";
        Annotation a = choice(1);
        a.tags = {"ambiguous", "gold-wrong"};
        a.rationale = "화자2의 \"반응\"이\n분명하다";
        a.created = "2026-01-01T00:00:00Z";
        set.set("x-1", "alice", a);
        set.set("x-1", "bob", choice(kUnsure));
        set.set("x-2", "alice", choice(2));
        const std::string path = dir.filePath("demo_test.annotations.json").toStdString();
        saveAnnotations(set, path);
        const AnnotationSet back = loadAnnotations(path);
        QCOMPARE(back.corpusName, std::string("demo_test.json"));
        QVERIFY(*back.find("x-1", "alice") == a);
        QCOMPARE(back.find("x-1", "bob")->choice, kUnsure);
        QCOMPARE(back.annotators(), (std::vector<std::string>{"alice", "bob"}));
        QCOMPARE(annotationsToJson(back), annotationsToJson(set));
        QVERIFY(QString::fromStdString(readFile(path)).contains("\"choice\": \"unsure\""));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
        QCOMPARE(sidecarPathFor("/data/대화맥락추론_test.json"),
                 std::string("/data/대화맥락추론_test.annotations.json"));
    }

    void malformedSidecarsAreNamed_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("what");
        QTest::addRow("not a sidecar") << QByteArray("{\"items\": {}}") << "not an annotation sidecar";
        QTest::addRow("bad choice") << QByteArray(
                                           "{\"format\": \"cci-annotations\", \"version\": 1, \"items\": "
                                           "{\"x-1\": {\"alice\": {\"choice\": \"D\"}}}}")
                                    << "items[\"x-1\"][\"alice\"].choice: \"D\" is not inference_1";
        QTest::addRow("tags not a list") << QByteArray(
                                                "{\"format\": \"cci-annotations\", \"version\": 1, \"items\": "
                                                "{\"x-1\": {\"bob\": {\"tags\": \"x\"}}}}")
                                         << "items[\"x-1\"][\"bob\"].tags: expected a list";
        QTest::addRow("broken JSON") << QByteArray("{\"format\": ") << "malformed JSON";
        QTest::addRow("number overflow") << QByteArray("{\"format\": 1e999999}") << "unreadable JSON";
        QTest::addRow("format is a number (found by fuzz_annotations)")
            << QByteArray("{\"format\": 1, \"items\": {}}") << "not an annotation sidecar";
        QTest::addRow("version is a string")
            << QByteArray("{\"format\": \"cci-annotations\", \"version\": \"1\", \"items\": {}}")
            << "version: unsupported or missing version";
    }
    void malformedSidecarsAreNamed() {
        QFETCH(QByteArray, text);
        QFETCH(QString, what);
        QTemporaryDir dir;
        const std::string path = dir.filePath("s.annotations.json").toStdString();
        writeFileAtomic(path, text.toStdString());
        try {
            (void)loadAnnotations(path);
            QFAIL("accepted");
        } catch (const Error& e) {
            const QString msg = QString::fromUtf8(e.what());
            QVERIFY2(msg.contains(QString::fromStdString(path)) && msg.contains(what), qPrintable(msg));
        }
    }

    void bookEditsSaveAndUndo() {
        QTemporaryDir dir;
        const std::string sidecar = dir.filePath("c.annotations.json").toStdString();
        AnnotationBook book;
        book.setAnnotator("alice");
        book.open("c.json", sidecar, "c.json");
        book.choose("c.json", "x-1", 2);
        QCOMPARE(loadAnnotations(sidecar).find("x-1", "alice")->choice, 2);
        book.toggleTag("c.json", "x-1", "ambiguous");
        book.setRationale("c.json", "x-1", "because");
        book.choose("c.json", "x-1", 2);  // no change: no undo step
        QCOMPARE(book.undoDepth(), std::size_t(3));
        AnnotationSet saved = loadAnnotations(sidecar);
        QCOMPARE(saved.find("x-1", "alice")->tags, std::vector<std::string>{"ambiguous"});
        QCOMPARE(saved.find("x-1", "alice")->rationale, std::string("because"));
        QVERIFY(!saved.find("x-1", "alice")->created.empty());
        const auto undone = book.undo();  // says what it took back, and on which item
        QVERIFY(undone);
        QCOMPARE(undone->itemId, std::string("x-1"));
        QCOMPARE(undone->undone.rationale, std::string("because"));
        QVERIFY(undone->restored.rationale.empty());
        QCOMPARE(undone->restored.choice, 2);
        QVERIFY(loadAnnotations(sidecar).find("x-1", "alice")->rationale.empty());
        QVERIFY(book.undo());
        QVERIFY(book.undo());
        QVERIFY(loadAnnotations(sidecar).find("x-1", "alice") == nullptr);  // back to nothing
        QVERIFY(!book.undo());
        // Reopening reads what was saved.
        book.choose("c.json", "x-9", 0);
        AnnotationBook again;
        again.open("c.json", sidecar, "c.json");
        again.setAnnotator("alice");
        QCOMPARE(again.mine("c.json", "x-9")->choice, 0);
    }

    void failedSaveKeepsBookAndFile() {
        QTemporaryDir dir;
        const QString notAFolder = dir.filePath("plain");
        QVERIFY(cci::test::writeBytes(notAFolder));
        AnnotationBook book;
        book.open("c.json", (notAFolder + "/c.annotations.json").toStdString(), "c.json");
        QVERIFY_THROWS_EXCEPTION(Error, book.choose("c.json", "x-1", 1));
        QVERIFY(book.mine("c.json", "x-1") == nullptr);
        QCOMPARE(book.undoDepth(), std::size_t(0));
    }

    void kappaOnHandMadeAnnotations() {
        // Two annotators, 8 items: po = 5/8, pe = 22/64 -> kappa = 3/7 (as in the ensemble tests). Bob's item 8 is
        // "unsure" and carol only did item 1: they do not count.
        const AnnotationSet set = fromLetters({{"alice", "AABBCCABC"}, {"bob", "ABBBCAACU"}});
        const AnnotationAgreement a = annotationAgreement(set, {}, nullptr);
        QCOMPARE(a.annotators, (std::vector<std::string>{"alice", "bob"}));
        QVERIFY(qFuzzyCompare(a.pairKappa[0][1], 3.0 / 7.0));
        QCOMPARE(a.pairItems[0][1], std::size_t(8));
        QCOMPARE(a.perAnnotator[1].unsure, std::size_t(1));
        QCOMPARE(a.disagreements.size(), std::size_t(3));

        // Three annotators, rows (3,0,0) (0,3,0) (2,1,0) (1,1,1): P = 7/12, Pe = 31/72, Fleiss = 11/41.
        const AnnotationSet three = fromLetters({{"a", "ABAA"}, {"b", "ABAB"}, {"c", "ABBC"}});
        const AnnotationAgreement f = annotationAgreement(three, {}, nullptr);
        QVERIFY(qFuzzyCompare(f.fleissKappa, 11.0 / 41.0));
        QCOMPARE(f.fleissItems, std::size_t(4));
    }

    void agreementWithGoldAndModels() {
        Corpus gold;
        for (int i = 0; i < 4; ++i) {
            Sample s;
            s.id = "item" + std::to_string(i);
            s.output = std::string(kOutputKeys[std::size_t(i % 3)]);  // gold A B C A
            gold.samples.push_back(s);
        }
        ensemble::VoteMatrix m;
        m.modelNames = {"model"};
        m.ids = {"item0", "item1", "item2", "item3"};
        m.votes = {0, 1, 1, 1};  // A B B B
        const AnnotationSet set = fromLetters({{"alice", "ABCB"}});
        const AnnotationAgreement a = annotationAgreement(set, {&gold}, &m);
        QCOMPARE(a.perAnnotator[0].goldAgreement, 0.75);
        QCOMPARE(a.perAnnotator[0].modelAgreement[0], 0.75);  // differs on item 2 only
        QVERIFY(QString::fromStdString(agreementTable(a)).contains("75.0%"));
    }

    void exportMajorityWithTies() {
        Corpus corpus;
        for (int i = 0; i < 4; ++i) {
            Sample s;
            s.id = "item" + std::to_string(i);
            s.output = "inference_3";
            corpus.samples.push_back(s);
        }
        // item0: A B B -> B; item1: A B . -> tie, alice (first by name) -> A; item2: U U . -> missing; item3: none.
        AnnotationSet set = fromLetters({{"alice", "AAU."}, {"bob", "BBU."}, {"carol", "B..."}});
        Annotation note = *set.find("item0", "bob");
        note.rationale = "quote \" and, comma";
        set.set("item0", "bob", note);
        const LabelExport majority = exportLabels(corpus, set, {});
        QCOMPARE(majority.corpus.samples[0].output, std::string("inference_2"));
        QCOMPARE(majority.corpus.samples[1].output, std::string("inference_1"));
        QCOMPARE(majority.corpus.samples[2].output, std::string(""));
        QCOMPARE(majority.ties, std::vector<std::string>{"item1"});
        QCOMPARE(majority.missing, (std::vector<std::string>{"item2", "item3"}));
        const LabelExport bob = exportLabels(corpus, set, "bob");
        QCOMPARE(bob.corpus.samples[1].output, std::string("inference_2"));
        const QString csv = QString::fromStdString(rationalesCsv(corpus, set));
        QVERIFY(csv.startsWith("id,annotator,choice,tags,rationale,updated\n"));
        QVERIFY(csv.contains("item0,bob,inference_2,,\"quote \"\" and, comma\","));
    }
};

QTEST_APPLESS_MAIN(TestAnnotations)
#include "test_annotations.moc"
