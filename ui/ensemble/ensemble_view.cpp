// EnsembleView: widgets and wiring; numbers come from the session's core analysis.
#include "ensemble/ensemble_view.h"
#include "error_message.h"

#include "browser/conversation_view.h"
#include "ensemble/answer_reader.h"
#include "ensemble/ensemble_session.h"
#include "ensemble/vote_matrix_model.h"
#include "plots/bar_plot.h"
#include "plots/heatmap_plot.h"
#include "plots/reliability_plot.h"
#include "prompt/prompt_builder.h"
#include "util/problem.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <cmath>

namespace cci::ui {

namespace {

// Hides the sidecars of prediction files in the file chooser (they are read with their prediction file).
class PredictionFilesOnly : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const QString name = sourceModel()->index(row, 0, parent).data().toString();
        return !ensemble::isPredictionSidecar(name.toStdString());
    }
};

constexpr int kHeldOutRole = Qt::UserRole + 1;  // method item fitted on the runs' dev data

QString pct(double x) {
    return std::isfinite(x) ? QString::number(100 * x, 'f', 1) + QStringLiteral("%") : QStringLiteral("–");
}
QString cat(std::size_t c) { return QString::fromUtf8(kCategories[c].data(), qsizetype(kCategories[c].size())); }

const QColor kSeriesColors[] = {QColor("#1971c2"), QColor("#e8590c"), QColor("#2f9e44"), QColor("#9c36b5"),
                                QColor("#f08c00"), QColor("#0c8599"), QColor("#c2255c"), QColor("#5c940d"),
                                QColor("#364fc7"), QColor("#862e9c"), QColor("#d9480f"), QColor("#495057")};

}  // namespace

