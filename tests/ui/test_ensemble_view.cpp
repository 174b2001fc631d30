// The Ensemble view (offscreen) on the bundled demo predictions: the vote-matrix model passes
// QAbstractItemModelTester, filters select what core says, unticking a model re-votes, the item pane shows the
// probabilities, and export writes the ensemble's answers.
#include "corpus/corpus_reader.h"
#include "ensemble/ensemble_session.h"
#include "ensemble/ensemble_view.h"
#include "ensemble/vote_matrix_model.h"
#include "plots/bar_plot.h"
#include "plots/reliability_plot.h"
#include "prompt/prompt_builder.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QtTest>

#include <qcustomplot.h>

using namespace cci;
using namespace cci::ui;

namespace {

QStringList demoPredictions() {
    QStringList out;
    const QDir dir(QStringLiteral(":/demo/predictions"));
    for (const QString& f : dir.entryList({QStringLiteral("*_dev.json")}, QDir::Files, QDir::Name))
        if (!f.endsWith(QLatin1String(".probs.json"))) out << dir.filePath(f);
    return out;
}

}  // namespace

class TestEnsembleView : public QObject {
    Q_OBJECT
    std::unique_ptr<EnsembleView> m_view;

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_view = std::make_unique<EnsembleView>();
        m_view->resize(1300, 800);
        m_view->show();
        new QAbstractItemModelTester(m_view->matrixModel(), QAbstractItemModelTester::FailureReportingMode::QtTest,
                                     m_view.get());
        m_view->session()->loadNow(QStringLiteral(":/demo/demo_dev.json"), demoPredictions());
        QVERIFY(m_view->session()->analysisReady());
        QCOMPARE(m_view->matrixModel()->rowCount(), 40);
    }

    void anEmptyTabSaysWhatToOpen() {
        EnsembleView fresh;
        QVERIFY2(fresh.findChild<QLabel*>("summary")->text().contains("prediction files"),
                 qPrintable(fresh.findChild<QLabel*>("summary")->text()));
    }

    void summaryShowsTheEnsembleAccuracy() {
        const ensemble::Analysis& a = m_view->session()->analysis();
        QCOMPARE(a.models.size(), std::size_t(5));
        const QString expected = QString::number(100 * a.ensembleAccuracy, 'f', 1) + "%";
        QTRY_VERIFY(m_view->findChild<QLabel*>("summary")->text().contains(expected));
        // With its bootstrap interval, and each model's interval and calibration in its tooltip.
        const QString interval = QStringLiteral("(95%: %1%–%2%)")
                                     .arg(100 * a.ensembleAccuracyInterval.low, 0, 'f', 1)
                                     .arg(100 * a.ensembleAccuracyInterval.high, 0, 'f', 1);
        QVERIFY2(m_view->findChild<QLabel*>("summary")->text().contains(interval),
                 qPrintable(m_view->findChild<QLabel*>("summary")->text()));
        auto* models = m_view->findChild<QListWidget*>("models");
        QVERIFY(models);
        const QString tip = models->item(0)->toolTip();
        QVERIFY2(tip.contains("95% interval") &&
                     tip.contains(QStringLiteral("T = %1").arg(a.models[0].temperature, 0, 'f', 2)),
                 qPrintable(tip));
        // Per-category accuracy: the axis ends near 1 and the legend sits under the plot, covering no bar.
        auto* perCategory = m_view->findChild<BarPlot*>("perCategory");
        QVERIFY(perCategory);
        QVERIFY(perCategory->plot()->yAxis->range().upper <= 1.1);
        QVERIFY(perCategory->plot()->legend->layout() != perCategory->plot()->axisRect()->insetLayout());
        // Each model is named in the legend as in the model list ("1. name").
        QCOMPARE(perCategory->plot()->plottable(0)->name(),
                 QStringLiteral("1. %1").arg(QString::fromStdString(a.models[0].name)));
        // In the colour the model list gives it.
        QCOMPARE(perCategory->plot()->plottable(0)->brush().color(), models->item(0)->foreground().color());
    }

    void filtersSelectWhatCoreSays() {
        const ensemble::VoteMatrix& m = m_view->session()->matrix();
        const auto& answer = m_view->session()->analysis().ensemble.answer;
        int wrong = 0, split = 0;
        for (std::size_t i = 0; i < m.items(); ++i) {
            wrong += answer[i] != m.gold[i];
            bool unanimous = true;
            for (std::size_t k = 0; k < m.models(); ++k) unanimous = unanimous && m.vote(i, k) == answer[i];
            split += !unanimous;
        }
        auto* ensembleWrong = m_view->findChild<QCheckBox*>("ensembleWrong");
        ensembleWrong->setChecked(true);
        QCOMPARE(m_view->matrixModel()->rowCount(), wrong);
        ensembleWrong->setChecked(false);
        m_view->findChild<QCheckBox*>("splitVote")->setChecked(true);
        QCOMPARE(m_view->matrixModel()->rowCount(), split);
        m_view->findChild<QCheckBox*>("splitVote")->setChecked(false);
        // Smallest margin first.
        m_view->findChild<QComboBox*>("order")->setCurrentIndex(1);
        const auto& margin = m_view->session()->analysis().ensemble.margin;
        for (int r = 1; r < m_view->matrixModel()->rowCount(); ++r)
            QVERIFY(margin[std::size_t(m_view->matrixModel()->itemAt(r - 1))] <=
                    margin[std::size_t(m_view->matrixModel()->itemAt(r))]);
        m_view->findChild<QComboBox*>("order")->setCurrentIndex(0);
    }

    void itemPaneShowsProbabilities() {
        m_view->matrixView()->selectRow(3);
        const std::size_t item = std::size_t(m_view->matrixModel()->itemAt(3));
        auto* probs = m_view->findChild<QTableWidget*>("probabilities");
        QCOMPARE(probs->rowCount(), 5);
        const auto& p = m_view->session()->matrix().probs[2];
        QCOMPARE(probs->item(2, 2)->text(), QString::number(p[item * 3 + 1], 'f', 3));
    }

    void promptsFollowEachModelsStyle() {
        m_view->session()->setModelStyle(0, "CustomRef");
        m_view->session()->setModelStyle(3, "CustomRef");
        m_view->session()->setModelStyle(1, "Baseline");
        m_view->matrixView()->selectRow(2);
        const std::size_t item = std::size_t(m_view->matrixModel()->itemAt(2));
        const QString shown = m_view->findChild<QTextBrowser*>("prompts")->toPlainText();
        QVERIFY(shown.contains("CustomRef — models 1, 4"));
        QVERIFY(shown.contains("Baseline — models 2"));
        QVERIFY(shown.contains("Models 3, 5: prompt style not set"));
        for (const prompt::PromptStyle& st : prompt::loadPromptStyles(prompt::bundledPromptDir()))
            if (st.name == "CustomRef") {
                const auto p = prompt::buildPrompt(m_view->session()->reference().samples[item], st);
                QVERIFY(shown.contains(QString::fromStdString(p.user)));
            }
    }

    void untickingAModelReVotes() {
        auto* models = m_view->findChild<QListWidget*>("models");
        models->item(0)->setCheckState(Qt::Unchecked);
        QTRY_VERIFY(m_view->session()->analysisReady());
        QCOMPARE(m_view->session()->members(), (std::vector<std::size_t>{1, 2, 3, 4}));
        ensemble::VoteOptions options;
        options.members = {1, 2, 3, 4};
        const auto expected = ensemble::vote(m_view->session()->matrix(), options);
        QCOMPARE(m_view->session()->analysis().ensemble.answer, expected.answer);
        // The model table shows the ensemble column from the new vote.
        for (int r = 0; r < m_view->matrixModel()->rowCount(); ++r) {
            const std::size_t item = std::size_t(m_view->matrixModel()->itemAt(r));
            QVERIFY(m_view->matrixModel()
                        ->index(r, VoteMatrixModel::Ensemble)
                        .data()
                        .toString()
                        .startsWith(QChar('A' + expected.answer[item])));
        }
        models->item(0)->setCheckState(Qt::Checked);
        QTRY_VERIFY(m_view->session()->analysisReady());
        QCOMPARE(m_view->session()->members().size(), std::size_t(5));
    }

    void exportWritesTheEnsembleAnswers() {
        QTemporaryDir dir;
        const QString path = dir.filePath("ensemble.json");
        m_view->session()->exportSubmission(path);
        const Corpus written = loadCorpus(path.toStdString());
        const auto& answer = m_view->session()->analysis().ensemble.answer;
        QCOMPARE(written.samples.size(), answer.size());
        for (std::size_t i = 0; i < answer.size(); ++i) QCOMPARE(written.samples[i].goldIndex(), int(answer[i]));
    }

    void badFilesAreReported() {
        QVERIFY_THROWS_EXCEPTION(
            Error, m_view->session()->loadNow(QStringLiteral(":/demo/demo_test.json"), demoPredictions()));
        QVERIFY(m_view->session()->hasData());  // the previous data stays
    }

    void demoPredictionsAskBeforeReplacingLoadedOnes() {
        QVERIFY(m_view->session()->hasData());
        const auto before = m_view->session()->matrix().models();
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            for (QWidget* w : QApplication::topLevelWidgets())
                if (auto* box = qobject_cast<QMessageBox*>(w); box && box->objectName() == "replaceDialog") {
                    asked = true;
                    box->button(QMessageBox::No)->click();  // keep what is loaded
                }
        });
        m_view->findChild<QPushButton*>("demoPredictions")->click();
        QVERIFY(asked);
        QCOMPARE(m_view->session()->matrix().models(), before);
        QVERIFY(m_view->session()->analysisReady());
    }

    void lowMarginItemsGoToAnnotate() {
        // The coverage curve has a point per margin threshold; the items at or below a margin are asked for, by id,
        // smallest margin first.
        const ensemble::Analysis& a = m_view->session()->analysis();
        auto* curve = m_view->coveragePlot();
        QCOMPARE(curve->graphCount(), 1);
        QCOMPARE(std::size_t(curve->graph(0)->data()->size()), a.marginCoverage.size());
        // Drawn by coverage: the last point covers every item, at the ensemble's accuracy.
        const auto data = curve->graph(0)->data();
        QCOMPARE(data->at(data->size() - 1)->key, 1.0);
        QCOMPARE(data->at(data->size() - 1)->value, a.marginCoverage[0].accuracy);
        QCOMPARE(a.marginCoverage[0].accuracy, a.ensembleAccuracy);
        auto* margin = m_view->findChild<QSpinBox*>("lowMargin");
        QVERIFY(margin);
        margin->setValue(1);
        QSignalSpy asked(m_view.get(), &EnsembleView::annotateItems);
        m_view->annotateLowMargin();
        QCOMPARE(asked.count(), 1);
        const auto expected = ensemble::lowMarginItems(a.ensemble, 1);
        const QStringList ids = asked.first().at(1).toStringList();
        QCOMPARE(std::size_t(ids.size()), expected.size());
        QVERIFY(!ids.isEmpty());
        QCOMPARE(ids.first().toStdString(), m_view->session()->matrix().ids[expected.front()]);
        QCOMPARE(asked.first().at(0).toString(), QStringLiteral(":/demo/demo_dev.json"));
    }

    // The Calibration tab draws the chosen model's reliability diagram before and after temperature scaling, from
    // the analysis' bins; McNemar's test is among the pairwise metrics.
    void calibrationTabDrawsEachModelsReliability() {
        const auto& a = m_view->session()->analysis();
        auto* combo = m_view->findChild<QComboBox*>("calibrationModel");
        QVERIFY(combo);
        QCOMPARE(combo->count(), int(a.models.size()));  // the demo predictions all have probabilities
        combo->setCurrentIndex(combo->count() - 1);
        const auto& m = a.models[std::size_t(combo->currentData().toInt())];
        QVERIFY(m.calibration && m.calibrated);
        const auto* plot = m_view->reliabilityPlot()->plot();
        QCOMPARE(plot->graphCount(), 3);  // the diagonal, as scored, after temperature scaling
        for (int g = 1; g <= 2; ++g) {
            const auto& bins = (g == 1 ? m.calibration : m.calibrated)->bins;
            const auto data = plot->graph(g)->data();
            int k = 0;
            for (const auto& bin : bins) {
                if (bin.items == 0) continue;
                QVERIFY(k < data->size());
                QCOMPARE(data->at(k)->key, bin.confidence);
                QCOMPARE(data->at(k)->value, bin.accuracy);
                ++k;
            }
            QCOMPARE(k, data->size());
        }
        QVERIFY2(plot->graph(2)->name().contains(QString::number(m.temperature, 'f', 2)),
                 qPrintable(plot->graph(2)->name()));
        auto* metric = m_view->findChild<QComboBox*>("metric");
        QVERIFY(metric->findText("McNemar's test (p)") >= 0);
    }

    void measuresThatNeedGoldSaySo() {
        // The test split has no gold: entropy and KW variance read "nan"; they now say they need gold.
        QStringList test;
        for (QString p : demoPredictions()) test << p.replace("_dev.json", "_test.json");
        m_view->session()->loadNow(QStringLiteral(":/demo/demo_test.json"), test);
        const QString summary = m_view->findChild<QLabel*>("summary")->text();
        QVERIFY2(summary.contains("entropy – (needs gold); KW variance – (needs gold)"), qPrintable(summary));
        QVERIFY2(!summary.contains("nan"), qPrintable(summary));
    }

    void cleanupTestCase() { m_view.reset(); }
};

QTEST_MAIN(TestEnsembleView)
#include "test_ensemble_view.moc"
