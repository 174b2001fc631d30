// Shortcut baselines on hand-made items: letter priors (fitted in-sample and on another corpus, with the unseen
// category falling back to the overall prior), longest/shortest candidate and character-bigram overlap, each
// against a hand count; and the demo corpus's numbers in a sensible range.
#include "corpus/corpus_reader.h"
#include "stats/shortcut_baselines.h"

#include <QtTest>

#include <cmath>

using namespace cci;
using namespace cci::stats;

namespace {

Sample item(const char* category, int gold, std::array<std::string, 3> inferences,
            std::vector<std::string> utterances) {
    Sample s;
    s.id = std::string(category) + std::to_string(gold) + inferences[0];
    s.category = category;
    s.inferences = std::move(inferences);
    s.output = "inference_" + std::to_string(gold + 1);
    for (std::size_t u = 0; u < utterances.size(); ++u)
        s.conversation.push_back(Utterance{1, utterances[u], {"u" + std::to_string(u)}, false, {}});
    s.referenceIds = {"u0"};  // the first utterance is the reference
    return s;
}

double accuracyOf(const std::vector<ShortcutBaseline>& baselines, const std::string& name) {
    for (const auto& b : baselines)
        if (b.name == name) return b.accuracy;
    return -1;
}

}  // namespace

class TestShortcutBaselines : public QObject {
    Q_OBJECT
private slots:
    void handCountedBaselines() {
        Corpus c;
        c.samples = {item("원인", 0, {"가나다라", "마바", "사"}, {"가나다라마"}),
                     item("원인", 0, {"하", "가나", "다라마바사"}, {"다라마바", "가나"}),
                     item("반응", 1, {"아자", "차카타", "파"}, {"차카"}),
                     item("반응", 2, {"xyz", "ab", "abcd"}, {"zz"})};
        const auto in = shortcutBaselines(c, c);
        QCOMPARE(in.front().name, std::string("chance"));
        QCOMPARE(in.front().items, std::size_t(4));
        // Gold A, A, B, C: A is the most frequent letter.
        QCOMPARE(accuracyOf(in, "most frequent letter"), 0.5);
        // 원인 -> A (both right); 반응 has one B and one C -> B (the first): right on item 3 only.
        QCOMPARE(accuracyOf(in, "category prior"), 0.75);
        QCOMPARE(accuracyOf(in, "longest candidate"), 0.75);   // A, C (wrong), B, C
        QCOMPARE(accuracyOf(in, "shortest candidate"), 0.25);  // C, A, C, B
        // Bigrams shared with the reference: item 1 -> A (3), item 2 -> C (3), item 3 -> B (1), item 4 -> none -> A.
        QCOMPARE(accuracyOf(in, "overlap with references"), 0.5);
        QCOMPARE(accuracyOf(in, "overlap with conversation"), 0.5);
        for (const auto& b : in) QCOMPARE(b.inSample, b.name == "most frequent letter" || b.name == "category prior");
        QCOMPARE(mostOverlappingCandidate(c.samples[1], "가나 다"), 1);  // spaces are left out: 가나, 나다
        // Priors fitted on other items: only item 3's B; 원인 is unseen there and takes the overall prior.
        Corpus fitted;
        fitted.samples = {c.samples[2]};
        const auto out = shortcutBaselines(fitted, c);
        QCOMPARE(accuracyOf(out, "most frequent letter"), 0.25);
        QCOMPARE(accuracyOf(out, "category prior"), 0.25);
        for (const auto& b : out) QVERIFY(!b.inSample);
        // Nothing labelled: no accuracy.
        Corpus test = c;
        for (auto& s : test.samples) s.output.clear();
        QVERIFY(std::isnan(accuracyOf(shortcutBaselines(c, test), "longest candidate")));
        QVERIFY(std::isnan(accuracyOf(shortcutBaselines(c, test), "chance")));
    }

    void demoCorpusBaselines() {
        const Corpus train = loadCorpus(CCI_DEMO_DIR "/demo_train.json");
        const Corpus dev = loadCorpus(CCI_DEMO_DIR "/demo_dev.json");
        const auto baselines = shortcutBaselines(train, dev);
        QCOMPARE(baselines.size(), std::size_t(7));
        for (const auto& b : baselines) {
            QCOMPARE(b.items, dev.samples.size());
            QVERIFY2(b.accuracy >= 0 && b.accuracy <= 1, b.name.c_str());
            qInfo("%s: %.1f%%", b.name.c_str(), 100 * b.accuracy);
        }
    }
};

QTEST_GUILESS_MAIN(TestShortcutBaselines)
#include "test_shortcut_baselines.moc"