EnsembleView::EnsembleView(QWidget* parent) : QWidget(parent) {
    m_session = new EnsembleSession(this);
    m_model = new VoteMatrixModel(m_session, this);

    auto* open = new QPushButton(tr("Open predictions…"), this);
    auto* demo = new QPushButton(tr("Demo predictions"), this);
    demo->setObjectName(QStringLiteral("demoPredictions"));
    demo->setToolTip(tr("Five synthetic models on the demo dev split"));
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItem(tr("Hard voting (published)"), int(ensemble::VoteMethod::Hard));
    m_method->addItem(tr("Soft voting (mean probabilities)"), int(ensemble::VoteMethod::Soft));
    // Fitted on each model's run dev evaluation (out-of-fold for k-fold folds), never on the items voted on.
    m_method->addItem(tr("Soft voting, each model calibrated on its run's dev data"), int(ensemble::VoteMethod::Soft));
    m_method->addItem(tr("Weighted by each run's dev accuracy"), int(ensemble::VoteMethod::Weighted));
    m_method->setItemData(2, true, kHeldOutRole);
    m_method->setItemData(3, true, kHeldOutRole);
    auto* exportButton = new QPushButton(tr("Export submission…"), this);
    auto* top = new QHBoxLayout;
    top->addWidget(open);
    top->addWidget(demo);
    top->addWidget(m_method);
    top->addStretch(1);
    top->addWidget(exportButton);

    m_ensembleWrong = new QCheckBox(tr("Ensemble wrong"), this);
    m_splitVote = new QCheckBox(tr("Split vote"), this);
    m_allWrong = new QCheckBox(tr("All wrong"), this);
    m_ensembleWrong->setObjectName(QStringLiteral("ensembleWrong"));
    m_splitVote->setObjectName(QStringLiteral("splitVote"));
    m_allWrong->setObjectName(QStringLiteral("allWrong"));
    m_category = new QComboBox(this);
    m_category->addItem(tr("All categories"), -1);
    for (std::size_t c = 0; c < kCategories.size(); ++c) m_category->addItem(cat(c), int(c));
    m_modelWrong = new QComboBox(this);
    m_modelWrong->setObjectName(QStringLiteral("modelWrong"));
    m_order = new QComboBox(this);
    m_order->setObjectName(QStringLiteral("order"));
    m_order->addItem(tr("File order"), int(ensemble::ItemOrder::File));
    m_order->addItem(tr("Smallest margin first"), int(ensemble::ItemOrder::Margin));
    m_order->addItem(tr("Most disagreement first"), int(ensemble::ItemOrder::Disagreement));
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("count"));
    auto* filters = new QHBoxLayout;
    for (QWidget* w :
         std::initializer_list<QWidget*>{m_ensembleWrong, m_splitVote, m_allWrong, m_category, m_modelWrong, m_order})
        filters->addWidget(w);
    filters->addStretch(1);
    filters->addWidget(m_count);

    m_models = new QListWidget(this);
    m_models->setObjectName(QStringLiteral("models"));
    m_models->setToolTip(tr("Tick the models that vote (ensemble builder); right-click to set a model's prompt style"));
    m_models->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_models, &QListWidget::customContextMenuRequested, this, &EnsembleView::modelMenu);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(new QLabel(tr("<b>Models</b> (tick to include)"), left));
    leftLayout->addWidget(m_models, 1);
    leftLayout->addWidget(m_summary);

    m_matrix = new QTableView(this);
    m_matrix->setModel(m_model);
    m_matrix->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_matrix->setSelectionMode(QAbstractItemView::SingleSelection);
    m_matrix->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_matrix->verticalHeader()->setDefaultSectionSize(m_matrix->fontMetrics().height() + 6);
    m_matrix->horizontalHeader()->setDefaultSectionSize(44);
    m_matrix->setWordWrap(false);
    m_matrix->setTextElideMode(Qt::ElideLeft);
    // Category, gold, ensemble and margin as wide as their header and cells ("후행사건", "Ensemble" were clipped);
    // the model columns keep the narrow default, the id is elided from the left.
    auto fitFixedColumns = [this] {
        for (const int column : {int(VoteMatrixModel::Category), int(VoteMatrixModel::Gold),
                                 int(VoteMatrixModel::Ensemble), int(VoteMatrixModel::Margin)})
            if (column < m_model->columnCount())
                m_matrix->horizontalHeader()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    };
    connect(m_model, &QAbstractItemModel::modelReset, this, fitFixedColumns);
    fitFixedColumns();

    m_conversation = new ConversationView(this);
    m_probs = new QTableWidget(this);
    m_probs->setObjectName(QStringLiteral("probabilities"));
    m_probs->setColumnCount(4);
    m_probs->setHorizontalHeaderLabels({tr("Model"), QStringLiteral("A"), QStringLiteral("B"), QStringLiteral("C")});
    m_probs->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_probs->verticalHeader()->hide();
    m_probs->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_prompts = new QTextBrowser(this);
    m_prompts->setObjectName(QStringLiteral("prompts"));
    auto* itemDetails = new QTabWidget(this);
    itemDetails->addTab(m_probs, tr("Probabilities"));
    itemDetails->addTab(m_prompts, tr("Prompts"));
    auto* item = new QSplitter(Qt::Vertical, this);
    item->addWidget(m_conversation);
    item->addWidget(itemDetails);
    item->setSizes({500, 220});

    m_metric = new QComboBox(this);
    m_metric->setObjectName(QStringLiteral("metric"));
    m_metric->addItems(
        {tr("Agreement"), tr("Cohen's kappa"), tr("Double fault"), tr("Yule's Q"), tr("McNemar's test (p)")});
    m_metric->setItemData(4, tr("p-value of McNemar's paired test on the items: small = the two models' errors differ"),
                          Qt::ToolTipRole);
    m_heatmapCategory = new QComboBox(this);
    m_heatmapCategory->addItem(tr("All categories"), -1);
    for (std::size_t c = 0; c < kCategories.size(); ++c) m_heatmapCategory->addItem(cat(c), int(c));
    m_heatmap = new HeatmapPlot(this);
    auto* heatPage = new QWidget(this);
    auto* heatLayout = new QVBoxLayout(heatPage);
    auto* heatBar = new QHBoxLayout;
    heatBar->addWidget(m_metric);
    heatBar->addWidget(m_heatmapCategory);
    heatBar->addStretch(1);
    heatLayout->addLayout(heatBar);
    heatLayout->addWidget(m_heatmap, 1);
    m_perCategory = new BarPlot(this);
    m_perCategory->setObjectName(QStringLiteral("perCategory"));
    m_leaveOneOut = new BarPlot(this);
    // Accuracy against coverage by vote margin, and the low-margin items to Annotate.
    m_coverage = new QCustomPlot(this);
    m_coverage->setObjectName(QStringLiteral("marginCoverage"));
    m_coverage->xAxis->setLabel(tr("coverage (share of items answered)"));
    m_coverage->yAxis->setLabel(tr("accuracy on them"));
    m_lowMargin = new QSpinBox(this);
    m_lowMargin->setObjectName(QStringLiteral("lowMargin"));
    m_lowMargin->setRange(0, 0);
    m_lowMargin->setPrefix(tr("margin ≤ "));
    m_lowMarginCount = new QLabel(this);
    auto* annotateLow = new QPushButton(tr("Annotate these items"), this);
    annotateLow->setToolTip(tr("Shows the items with the smallest vote margins in Browse and Annotate"));
    auto* marginPage = new QWidget(this);
    auto* marginLayout = new QVBoxLayout(marginPage);
    auto* marginBar = new QHBoxLayout;
    marginBar->addWidget(m_lowMargin);
    marginBar->addWidget(m_lowMarginCount);
    marginBar->addWidget(annotateLow);
    marginBar->addStretch(1);
    marginLayout->addWidget(m_coverage, 1);
    marginLayout->addLayout(marginBar);
    connect(annotateLow, &QPushButton::clicked, this, &EnsembleView::annotateLowMargin);
    connect(m_lowMargin, &QSpinBox::valueChanged, this, &EnsembleView::showLowMarginCount);

    // Calibration: a model's reliability diagram before and after temperature scaling.
    m_calibrationModel = new QComboBox(this);
    m_calibrationModel->setObjectName(QStringLiteral("calibrationModel"));
    m_reliability = new ReliabilityPlot(this);
    m_calibrationText = new QLabel(this);
    m_calibrationText->setWordWrap(true);
    auto* calibrationPage = new QWidget(this);
    auto* calibrationLayout = new QVBoxLayout(calibrationPage);
    calibrationLayout->addWidget(m_calibrationModel);
    calibrationLayout->addWidget(m_reliability, 1);
    calibrationLayout->addWidget(m_calibrationText);
    connect(m_calibrationModel, &QComboBox::currentIndexChanged, this, &EnsembleView::updateCalibration);

    auto* tabs = new QTabWidget(this);
    tabs->setObjectName(QStringLiteral("ensembleTabs"));
    tabs->addTab(item, tr("Item"));
    tabs->addTab(heatPage, tr("Agreement"));
    tabs->addTab(m_perCategory, tr("Per category"));
    tabs->addTab(m_leaveOneOut, tr("Leave one out"));
    tabs->addTab(marginPage, tr("Margin"));
    tabs->addTab(calibrationPage, tr("Calibration"));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(m_matrix);
    splitter->addWidget(tabs);
    splitter->setSizes({260, 520, 560});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);

    connect(open, &QPushButton::clicked, this, &EnsembleView::openPredictions);
    connect(demo, &QPushButton::clicked, this, [this] {
        // Loaded predictions (perhaps of hours of training) are not replaced without asking.
        if (m_session->hasData()) {
            QMessageBox ask(QMessageBox::Question, tr("Demo predictions"),
                            tr("Replace the %n loaded model(s) with the demo predictions?", nullptr,
                               int(m_session->matrix().models())),
                            QMessageBox::Yes | QMessageBox::No, this);
            ask.setObjectName(QStringLiteral("replaceDialog"));
            ask.setDefaultButton(QMessageBox::No);
            if (ask.exec() != QMessageBox::Yes) return;
        }
        m_session->loadDemo();
    });
    connect(exportButton, &QPushButton::clicked, this, &EnsembleView::exportSubmission);
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        m_session->setVoting(static_cast<ensemble::VoteMethod>(m_method->currentData().toInt()),
                             m_method->currentData(kHeldOutRole).toBool());
    });
    for (QCheckBox* c : {m_ensembleWrong, m_splitVote, m_allWrong})
        connect(c, &QCheckBox::toggled, this, &EnsembleView::applyFilter);
    for (QComboBox* c : {m_category, m_modelWrong, m_order})
        connect(c, &QComboBox::currentIndexChanged, this, &EnsembleView::applyFilter);
    connect(m_metric, &QComboBox::currentIndexChanged, this, &EnsembleView::updateHeatmap);
    connect(m_heatmapCategory, &QComboBox::currentIndexChanged, this, &EnsembleView::updateHeatmap);
    connect(m_models, &QListWidget::itemChanged, this, [this](QListWidgetItem* it) {
        if (!m_filling) m_session->setMember(std::size_t(m_models->row(it)), it->checkState() == Qt::Checked);
    });
    connect(m_session, &EnsembleSession::loaded, this, &EnsembleView::onLoaded);
    connect(m_session, &EnsembleSession::analysisChanged, this, &EnsembleView::onAnalysis);
    connect(m_session, &EnsembleSession::failed, this,
            [this](const QString& message) { QMessageBox::warning(this, tr("Cannot load predictions"), message); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        m_count->setText(
            tr("%1 of %2 items").arg(m_model->rowCount()).arg(m_session->hasData() ? m_session->matrix().items() : 0));
        if (m_model->rowCount() > 0) m_matrix->selectRow(0);
    });
    connect(m_matrix->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& cur) { showRow(cur.isValid() ? cur.row() : -1); });
    onLoaded();
    onAnalysis();  // an empty tab says what to open
}

