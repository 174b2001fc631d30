// k-fold splits are deterministic partitions balanced by size and category; merging refuses duplicate ids.
#include "corpus/corpus_reader.h"
#include "corpus/corpus_split.h"

#include <QtTest>

#include <map>
#include <set>

using namespace cci;

class TestCorpusSplit : public QObject {
    Q_OBJECT
    Corpus m_train;

private slots:
    void initTestCase() { m_train = loadCorpus(std::string(CCI_DEMO_DIR) + "/demo_train.json"); }

    void foldsPartitionTheItems_data() {
        QTest::addColumn<int>("k");
        QTest::addColumn<bool>("stratify");
        for (int k : {2, 5, 7})
            for (bool s : {true, false}) QTest::addRow("k=%d stratify=%d", k, int(s)) << k << s;
    }
    void foldsPartitionTheItems() {
        QFETCH(int, k);
        QFETCH(bool, stratify);
        const auto folds = kFoldSplit(m_train, k, /*seed=*/7, stratify);
        QCOMPARE(folds.size(), std::size_t(k));
        std::multiset<std::size_t> seen;
        std::size_t smallest = SIZE_MAX, largest = 0;
        for (const Fold& f : folds) {
            seen.insert(f.validation.begin(), f.validation.end());
            QCOMPARE(f.train.size() + f.validation.size(), m_train.samples.size());
            QVERIFY(std::is_sorted(f.validation.begin(), f.validation.end()));
            std::set<std::size_t> overlap;
            std::set_intersection(f.train.begin(), f.train.end(), f.validation.begin(), f.validation.end(),
                                  std::inserter(overlap, overlap.begin()));
            QVERIFY(overlap.empty());
            smallest = std::min(smallest, f.validation.size());
            largest = std::max(largest, f.validation.size());
        }
        QCOMPARE(seen.size(), m_train.samples.size());
        QCOMPARE(std::set<std::size_t>(seen.begin(), seen.end()).size(), m_train.samples.size());
        QVERIFY(largest - smallest <= 1);
    }

    void stratifiedFoldsSpreadEachCategory() {
        const auto folds = kFoldSplit(m_train, 5, /*seed=*/1, /*stratify=*/true);
        for (const std::string_view cat : kCategories) {
            std::vector<int> perFold;
            for (const Fold& f : folds)
                perFold.push_back(int(std::count_if(f.validation.begin(), f.validation.end(), [&](std::size_t i) {
                    return m_train.samples[i].category == cat;
                })));
            const auto [lo, hi] = std::minmax_element(perFold.begin(), perFold.end());
            QVERIFY2(*hi - *lo <= 1, std::string(cat).c_str());
        }
    }

    void sameSeedSameFoldsOtherSeedOtherFolds() {
        const auto a = kFoldSplit(m_train, 5, 42), b = kFoldSplit(m_train, 5, 42), c = kFoldSplit(m_train, 5, 43);
        for (std::size_t f = 0; f < a.size(); ++f) QCOMPARE(a[f].validation, b[f].validation);
        bool differs = false;
        for (std::size_t f = 0; f < a.size(); ++f) differs = differs || a[f].validation != c[f].validation;
        QVERIFY(differs);
    }

    void badK() {
        QVERIFY_THROWS_EXCEPTION(Error, kFoldSplit(m_train, 1));
        QVERIFY_THROWS_EXCEPTION(Error, kFoldSplit(m_train, int(m_train.samples.size()) + 1));
    }

    void mergeKeepsOrderAndRefusesDuplicates() {
        const Corpus dev = loadCorpus(std::string(CCI_DEMO_DIR) + "/demo_dev.json");
        const Corpus merged = mergeCorpora({&m_train, &dev});
        QCOMPARE(merged.samples.size(), m_train.samples.size() + dev.samples.size());
        QCOMPARE(merged.samples.front().id, m_train.samples.front().id);
        QCOMPARE(merged.samples.back().id, dev.samples.back().id);
        try {
            (void)mergeCorpora({&m_train, &dev, &dev});
            QFAIL("duplicate ids were merged");
        } catch (const Error& e) {
            QCOMPARE(e.problems().size(), dev.samples.size());
            QVERIFY(QString::fromStdString(e.problems()[0].message).contains("also in"));
        }
    }
};

QTEST_APPLESS_MAIN(TestCorpusSplit)
#include "test_corpus_split.moc"
