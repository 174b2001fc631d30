// The Refine view as a user drives it (offscreen): it follows the browser's item, shows original and refined
// utterances as core computes them, re-runs when a rule is toggled, counts match core's statistics, F3 finds the
// next item a rule changes, and export writes the refined corpora.
#include "browser/browser_view.h"
#include "browser/conversation_view.h"
#include "browser/corpus_filter_model.h"
#include "browser/corpus_table_model.h"
#include "corpus/corpus_writer.h"
#include "main_window.h"
#include "refine/refine_diff.h"
#include "refine/refine_session.h"
#include "refine/refine_view.h"
#include "util/atomic_write.h"
#include "workspace/corpus_workspace.h"

#include <QLabel>
#include <QLineEdit>
#include <QTableWidget>
#include <QtTest>

using namespace cci;
using namespace cci::ui;

class TestRefineView : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;

    const Sample& shownSample() {
        return m_window->workspace()->corpora().index().sample(std::size_t(m_window->refineView()->shownItem()));
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        QVERIFY(m_window->showView("refine"));
        m_window->openFiles(CorpusWorkspace::demoCorpusPaths());
        QTRY_COMPARE(m_window->browser()->filterModel()->rowCount(), 230);
    }

    void followsTheBrowserAndShowsCoreResults() {
        BrowserView* browser = m_window->browser();
        QVERIFY(browser->selectSourceRow(5));
        QCOMPARE(m_window->refineView()->shownItem(), 5);
        const Sample& sample = shownSample();
        refine::RefineConfig config;
        refine::ItemTrace trace;
        refine::RefineStats stats;
        const Sample refined = refine::refineSample(sample, config, &trace, stats);
        const auto original = m_window->refineView()->findChildren<QLabel*>("originalUtterance");
        const auto after = m_window->refineView()->findChildren<QLabel*>("refinedUtterance");
        QCOMPARE(original.size(), qsizetype(sample.conversation.size()));
        QCOMPARE(after.size(), qsizetype(refined.conversation.size()));
        for (qsizetype i = 0; i < original.size(); ++i)
            QCOMPARE(original[i]->property("dropped").toBool(), trace.utterances[std::size_t(i)].refinedIndex < 0);
        for (qsizetype k = 0; k < after.size(); ++k) {
            QVERIFY(after[k]->text().contains(
                QString::fromStdString(refined.conversation[std::size_t(k)].text).toHtmlEscaped()));
            QCOMPARE(after[k]->property("merged").toBool(), refined.conversation[std::size_t(k)].ids.size() > 1);
        }
    }

    void togglingARuleReRunsLive() {
        auto* table = m_window->refineView()->findChild<QTableWidget*>("ruleTable");
        QTableWidgetItem* jamo = table->item(refine::kJamo - 1, 0);
        QCOMPARE(jamo->data(Qt::UserRole).toInt(), int(refine::kJamo));
        jamo->setCheckState(Qt::Unchecked);
        QVERIFY(!m_window->refineView()->session()->config().enabled[refine::kJamo]);
        QVERIFY(m_window->refineView()->findChild<QLabel*>("recipe")->text().contains("Modified"));
        // The shown refined conversation now equals core's result without rule 7.
        refine::RefineConfig config;
        config.enabled[refine::kJamo] = false;
        refine::RefineStats stats;
        const Sample refined = refine::refineSample(shownSample(), config, nullptr, stats);
        QCOMPARE(m_window->refineView()->findChildren<QLabel*>("refinedUtterance").size(),
                 qsizetype(refined.conversation.size()));
        jamo->setCheckState(Qt::Checked);
        QVERIFY(m_window->refineView()->session()->config().isPublished());
    }

    void countsMatchCoreStatistics() {
        RefineSession* session = m_window->refineView()->session();
        QTRY_VERIFY(session->statisticsReady());
        std::vector<const Corpus*> corpora;
        const CorpusSet& set = m_window->workspace()->corpora();
        for (std::size_t i = 0; i < set.count(); ++i) corpora.push_back(&set.corpus(i));
        const refine::RefineStats expected = refine::refineStatistics(corpora, refine::RefineConfig{});
        auto* table = m_window->refineView()->findChild<QTableWidget*>("ruleTable");
        for (int row = 0; row < 9; ++row) {
            const auto& r = expected.rules[std::size_t(row + 1)];
            QCOMPARE(table->item(row, 1)->text().toULongLong(), r.utterancesChanged);
            QCOMPARE(table->item(row, 2)->text().toLong(), r.charactersRemoved);
            QCOMPARE(table->item(row, 3)->text().toULongLong(), r.utterancesEmptied);
            QCOMPARE(table->item(row, 4)->text().toULongLong(), r.itemsAffected);
        }
        QVERIFY(m_window->refineView()->findChild<QLabel*>("summary")->text().contains(
            QStringLiteral("%1 merged").arg(expected.merges)));
    }

    void nextItemChangedByRule() {
        BrowserView* browser = m_window->browser();
        CorpusFilterModel* rows = browser->filterModel();
        QVERIFY(browser->selectSourceRow(rows->sourceRow(0)));
        m_window->refineView()->selectRule(refine::kEung);
        QTest::keyClick(m_window->refineView(), Qt::Key_F3);
        const int shown = m_window->refineView()->shownItem();
        const ItemIndex& index = m_window->workspace()->corpora().index();
        int expected = -1;
        for (int r = 1; r < rows->rowCount() && expected < 0; ++r)
            if (refine::changedByRule(index.sample(std::size_t(rows->sourceRow(r))), refine::RefineConfig{},
                                      refine::kEung))
                expected = rows->sourceRow(r);
        QVERIFY(expected >= 0);
        QCOMPARE(shown, expected);
        QCOMPARE(browser->conversationView()->shownId(),
                 QString::fromStdString(index.sample(std::size_t(expected)).id));
    }

    void f3SaysWhenTheBrowseFilterHidesTheNextItem() {
        BrowserView* browser = m_window->browser();
        m_window->refineView()->selectRule(refine::kEung);
        browser->searchBox()->setText("no item has this text");
        QTRY_COMPARE(browser->filterModel()->rowCount(), 0);
        const int before = m_window->refineView()->shownItem();
        QVERIFY(!m_window->refineView()->nextChangedBySelectedRule());
        QCOMPARE(m_window->refineView()->shownItem(), before);
        const QString notice = m_window->refineView()->findChild<QLabel*>("notice")->text();
        QVERIFY2(notice.contains("hidden by the Browse filter"), qPrintable(notice));
        browser->searchBox()->clear();
        QTRY_COMPARE(browser->filterModel()->rowCount(), 230);
    }

    void droppedReferenceUtteranceIsWarned() {
        // quirk-002's reference utterance is "ㅋㅋㅋ", which the jamo rule empties: as `cci refine` warns, so does the
        // view.
        // Opened with the demo in one go (a real file opened later would replace the demo).
        m_window->workspace()->closeAll();
        m_window->openFiles(QStringList{QStringLiteral(CCI_TEST_DATA_DIR "/real_data_quirks.json")} +
                            CorpusWorkspace::demoCorpusPaths());
        QTRY_COMPARE(m_window->browser()->filterModel()->rowCount(), 232);
        const ItemIndex& index = m_window->workspace()->corpora().index();
        int row = -1;
        for (std::size_t r = 0; r < index.size(); ++r)
            if (index.sample(r).id == "quirk-002") row = int(r);
        QVERIFY(m_window->browser()->selectSourceRow(row));
        auto* warning = m_window->refineView()->findChild<QLabel*>("itemWarning");
        QVERIFY(!warning->isHidden());
        QVERIFY2(warning->text().contains("QUIRK002.1.2"), qPrintable(warning->text()));
        QVERIFY(m_window->browser()->selectSourceRow(5));
        QVERIFY(warning->isHidden());
        m_window->workspace()->closeCorpus(0);
    }

    void exportWritesRefinedCorpora() {
        QTemporaryDir dir;
        const QStringList written = m_window->refineView()->session()->exportRefined(dir.path());
        QCOMPARE(written.size(), 3);
        const CorpusSet& set = m_window->workspace()->corpora();
        for (std::size_t i = 0; i < set.count(); ++i) {
            QVERIFY(written[qsizetype(i)].endsWith("_refined.json"));
            const std::string expected = corpusToJson(refine::refineCorpus(set.corpus(i)).corpus);
            QCOMPARE(QString::fromStdString(readFile(written[qsizetype(i)].toStdString())),
                     QString::fromStdString(expected));
        }
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestRefineView)
#include "test_refine_view.moc"