void EnsembleView::onLoaded() {
    m_filling = true;
    m_models->clear();
    m_modelWrong->blockSignals(true);
    m_modelWrong->clear();
    m_modelWrong->addItem(tr("Any model"), -1);
    if (m_session->hasData())
        for (std::size_t k = 0; k < m_session->matrix().models(); ++k) {
            const QString name = QString::fromStdString(m_session->matrix().modelNames[k]);
            auto* it = new QListWidgetItem(QStringLiteral("%1. %2").arg(k + 1).arg(name), m_models);
            it->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
            it->setCheckState(m_session->isMember(k) ? Qt::Checked : Qt::Unchecked);
            it->setForeground(kSeriesColors[k % 12]);
            m_modelWrong->addItem(tr("%1 wrong").arg(k + 1), int(k));
        }
    m_modelWrong->blockSignals(false);
    // Soft voting needs every model's probabilities; the held-out choices need every model's run dev predictions.
    const bool probabilities = m_session->hasData() && m_session->matrix().allHaveProbabilities();
    const bool heldOut = m_session->hasData() && m_session->hasHeldOut();
    const auto enable = [this](int item, bool on, const QString& why) {
        m_method->setItemData(item, on ? QVariant() : QVariant(0), Qt::UserRole - 1);
        m_method->setItemData(item, on ? QVariant() : QVariant(why), Qt::ToolTipRole);
    };
    enable(1, probabilities, tr("Needs a .probs.json beside every prediction file"));
    enable(2, probabilities && heldOut, m_session->heldOutProblem());
    enable(3, heldOut, m_session->heldOutProblem());
    if (m_method->currentIndex() > 0 && m_method->itemData(m_method->currentIndex(), Qt::UserRole - 1).isValid())
        m_method->setCurrentIndex(0);
    m_filling = false;
}

