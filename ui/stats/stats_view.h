// StatsView: the corpus statistics of the published study as interactive charts - categories, gold answers, turns
// and total utterance length (raw, or raw and refined side by side), hover for values, click a bar or bin to see
// those items in the browser; a word cloud (click a word to search for it) with an editable stop-word list; export
// of every chart as PNG and SVG with the CSV and summary JSON that `cci eda` writes.
#pragma once

#include "charts/eda_charts.h"
#include "stats/eda_report.h"
#include "stats/shortcut_baselines.h"

#include <QWidget>

#include <array>
#include <optional>

class QCheckBox;
class QComboBox;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QTableWidget;
class QMouseEvent;
class QCPAbstractPlottable;

namespace cci::charts {
class WordCloudWidget;
}

namespace cci::ui {

class CorpusWorkspace;

class StatsView : public QWidget {
    Q_OBJECT
public:
    explicit StatsView(CorpusWorkspace* workspace, QWidget* parent = nullptr);

    bool selectCorpus(int position);
    void setRefinedShown(bool shown);
    void setStopWords(const QString& commaSeparated);
    // Writes the charts (PNG, SVG), the lengths CSV, the summary JSON and the word cloud into `folder`.
    bool exportTo(const QString& folder, QString* error = nullptr);
    // The plot of a chart and a click on its raw bar/bin at `key` (tests).
    QCustomPlot* plot(charts::EdaChart chart) const { return m_plots[std::size_t(chart)]; }
    void clickBar(charts::EdaChart chart, double key);
    const stats::EdaSet* raw() const { return m_raw ? &*m_raw : nullptr; }
    charts::WordCloudWidget* wordCloud() const { return m_cloud; }
    // Prompt token lengths of every bundled style under a model folder's tokenizer and chat template.
    bool measureTokens(const QString& modelFolder, int maxSeqLength);
    QCustomPlot* tokenPlot() const { return m_tokenPlot; }
    // The shortcut baselines of the shown corpus (priors from the open train split when it is another corpus).
    const std::vector<stats::ShortcutBaseline>& shortcuts() const { return m_shortcuts; }

signals:
    // Rows of the workspace's ItemIndex to show in the browser, and what they are.
    void showItems(const std::vector<std::uint32_t>& rows, const QString& label);
    void searchFor(const QString& text);

private:
    void refreshCorpora();
    void recompute();
    void showBaselines(const Corpus& corpus);
    void redraw();
    void onPlottableClick(charts::EdaChart chart, QCPAbstractPlottable* plottable, int dataIndex);
    void onHover(charts::EdaChart chart, QMouseEvent* event);
    void exportInteractive();

    CorpusWorkspace* m_workspace;
    QComboBox* m_corpus;
    QCheckBox* m_refined;
    QCheckBox* m_jamo;
    QLineEdit* m_stopWords;
    std::array<QCustomPlot*, 4> m_plots{};
    charts::WordCloudWidget* m_cloud;
    QCustomPlot* m_tokenPlot;
    QLabel* m_tokenInfo;
    QTableWidget* m_baselines;
    QLabel* m_baselineInfo;
    std::vector<stats::ShortcutBaseline> m_shortcuts;
    std::optional<stats::EdaSet> m_raw, m_refinedSet;
    int m_position = -1;
};

}  // namespace cci::ui
