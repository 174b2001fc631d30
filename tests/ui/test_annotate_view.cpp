// Annotate mode driven from the keyboard (offscreen): 1/2/3/0 choose and save to the sidecar at once, Enter goes
// to the next unannotated item, Backspace back, Ctrl+Z undoes, blind mode hides gold until answered, the
// progress counts, and remapped keys take effect.
#include "annotate/annotate_view.h"
#include "annotate/annotations.h"
#include "browser/browser_view.h"
#include "browser/conversation_view.h"
#include "browser/corpus_filter_model.h"
#include "browser/corpus_table_model.h"
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "ensemble/ensemble_session.h"
#include "ensemble/ensemble_view.h"
#include "main_window.h"
#include "workspace/corpus_workspace.h"

#include <QApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QtTest>

using namespace cci;
using namespace cci::ui;

class TestAnnotateView : public QObject {
    Q_OBJECT
    std::unique_ptr<MainWindow> m_window;
    QString m_sidecar;

    AnnotateView* view() { return m_window->annotateView(); }
    const Sample& shown() { return m_window->workspace()->corpora().index().sample(std::size_t(view()->shownItem())); }
    int savedChoice(const std::string& id) {
        const annotate::AnnotationSet set = annotate::loadAnnotations(m_sidecar.toStdString());
        const annotate::Annotation* a = set.find(id, "tester");
        return a ? a->choice : -1;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QSettings().setValue("annotator/name", "tester");
        m_sidecar = AnnotateView::sidecarPathFor(":/demo/demo_train.json");
        QFile::remove(m_sidecar);
        m_window = std::make_unique<MainWindow>();
        m_window->show();
        m_window->openFiles({":/demo/demo_train.json"});
        QTRY_COMPARE(m_window->browser()->filterModel()->rowCount(), 150);
        QVERIFY(m_window->showView("annotate"));
        QVERIFY(m_window->browser()->selectSourceRow(0));
        view()->setFocus();
        QCOMPARE(view()->shownItem(), 0);
    }

    void keysChooseAndSave() {
        const std::string first = shown().id;
        QTest::keyClick(view(), Qt::Key_2);
        QCOMPARE(savedChoice(first), 1);
        QVERIFY(view()->findChild<QPushButton*>("choice2")->isChecked());
        QVERIFY(view()->findChild<QLabel*>("progress")->text().contains("train 1/150"));
        QTest::keyClick(view(), Qt::Key_Return);  // next unannotated
        QCOMPARE(view()->shownItem(), 1);
        const std::string second = shown().id;
        QTest::keyClick(view(), Qt::Key_0);
        QCOMPARE(savedChoice(second), annotate::kUnsure);
        QTest::keyClick(view(), Qt::Key_Z, Qt::ControlModifier);  // undo the "unsure"
        QCOMPARE(savedChoice(second), -1);
        QTest::keyClick(view(), Qt::Key_Backspace);  // previous
        QCOMPARE(view()->shownItem(), 0);
        QTest::keyClick(view(), Qt::Key_3);  // change the answer
        QCOMPARE(savedChoice(first), 2);
        QTest::keyClick(view(), Qt::Key_Return);
        QCOMPARE(view()->shownItem(), 1);  // item 1 is unannotated again after the undo
    }