void EnsembleView::onAnalysis() {
    if (!m_session->hasData()) {
        m_summary->setText(tr("Open a reference file and prediction files, or try the demo predictions."));
        return;
    }
    if (!m_session->analysisReady()) {
        m_summary->setText(m_session->members().empty() ? tr("Tick at least one model.") : tr("Computing…"));
        return;
    }
    const ensemble::Analysis& a = m_session->analysis();
    m_filling = true;
    for (std::size_t k = 0; k < m_session->matrix().models(); ++k) {
        QListWidgetItem* it = m_models->item(int(k));
        const ensemble::ModelStats* stats = nullptr;
        for (std::size_t j = 0; j < a.models.size(); ++j)
            if (m_session->members()[j] == k) stats = &a.models[j];
        const double acc = stats ? stats->accuracy : std::nan("");
        const QString name = QString::fromStdString(m_session->matrix().modelNames[k]);
        it->setText(QStringLiteral("%1. %2  %3").arg(k + 1).arg(name, std::isfinite(acc) ? pct(acc) : QString()));
        // How sure the accuracy is, and how well the model's probabilities are calibrated (for soft voting).
        QString tip;
        if (stats && std::isfinite(acc))
            tip = tr("Accuracy %1, 95% interval %2–%3 (bootstrap over the items)")
                      .arg(pct(acc), pct(stats->accuracyInterval.low), pct(stats->accuracyInterval.high));
        if (stats && stats->calibration)
            tip +=
                QStringLiteral("\n") + tr("Calibration error (ECE) %1; %2 after temperature scaling at T = %3")
                                           .arg(stats->calibration->ece, 0, 'f', 3)
                                           .arg(stats->calibrated->ece, 0, 'f', 3)
                                           .arg(QString::fromStdString(ensemble::temperatureText(stats->temperature)));
        if (m_session->hasHeldOut()) {
            const auto& fit = m_session->heldOutFits()[k];
            tip += QStringLiteral("\n") + tr("On its run's dev data: accuracy %1 on %2 items, temperature %3")
                                              .arg(pct(fit.accuracy))
                                              .arg(fit.items)
                                              .arg(QString::fromStdString(ensemble::temperatureText(fit.temperature)));
        }
        if (stats && stats->positionBias.items) {
            const auto& b = stats->positionBias;
            tip += QStringLiteral("\n") + tr("Picks A %1, B %2, C %3 (gold %4, %5, %6); p = %7")
                                              .arg(pct(b.pickShare[0]), pct(b.pickShare[1]), pct(b.pickShare[2]))
                                              .arg(pct(b.goldShare[0]), pct(b.goldShare[1]), pct(b.goldShare[2]))
                                              .arg(b.pValue, 0, 'g', 2);
            if (b.large())
                tip += QStringLiteral("\n") + tr("Letter preference: predict with all 6 candidate orders to remove it");
        }
        it->setToolTip(tip);
        // A large letter preference is marked in the list.
        it->setForeground(stats && stats->positionBias.large() ? QColor(0xc9, 0x2a, 0x2a) : kSeriesColors[k % 12]);
    }
    m_filling = false;
    const QString interval =
        std::isfinite(a.ensembleAccuracyInterval.low)
            ? tr(" (95%: %1–%2)").arg(pct(a.ensembleAccuracyInterval.low), pct(a.ensembleAccuracyInterval.high))
            : QString();
    // Entropy and KW variance count right and wrong votes: without gold they have no value (they read "nan").
    const auto needsGold = [this](double v) {
        return std::isfinite(v) ? QString::number(v, 'f', 3) : tr("– (needs gold)");
    };
    m_summary->setText(tr("<b>Ensemble</b> (%1 models, %2): accuracy <b>%3</b>%9; oracle %4<br>Fleiss' kappa %5; "
                          "entropy %6; KW variance %7<br>%8 items without a strict majority")
                           .arg(a.models.size())
                           .arg(QString::fromUtf8(ensemble::methodName(a.method).data()))
                           .arg(pct(a.ensembleAccuracy), pct(a.oracleAccuracy))
                           .arg(a.fleissKappa, 0, 'f', 3)
                           .arg(needsGold(a.entropy), needsGold(a.kwVariance))
                           .arg(a.ensemble.noMajority)
                           .arg(interval));

    QStringList groups;
    for (std::size_t c = 0; c < kCategories.size(); ++c) groups << cat(c);
    std::vector<BarSeries> series;
    for (std::size_t j = 0; j < a.models.size(); ++j)
        series.push_back(
            {QStringLiteral("%1. %2").arg(m_session->members()[j] + 1).arg(QString::fromStdString(a.models[j].name)),
             std::vector<double>(a.models[j].perCategory.begin(), a.models[j].perCategory.end()),
             kSeriesColors[m_session->members()[j] % 12]});  // the colour of the model in the list
    series.push_back({tr("ensemble"), std::vector<double>(a.ensemblePerCategory.begin(), a.ensemblePerCategory.end()),
                      QColor("#212529")});
    m_perCategory->setBars(groups, series, tr("accuracy"), 0, 1.08);  // room for the value labels above 1

    QStringList looGroups;
    std::vector<double> deltas;
    double range = 0.01;
    for (const ensemble::LeaveOneOut& l : a.leaveOneOut) {
        looGroups << QString::fromStdString(l.model);
        deltas.push_back(l.delta);
        if (std::isfinite(l.delta)) range = std::max(range, std::fabs(l.delta) * 1.2);
    }
    m_leaveOneOut->setBars(looGroups, {{tr("accuracy change without the model"), deltas, QColor("#e8590c")}},
                           tr("accuracy change"), -range, range);
    // Accuracy against coverage: one point per margin threshold, labelled with it (needs gold).
    m_coverage->clearGraphs();
    m_coverage->clearItems();
    if (a.labelled && !a.marginCoverage.empty()) {
        auto* g = m_coverage->addGraph();
        g->setObjectName(QStringLiteral("coverage"));
        g->setPen(QPen(QColor("#1864ab"), 2));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
        for (const auto& p : a.marginCoverage) {
            g->addData(p.coverage, p.accuracy);
            auto* label = new QCPItemText(m_coverage);
            label->position->setCoords(p.coverage, p.accuracy);
            label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
            label->setText(tr("≥ %1").arg(p.minimumMargin));
        }
        m_coverage->xAxis->setRange(0, 1.05);
        m_coverage->yAxis->setRange(std::max(0.0, a.marginCoverage.front().accuracy - 0.1), 1.02);
    }
    m_coverage->replot();
    const int largest = a.marginCoverage.empty() ? 0 : a.marginCoverage.back().minimumMargin;
    m_lowMargin->setRange(0, largest);
    showLowMarginCount();
    updateHeatmap();
    // The models with a calibration to show; the same model stays chosen across re-votes.
    const QString chosen = m_calibrationModel->currentText();
    {
        const QSignalBlocker block(m_calibrationModel);
        m_calibrationModel->clear();
        for (std::size_t j = 0; j < a.models.size(); ++j)
            if (a.models[j].calibration)
                m_calibrationModel->addItem(QStringLiteral("%1. %2")
                                                .arg(m_session->members()[j] + 1)
                                                .arg(QString::fromStdString(a.models[j].name)),
                                            int(j));
        m_calibrationModel->setCurrentIndex(std::max(0, m_calibrationModel->findText(chosen)));
    }
    updateCalibration();
}

