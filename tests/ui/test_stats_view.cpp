// The Statistics view (offscreen): its charts show core's numbers, a click on a bar or bin shows exactly those items
// in the browser, a click on a word searches for it, and Export writes the files `cci eda` writes (plus SVGs).
#include "browser/browser_view.h"
#include "browser/corpus_filter_model.h"
#include "charts/word_cloud.h"
#include "main_window.h"
#include "prompt/prompt_style.h"
#include "stats/stats_view.h"
#include "workspace/corpus_workspace.h"

#include <qcustomplot.h>

#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

using namespace cci;
using namespace cci::ui;

namespace {

// QCustomPlot reports a misused layout through qDebug (which QTest::failOnWarning does not see): collect those.
QStringList g_layoutMessages;
QtMessageHandler g_previousHandler = nullptr;
void collectLayoutMessages(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (message.contains(QLatin1String("QCPLayoutGrid"))) g_layoutMessages << message;
    if (g_previousHandler) g_previousHandler(type, context, message);
}

}  // namespace

class TestStatsView : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    StatsView* view() { return m_window->statsView(); }

private slots:
    void initTestCase() {
        g_previousHandler = qInstallMessageHandler(collectLayoutMessages);
        QStandardPaths::setTestModeEnabled(true);
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        m_window->openFiles({":/demo/demo_dev.json"});
        QTRY_VERIFY(m_window->workspace()->corpora().totalItems() == 40);
        QVERIFY(m_window->showView("statistics"));
        QVERIFY(view()->selectCorpus(0));
    }

    void chartsShowCoresNumbers() {
        const Corpus& corpus = m_window->workspace()->corpora().corpus(0);
        const auto stats = stats::computeStats(corpus);
        auto* categories = qobject_cast<QCPBars*>(view()->plot(charts::EdaChart::Categories)->plottable(0));
        QVERIFY(categories);
        QCOMPARE(categories->data()->size(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(categories->data()->at(i)->value, double(stats.categories[std::size_t(i)]));
        auto* turns = qobject_cast<QCPBars*>(view()->plot(charts::EdaChart::Turns)->plottable(0));
        QCOMPARE(turns->data()->size(), int(stats.turns.counts.size()));
        view()->setRefinedShown(true);
        QCOMPARE(view()->plot(charts::EdaChart::TotalLength)->plottableCount(), 2);
        view()->setRefinedShown(false);
    }

    void shortcutBaselinesOfTheShownCorpus() {
        // Only the dev split is open: the priors are fitted on it (in-sample) and the table says so.
        const Corpus& dev = m_window->workspace()->corpora().corpus(0);
        const auto expected = stats::shortcutBaselines(dev, dev);
        QCOMPARE(view()->shortcuts().size(), expected.size());
        auto* table = view()->findChild<QTableWidget*>("shortcutBaselines");
        QVERIFY(table);
        QCOMPARE(table->rowCount(), int(expected.size()));
        for (std::size_t r = 0; r < expected.size(); ++r) {
            QCOMPARE(view()->shortcuts()[r].accuracy, expected[r].accuracy);
            QVERIFY(table->item(int(r), 1)->text().startsWith(QString::number(100 * expected[r].accuracy, 'f', 1)));
        }
        QVERIFY(table->item(1, 0)->text().contains("in-sample"));
    }

    void clickingABarFiltersTheBrowser() {
        QSignalSpy spy(view(), &StatsView::showItems);
        const Corpus& corpus = m_window->workspace()->corpora().corpus(0);
        view()->clickBar(charts::EdaChart::Categories, 4);  // 동기
        QCOMPARE(spy.count(), 1);
        std::size_t expected = 0;
        for (const auto& s : corpus.samples) expected += s.category == "동기";
        QCOMPARE(m_window->browser()->filterModel()->rowCount(), int(expected));
        // A bin of the turns histogram: the items with that many utterances.
        const auto stats = stats::computeStats(corpus);
        const double key = stats.turns.start + 0.5;  // first bin
        view()->clickBar(charts::EdaChart::Turns, key);
        QCOMPARE(m_window->browser()->filterModel()->rowCount(), int(stats.turns.counts.front()));
        m_window->browser()->showOnly({}, QString());
        QCOMPARE(m_window->browser()->filterModel()->rowCount(), 40);
        // With a search still active in Browse, a clicked bar shows exactly its items, as the banner says.
        m_window->browser()->searchBox()->setText("no item has this text");
        QTRY_COMPARE(m_window->browser()->filterModel()->rowCount(), 0);
        view()->clickBar(charts::EdaChart::Categories, 4);
        QCOMPARE(m_window->browser()->filterModel()->rowCount(), int(expected));
        QVERIFY(m_window->browser()->searchBox()->text().isEmpty());
        m_window->browser()->showOnly({}, QString());
    }

    void clickingAWordSearchesForIt() {
        m_window->showView("statistics");
        const auto& placed = view()->wordCloud()->placed();
        QVERIFY(!placed.empty());
        QTest::mouseClick(view()->wordCloud(), Qt::LeftButton, {}, placed.front().rect.center().toPoint());
        QCOMPARE(m_window->browser()->searchBox()->text(), placed.front().word);
        QVERIFY(m_window->browser()->filterModel()->rowCount() > 0);
        m_window->browser()->searchBox()->clear();
    }

    void exportWritesTheFiles() {
        QTemporaryDir dir;
        QString error;
        QVERIFY2(view()->exportTo(dir.path(), &error), qPrintable(error));
        for (const char* name :
             {"demo_dev_category_distribution.png", "demo_dev_category_distribution.svg", "demo_dev_wordcloud.png",
              "demo_dev_total_utterance_lengths.csv", "demo_dev_summary.json"})
            QVERIFY2(QFileInfo(dir.filePath(QLatin1String(name))).size() > 100, name);
    }

    void tokenLengthsPerStyle() {
        // The tiny tokenizer of the test data, in a model folder with a chat template.
        QTemporaryDir model;
        QFile::copy(QStringLiteral(CCI_TEST_DATA_DIR "/tokenizers/tiny_bpe.json"), model.filePath("tokenizer.json"));
        QVERIFY(!view()->measureTokens(model.filePath("missing"), 1024));
        QVERIFY(view()->measureTokens(model.path(), 1024));
        // One curve per bundled style.
        QCOMPARE(view()->tokenPlot()->graphCount(), int(prompt::loadPromptStyles(prompt::bundledPromptDir()).size()));
        double items = 0;
        for (int i = 0; i < view()->tokenPlot()->graph(0)->data()->size(); ++i)
            items += view()->tokenPlot()->graph(0)->data()->at(i)->value;
        QCOMPARE(items, 40.0);
    }

    void chartsAreRedrawnWithoutLayoutErrors() {
        // Every file or option change draws the charts again (a second title into an occupied cell was refused).
        QVERIFY(view()->selectCorpus(0));
        QVERIFY2(g_layoutMessages.isEmpty(), qPrintable(g_layoutMessages.join('\n')));
    }

    void cleanupTestCase() { m_window.reset(); }
};

QTEST_MAIN(TestStatsView)
#include "test_stats_view.moc"
