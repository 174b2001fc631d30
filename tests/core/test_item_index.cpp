// ItemIndex: filters and sorts agree with a brute-force reading of the corpora, including incremental search.
#include "corpus/corpus_reader.h"
#include "corpus/corpus_set.h"

#include <QtTest>

using namespace cci;

namespace {

bool bruteMatches(const Sample& s, const std::string& needleLower) {
    auto lower = [](std::string t) {
        for (char& c : t) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
        return t;
    };
    if (lower(s.id).find(needleLower) != std::string::npos) return true;
    for (const Utterance& u : s.conversation)
        if (lower(u.text).find(needleLower) != std::string::npos) return true;
    for (const std::string& inf : s.inferences)
        if (lower(inf).find(needleLower) != std::string::npos) return true;
    return false;
}

}  // namespace

class TestItemIndex : public QObject {
    Q_OBJECT
    CorpusSet m_set;

private slots:
    void initTestCase() {
        for (const char* f : {"demo_train.json", "demo_dev.json", "demo_test.json"})
            m_set.add(loadCorpus(std::string(CCI_DEMO_DIR) + "/" + f));
        QCOMPARE(m_set.totalItems(), std::size_t(230));
    }

    void textSearchMatchesBruteForce_data() {
        QTest::addColumn<QStringList>("keystrokes");  // typed one after the other (incremental path)
        QTest::addRow("hangul word typed") << QStringList{"시", "시험", "시험 망"};
        QTest::addRow("id, case-insensitive") << QStringList{"CCI-DEMO-DEV-00001", "cci-demo-dev-000015"};
        QTest::addRow("inference text") << QStringList{"화자2는", "화자2는 화자1"};
        QTest::addRow("retyped after delete") << QStringList{"강아지", "강", "강아"};
        QTest::addRow("no match") << QStringList{"zzzz"};
        QTest::addRow("laughter noise") << QStringList{"ㅋ", "ㅋㅋㅋ"};
    }
    void textSearchMatchesBruteForce() {
        QFETCH(QStringList, keystrokes);
        const ItemIndex& index = m_set.index();
        for (const QString& typed : keystrokes) {
            ItemQuery q;
            q.text = typed.toStdString();
            const auto rows = index.select(q);
            std::string needle = q.text;
            for (char& c : needle) c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
            std::vector<std::uint32_t> expected;
            for (std::uint32_t r = 0; r < index.size(); ++r)
                if (bruteMatches(index.sample(r), needle)) expected.push_back(r);
            QCOMPARE(rows, expected);
        }
    }

    void searchDoesNotSpanTwoFields() {
        // Last characters of one utterance + first of the next never form a match.
        const Sample& s = m_set.index().sample(0);
        const std::string a = s.conversation[0].text, b = s.conversation[1].text;
        ItemQuery q;
        q.text = a.substr(a.size() - 3) + b.substr(0, 3);  // both end/start with Hangul (3 bytes)
        for (std::uint32_t r : m_set.index().select(q)) QVERIFY(bruteMatches(m_set.index().sample(r), q.text));
    }

    void categorySplitAndGoldFilters() {
        const ItemIndex& index = m_set.index();
        ItemQuery q;
        q.category = categoryIndex("전제");
        q.split = Split::Dev;
        const auto rows = index.select(q);
        QCOMPARE(rows.size(), std::size_t(8));
        for (auto r : rows) {
            QCOMPARE(index.sample(r).category, std::string("전제"));
            QCOMPARE(index.split(r), Split::Dev);
        }
        ItemQuery gold;
        gold.goldOnly = true;
        QCOMPARE(index.select(gold).size(), std::size_t(190));  // test split is unlabeled
    }

    void sortingOrders_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<bool>("descending");
        for (int c = 0; c < int(ItemColumn::Count); ++c)
            for (bool d : {false, true}) QTest::addRow("column %d desc %d", c, int(d)) << c << d;
    }
    void sortingOrders() {
        QFETCH(int, column);
        QFETCH(bool, descending);
        const ItemIndex& index = m_set.index();
        ItemQuery q;
        q.sortBy = ItemColumn(column);
        q.descending = descending;
        const auto rows = index.select(q);
        QCOMPARE(rows.size(), index.size());
        auto key = [&](std::uint32_t r) -> std::string {
            switch (ItemColumn(column)) {
                case ItemColumn::Id: return index.sample(r).id;
                case ItemColumn::Split: return std::to_string(int(index.split(r)));
                case ItemColumn::Category: return std::to_string(index.category(r));
                case ItemColumn::Turns: return QString::number(index.turns(r)).rightJustified(5, '0').toStdString();
                case ItemColumn::Characters:
                    return QString::number(index.characters(r)).rightJustified(8, '0').toStdString();
                case ItemColumn::Gold: return std::to_string(index.gold(r) + 1);
                default: return {};
            }
        };
        for (std::size_t i = 1; i < rows.size(); ++i) {
            const auto a = key(rows[i - 1]), b = key(rows[i]);
            QVERIFY2(descending ? a >= b : a <= b, (a + " vs " + b).c_str());
        }
    }

    void splitChangeIsSeenWithoutRebuild() {
        CorpusSet set;
        set.add(loadCorpus(std::string(CCI_DEMO_DIR) + "/demo_dev.json"));
        ItemQuery q;
        q.split = Split::Test;
        QCOMPARE(set.index().select(q).size(), std::size_t(0));
        set.setSplit(0, Split::Test);
        QCOMPARE(set.index().select(q).size(), std::size_t(40));
    }
};

QTEST_APPLESS_MAIN(TestItemIndex)
#include "test_item_index.moc"