void EnsembleView::showLowMarginCount() {
    const std::size_t count =
        m_session->analysisReady()
            ? ensemble::lowMarginItems(m_session->analysis().ensemble, m_lowMargin->value()).size()
            : 0;
    m_lowMarginCount->setText(tr("%n item(s)", "", int(count)));
}

void EnsembleView::annotateLowMargin() {
    if (!m_session->hasData() || !m_session->analysisReady()) return;
    QStringList ids;
    for (const std::size_t i : ensemble::lowMarginItems(m_session->analysis().ensemble, m_lowMargin->value()))
        ids << QString::fromStdString(m_session->matrix().ids[i]);
    emit annotateItems(QString::fromStdString(m_session->reference().sourcePath), ids,
                       tr("vote margin ≤ %1 (%n item(s))", "", int(ids.size())).arg(m_lowMargin->value()));
}

void EnsembleView::updateHeatmap() {
    if (!m_session->hasData() || !m_session->analysisReady()) return;
    const int category = m_heatmapCategory->currentData().toInt();
    const ensemble::Analysis a = category < 0 ? m_session->analysis() : m_session->analysisForCategory(category);
    QStringList labels;
    for (std::size_t j = 0; j < a.models.size(); ++j)
        labels
            << QStringLiteral("%1. %2").arg(m_session->members()[j] + 1).arg(QString::fromStdString(a.models[j].name));
    switch (m_metric->currentIndex()) {
        case 0: m_heatmap->setMatrix(labels, a.agreement, 0, 1); break;
        case 1: m_heatmap->setMatrix(labels, a.cohenKappa, 0, 1); break;
        case 2: m_heatmap->setMatrix(labels, a.doubleFault, 0, 0.5); break;
        case 3: m_heatmap->setMatrix(labels, a.yulesQ, -1, 1); break;
        default: m_heatmap->setMatrix(labels, a.mcnemarP, 0, 1); break;
    }
}

