// EnsembleView: study an ensemble — the vote matrix (items x models, coloured by option, with gold and ensemble
// columns, filters and orders), the selected item's conversation and per-model probabilities, model x model
// heatmaps (agreement, kappa, double fault; per category), per-category accuracy, leave-one-out, an ensemble
// builder (tick models), accuracy against coverage by vote margin (the low-margin items go to Annotate) and export of
// the ensemble's submission file.
#pragma once

#include "prompt/prompt_style.h"

#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QSpinBox;
class QLabel;
class QListWidget;
class QTableView;
class QTableWidget;
class QTextBrowser;

namespace cci::ui {

class BarPlot;
class ConversationView;
class EnsembleSession;
class HeatmapPlot;
class ReliabilityPlot;
class VoteMatrixModel;

class EnsembleView : public QWidget {
    Q_OBJECT
public:
    explicit EnsembleView(QWidget* parent = nullptr);

    EnsembleSession* session() const { return m_session; }
    VoteMatrixModel* matrixModel() const { return m_model; }
    QTableView* matrixView() const { return m_matrix; }
    // Shows one item (vote matrix row) in the detail pane.
    void showRow(int row);
    QCustomPlot* coveragePlot() const { return m_coverage; }
    ReliabilityPlot* reliabilityPlot() const { return m_reliability; }
    // Asks for the items whose vote margin is at most the spin box's value to be annotated (annotateItems).
    void annotateLowMargin();

signals:
    // Items of the reference file (by id, smallest margin first) that a person should look at.
    void annotateItems(const QString& referencePath, const QStringList& ids, const QString& label);

private:
    void onLoaded();
    void onAnalysis();
    void applyFilter();
    void updateHeatmap();
    void updateCalibration();
    void openPredictions();
    void exportSubmission();
    void modelMenu(const QPoint& at);
    void showPrompts(std::size_t item);
    void showLowMarginCount();
    // The bundled prompt styles, read from disk once (on first use); throws cci::Error when a file is malformed.
    const std::vector<prompt::PromptStyle>& promptStyles();

    EnsembleSession* m_session;
    VoteMatrixModel* m_model;
    QComboBox* m_method;
    QCheckBox* m_ensembleWrong;
    QCheckBox* m_splitVote;
    QCheckBox* m_allWrong;
    QComboBox* m_category;
    QComboBox* m_modelWrong;
    QComboBox* m_order;
    QLabel* m_count;
    QListWidget* m_models;
    QLabel* m_summary;
    QTableView* m_matrix;
    ConversationView* m_conversation;
    QTableWidget* m_probs;
    QTextBrowser* m_prompts;
    QComboBox* m_metric;
    QComboBox* m_heatmapCategory;
    HeatmapPlot* m_heatmap;
    BarPlot* m_perCategory;
    BarPlot* m_leaveOneOut;
    QCustomPlot* m_coverage;
    QComboBox* m_calibrationModel;
    ReliabilityPlot* m_reliability;
    QLabel* m_calibrationText;
    QSpinBox* m_lowMargin;
    QLabel* m_lowMarginCount;
    bool m_filling = false;
    std::optional<std::vector<prompt::PromptStyle>> m_promptStyles;
};

}  // namespace cci::ui