    void undoShowsWhatItTookBack() {
        // Ctrl+Z after moving on: the item it changes comes back into view, with a note of what was undone.
        QVERIFY(m_window->browser()->selectSourceRow(10));
        view()->setFocus();
        const std::string changed = shown().id;
        QTest::keyClick(view(), Qt::Key_2);
        QTest::keyClick(view(), Qt::Key_Return);
        QVERIFY(view()->shownItem() != 10);
        auto* note = view()->findChild<QLabel*>("undoNote");
        QVERIFY(note->isHidden());
        QTest::keyClick(view(), Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(view()->shownItem(), 10);
        QCOMPARE(savedChoice(changed), -1);
        QVERIFY(!note->isHidden());
        QCOMPARE(note->text(), QStringLiteral("Undone on %1: answer 2 → —").arg(QString::fromStdString(changed)));
        // Moving to another item takes the note away.
        QTest::keyClick(view(), Qt::Key_Backspace);
        QVERIFY(note->isHidden());
    }

    void paneWidthsStayWhateverTheItemHolds() {
        // Items differ in candidate length, tags and annotators; the splitter keeps the widths it has.
        auto* splitter = view()->findChild<QSplitter*>("annotateSplitter");
        const QSize before = m_window->size();
        m_window->resize(1600, 900);  // room for every button to take the width its text asks for
        QVERIFY(m_window->browser()->selectSourceRow(0));
        QCoreApplication::processEvents();
        const QList<int> sizes = splitter->sizes();
        QVERIFY(sizes.size() == 2 && sizes[0] > 0 && sizes[1] > 0);
        // The width the view asks for - which a window manager enforces on the window - is the same for every item,
        // and so are the answer buttons' widths (they followed their candidate's text, and the left pane's minimum
        // with them: 761-946 px on these items).
        auto buttonWidths = [&] {
            QList<int> widths;
            for (const char* name : {"choice1", "choice2", "choice3", "choice0"})
                widths << view()->findChild<QPushButton*>(name)->width();
            return widths;
        };
        const int minimum = view()->minimumSizeHint().width();
        const QList<int> buttons = buttonWidths();
        for (int row = 1; row < 40; ++row) {
            QVERIFY(m_window->browser()->selectSourceRow(row));
            QCoreApplication::processEvents();
            QCOMPARE(view()->minimumSizeHint().width(), minimum);
            QCOMPARE(buttonWidths(), buttons);
            QCOMPARE(splitter->sizes(), sizes);
        }
        m_window->resize(before);
    }

    void blindModeHidesGoldUntilAnswered() {
        view()->setBlind(true);
        auto gold = [&](int k) {
            return view()
                ->findChild<ConversationView*>()
                ->findChild<QLabel*>(QStringLiteral("inference_%1").arg(k))
                ->property("gold")
                .toBool();
        };
        QVERIFY(!gold(1) && !gold(2) && !gold(3));
        // The Browse tab hides gold too while blind.
        QVERIFY(m_window->browser()->tableView()->isColumnHidden(CorpusTableModel::Gold));
        QTest::keyClick(view(), Qt::Key_1);
        const int g = shown().goldIndex();
        QVERIFY(gold(g + 1));
        view()->setBlind(false);
        QVERIFY(!m_window->browser()->tableView()->isColumnHidden(CorpusTableModel::Gold));
    }

    void blindModeIsKeptAcrossRestarts() {
        // A blind study must not show gold when the workbench starts again; a test item (no gold) says so instead of
        // "gold hidden".
        view()->setBlind(true);
        {
            MainWindow restarted;
            restarted.openFiles({":/demo/demo_test.json"});
            QTRY_COMPARE(restarted.browser()->filterModel()->rowCount(), 40);
            QVERIFY(restarted.annotateView()->isBlind());
            QVERIFY(restarted.browser()->tableView()->isColumnHidden(CorpusTableModel::Gold));
            QVERIFY(restarted.browser()->selectSourceRow(0));
            auto* note = restarted.annotateView()->findChild<ConversationView*>()->findChild<QLabel*>("goldNote");
            QVERIFY(note);
            QCOMPARE(note->text(), QStringLiteral("No gold answer (unlabeled item)"));
        }
        view()->setBlind(false);
        MainWindow again;
        QVERIFY(!again.annotateView()->isBlind());
    }

    void rationaleIsSavedWithCtrlEnter() {
        QVERIFY(m_window->browser()->selectSourceRow(7));
        view()->setFocus();
        const std::string id = shown().id;
        QTest::keyClick(view(), Qt::Key_1);
        // The editor is modal: typed into once it shows (polled, so that the test cannot type before it exists).
        QTimer typist;
        typist.setInterval(20);
        connect(&typist, &QTimer::timeout, [&] {
            QPlainTextEdit* edit = nullptr;
            for (QWidget* w : QApplication::topLevelWidgets())
                if (w->objectName() == "rationaleDialog" && w->isVisible())
                    edit = w->findChild<QPlainTextEdit*>("rationaleEdit");
            if (!edit) return;
            typist.stop();
            QTest::keyClicks(edit, "first line");
            QTest::keyClick(edit, Qt::Key_Return);  // Enter adds a line
            QTest::keyClicks(edit, "second");
            QTest::keyClick(edit, Qt::Key_Return, Qt::ControlModifier);  // Ctrl+Enter saves
        });
        typist.start();
        QTest::keyClick(view(), Qt::Key_N);
        QVERIFY(!typist.isActive());
        const annotate::AnnotationSet set = annotate::loadAnnotations(m_sidecar.toStdString());
        const annotate::Annotation* a = set.find(id, "tester");
        QVERIFY(a);
        QCOMPARE(a->rationale, std::string("first line\nsecond"));
        QCOMPARE(QApplication::activeModalWidget(), nullptr);
        QApplication::setActiveWindow(m_window.get());  // the closed dialog leaves no active window offscreen
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void answerButtonsKeepTheirKeyNumbers() {
        // Long candidates were clipped at both ends of a centred button, hiding [1]/[2]/[3]: the text starts with the
        // key, is left-aligned and cut at the end, and the whole candidate is in the tooltip.
        QVERIFY(m_window->browser()->selectSourceRow(3));
        for (int k = 1; k <= 3; ++k) {
            auto* button = view()->findChild<QPushButton*>(QStringLiteral("choice%1").arg(k));
            QVERIFY(button->text().startsWith(QStringLiteral("[%1] ").arg(k)));
            QVERIFY(button->styleSheet().contains("text-align: left"));
            const QString candidate = QString::fromStdString(shown().inferences[std::size_t(k - 1)]);
            QCOMPARE(button->toolTip(), candidate);
            QCOMPARE(button->text().endsWith(QStringLiteral("…")), candidate.size() > 28);
        }
    }

    void agreementWithTheEnsemblesModels() {
        // Predictions for the train split do not exist in the demo: build them from the gold answers, one model
        // right everywhere; the annotator's agreement with it then equals the annotator's agreement with gold.
        QTemporaryDir dir;
        Corpus train = loadCorpus(CCI_DEMO_DIR "/demo_train.json");
        saveCorpus(train, dir.filePath("oracle_train.json").toStdString());
        m_window->ensembleView()->session()->loadNow(CCI_DEMO_DIR "/demo_train.json",
                                                     {dir.filePath("oracle_train.json")});
        view()->showItem(view()->shownItem());
        auto* table = view()->findChild<QTableWidget*>("agreement");
        QCOMPARE(table->columnCount(), 5);
        int row = -1;
        for (int r = 0; r < table->rowCount(); ++r)
            if (table->item(r, 0)->text() == "tester") row = r;
        QVERIFY(row >= 0);
        const QString gold = table->item(row, 3)->text();
        QVERIFY2(table->item(row, 4)->text().startsWith(gold.section(' ', 0, 0)),
                 qPrintable(table->item(row, 4)->text()));
    }

    void remappedKeysTakeEffect() {
        QSettings().setValue("annotate/keys/choose1", "A");
        view()->reloadSettings();
        QVERIFY(m_window->browser()->selectSourceRow(5));
        view()->setFocus();
        const std::string id = shown().id;
        QTest::keyClick(view(), Qt::Key_1);  // no longer bound
        QCOMPARE(savedChoice(id), -1);
        QTest::keyClick(view(), Qt::Key_A);
        QCOMPARE(savedChoice(id), 0);
        QSettings().remove("annotate/keys/choose1");
        view()->reloadSettings();
    }

    void lowMarginItemsFromTheEnsembleAreAnnotatedInTurn() {
        // The Ensemble tab asks for items by id: the browser lists only them and Annotate shows the first.
        const auto& index = m_window->workspace()->corpora().index();
        const QStringList ids = {QString::fromStdString(index.sample(9).id),
                                 QString::fromStdString(index.sample(5).id)};
        emit m_window->ensembleView()->annotateItems(":/demo/demo_train.json", ids, "vote margin ≤ 1 (2 items)");
        QCOMPARE(m_window->browser()->filterModel()->rowCount(), 2);
        QVERIFY(view()->isVisible());
        QCOMPARE(view()->shownItem(), 5);
        // A reference that is not open changes nothing.
        emit m_window->ensembleView()->annotateItems(":/demo/not_open.json", ids, "x");
        QCOMPARE(m_window->browser()->filterModel()->rowCount(), 2);
        m_window->browser()->showOnly({}, QString());
        QCOMPARE(m_window->browser()->filterModel()->rowCount(), 150);
    }

    void cleanupTestCase() {
        m_window.reset();
        QFile::remove(m_sidecar);
    }
};

QTEST_MAIN(TestAnnotateView)
#include "test_annotate_view.moc"