void EnsembleView::updateCalibration() {
    const int j = m_calibrationModel->currentData().isValid() ? m_calibrationModel->currentData().toInt() : -1;
    if (!m_session->hasData() || !m_session->analysisReady() || j < 0 ||
        std::size_t(j) >= m_session->analysis().models.size()) {
        m_reliability->setCurves({});
        m_calibrationText->setText(
            tr("Calibration needs gold answers and each model's probabilities (the .probs.json beside its file)."));
        return;
    }
    const ensemble::ModelStats& m = m_session->analysis().models[std::size_t(j)];
    if (!m.calibration || !m.calibrated) return;
    m_reliability->setCurves(
        {{tr("as scored (ECE %1)").arg(m.calibration->ece, 0, 'f', 3), *m.calibration, QColor("#1864ab")},
         {tr("T = %1 (ECE %2)")
              .arg(QString::fromStdString(ensemble::temperatureText(m.temperature)))
              .arg(m.calibrated->ece, 0, 'f', 3),
          *m.calibrated, QColor("#e8590c")}});
    m_calibrationText->setText(
        tr("%1 items. Expected calibration error %2, NLL %3; after temperature scaling at T = %4 (fitted on these "
           "items): ECE %5, NLL %6. T > 1: the model is overconfident. Soft voting with --held-out uses temperatures "
           "fitted on each run's dev evaluation instead.")
            .arg(m.calibration->items)
            .arg(m.calibration->ece, 0, 'f', 3)
            .arg(m.calibration->nll, 0, 'f', 3)
            .arg(QString::fromStdString(ensemble::temperatureText(m.temperature)))
            .arg(m.calibrated->ece, 0, 'f', 3)
            .arg(m.calibrated->nll, 0, 'f', 3));
}

