// The browser's item models under QAbstractItemModelTester while corpora load, filters change, columns sort,
// splits change and files close.
#include "browser/corpus_filter_model.h"
#include "browser/corpus_table_model.h"
#include "workspace/corpus_workspace.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace cci;
using namespace cci::ui;

class TestCorpusModels : public QObject {
    Q_OBJECT
private slots:
    void modelsStayConsistent() {
        CorpusWorkspace workspace;
        CorpusTableModel table(&workspace);
        CorpusFilterModel filter(&table);
        QAbstractItemModelTester t1(&table, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester t2(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);

        for (const QString& p : CorpusWorkspace::demoCorpusPaths()) QVERIFY(workspace.openFileNow(p).empty());
        QCOMPARE(table.rowCount(), 230);
        QCOMPARE(filter.rowCount(), 230);

        ItemQuery q;
        q.text = "강아지";
        filter.setFilter(q);
        QVERIFY(filter.rowCount() > 0 && filter.rowCount() < 230);
        for (int r = 0; r < filter.rowCount(); ++r) {
            const QModelIndex src = filter.mapToSource(filter.index(r, CorpusTableModel::Id));
            QCOMPARE(filter.mapFromSource(src).row(), r);
            QCOMPARE(src.data().toString(), filter.index(r, CorpusTableModel::Id).data().toString());
        }
        filter.sort(CorpusTableModel::Characters, Qt::DescendingOrder);
        for (int r = 1; r < filter.rowCount(); ++r)
            QVERIFY(filter.index(r - 1, CorpusTableModel::Characters).data().toInt() >=
                    filter.index(r, CorpusTableModel::Characters).data().toInt());

        ItemQuery bySplit;
        bySplit.split = Split::Test;
        filter.setFilter(bySplit);
        QCOMPARE(filter.rowCount(), 40);
        workspace.setSplit(0, Split::Test);  // demo_train becomes "test"
        QCOMPARE(filter.rowCount(), 190);
        QCOMPARE(filter.index(0, CorpusTableModel::Split).data().toString(), QStringLiteral("test"));

        workspace.closeCorpus(0);
        QCOMPARE(table.rowCount(), 80);
        QCOMPARE(filter.rowCount(), 40);
        workspace.closeAll();
        QCOMPARE(filter.rowCount(), 0);
    }

    void displayColumns() {
        CorpusWorkspace workspace;
        CorpusTableModel table(&workspace);
        QVERIFY(workspace.openFileNow(QStringLiteral(":/demo/demo_test.json")).empty());
        const Sample& s = table.itemIndex().sample(0);
        QCOMPARE(table.index(0, CorpusTableModel::Id).data().toString(), QString::fromStdString(s.id));
        QCOMPARE(table.index(0, CorpusTableModel::Turns).data().toInt(), int(s.conversation.size()));
        QCOMPARE(table.index(0, CorpusTableModel::Characters).data().toInt(), int(s.totalCharacters()));
        QCOMPARE(table.index(0, CorpusTableModel::Gold).data().toString(), QStringLiteral("—"));
        QCOMPARE(table.headerData(CorpusTableModel::Category, Qt::Horizontal).toString(), QStringLiteral("Category"));
    }
};

QTEST_MAIN(TestCorpusModels)
#include "test_corpus_models.moc"