void EnsembleView::applyFilter() {
    ensemble::ItemFilter f;
    f.ensembleWrong = m_ensembleWrong->isChecked();
    f.splitVote = m_splitVote->isChecked();
    f.allWrong = m_allWrong->isChecked();
    f.category = m_category->currentData().toInt();
    f.modelWrong = m_modelWrong->currentData().isValid() ? m_modelWrong->currentData().toInt() : -1;
    f.order = static_cast<ensemble::ItemOrder>(m_order->currentData().toInt());
    m_model->setFilter(f);
}

void EnsembleView::showRow(int row) {
    if (row < 0 || !m_session->hasData()) {
        m_conversation->showSample(nullptr, Split::Other);
        m_probs->setRowCount(0);
        return;
    }
    const std::size_t item = std::size_t(m_model->itemAt(row));
    m_conversation->showSample(&m_session->reference().samples[item], m_session->reference().split);
    const ensemble::VoteMatrix& m = m_session->matrix();
    m_probs->setRowCount(int(m.models()));
    for (std::size_t k = 0; k < m.models(); ++k) {
        const int answer = m.vote(item, k);
        m_probs->setItem(
            int(k), 0,
            new QTableWidgetItem(QStringLiteral("%1. %2").arg(k + 1).arg(QString::fromStdString(m.modelNames[k]))));
        for (int c = 0; c < 3; ++c) {
            auto* cell = new QTableWidgetItem(m.probs[k].empty()
                                                  ? (c == answer ? QStringLiteral("✔") : QString())
                                                  : QString::number(m.probs[k][item * 3 + std::size_t(c)], 'f', 3));
            cell->setTextAlignment(Qt::AlignCenter);
            if (c == answer) cell->setBackground(VoteMatrixModel::optionColor(c));
            m_probs->setItem(int(k), c + 1, cell);
        }
    }
    showPrompts(item);
}

void EnsembleView::modelMenu(const QPoint& at) {
    QListWidgetItem* it = m_models->itemAt(at);
    if (!it || !m_session->hasData()) return;
    const std::size_t model = std::size_t(m_models->row(it));
    QMenu menu(this);
    QMenu* styles = menu.addMenu(tr("Prompt style of this model"));
    const QString current = m_session->modelStyle(model);
    QAction* none = styles->addAction(tr("(unknown)"));
    none->setCheckable(true);
    none->setChecked(current.isEmpty());
    try {
        for (const prompt::PromptStyle& st : promptStyles()) {
            QAction* a = styles->addAction(QString::fromStdString(st.name));
            a->setCheckable(true);
            a->setChecked(current == a->text());
        }
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Prompt styles"), errorMessage(e));
        return;
    }
    QAction* picked = menu.exec(m_models->viewport()->mapToGlobal(at));
    if (!picked || picked->menu()) return;
    m_session->setModelStyle(model, picked == none ? QString() : picked->text());
    if (m_matrix->currentIndex().isValid()) showRow(m_matrix->currentIndex().row());
}

const std::vector<prompt::PromptStyle>& EnsembleView::promptStyles() {
    if (!m_promptStyles) m_promptStyles = prompt::loadPromptStyles(prompt::bundledPromptDir());
    return *m_promptStyles;
}

void EnsembleView::showPrompts(std::size_t item) {
    const ensemble::VoteMatrix& m = m_session->matrix();
    const std::vector<prompt::PromptStyle>* stylesPtr = nullptr;
    try {
        stylesPtr = &promptStyles();
    } catch (const Error& e) {
        m_prompts->setPlainText(errorMessage(e));
        return;
    }
    // One section per style in use, naming the models that were trained with it.
    QString html;
    QStringList unknown;
    for (const prompt::PromptStyle& st : *stylesPtr) {
        QStringList users;
        for (std::size_t k = 0; k < m.models(); ++k)
            if (m_session->modelStyle(k) == QString::fromStdString(st.name)) users << QString::number(k + 1);
        if (users.isEmpty()) continue;
        const prompt::PromptMessages p = prompt::buildPrompt(m_session->reference().samples[item], st);
        html += tr("<h4>%1 — models %2</h4>").arg(QString::fromStdString(st.name), users.join(QStringLiteral(", ")));
        html +=
            QStringLiteral(
                "<pre style='white-space:pre-wrap; background:#f8f9fa'>%1</pre><pre "
                "style='white-space:pre-wrap'>%2</pre>")
                .arg(QString::fromStdString(p.system).toHtmlEscaped(), QString::fromStdString(p.user).toHtmlEscaped());
    }
    for (std::size_t k = 0; k < m.models(); ++k)
        if (m_session->modelStyle(k).isEmpty()) unknown << QString::number(k + 1);
    if (!unknown.isEmpty())
        html += tr("<p style='color:#868e96'>Models %1: prompt style not set (right-click the model in the list).</p>")
                    .arg(unknown.join(QStringLiteral(", ")));
    m_prompts->setHtml(html);
}

void EnsembleView::openPredictions() {
    const QString reference =
        QFileDialog::getOpenFileName(this, tr("Reference file: the labelled file (dev) or the file to answer (test)"),
                                     QString(), tr("Corpus JSON (*.json)"));
    if (reference.isEmpty()) return;
    // Prediction files only: their .probs.json and .audit.json sidecars (read with them) are not listed.
    QFileDialog dialog(this, tr("Prediction files (one per model, in voting order)"), QString(),
                       tr("Predictions (*.json)"));
    dialog.setObjectName(QStringLiteral("predictionFiles"));
    dialog.setFileMode(QFileDialog::ExistingFiles);
    dialog.setOption(QFileDialog::DontUseNativeDialog);  // the proxy below needs Qt's own dialog
    dialog.setProxyModel(new PredictionFilesOnly(&dialog));
    if (dialog.exec() != QDialog::Accepted) return;
    QStringList preds = dialog.selectedFiles();
    preds.removeIf([](const QString& p) { return ensemble::isPredictionSidecar(p.toStdString()); });
    if (!preds.isEmpty()) m_session->load(reference, preds);
}

void EnsembleView::exportSubmission() {
    if (!m_session->analysisReady()) return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export the ensemble's submission"), QString(),
                                                      tr("Submission JSON (*.json)"));
    if (path.isEmpty()) return;
    try {
        m_session->exportSubmission(path);
    } catch (const Error& e) {
        QMessageBox::warning(this, tr("Export failed"), errorMessage(e));
    }
}

}  // namespace cci::ui
