// EDA charts on QCustomPlot: category and gold-answer distributions (labelled bars with counts and percentages) and
// histograms with min/mean/max markers, raw alone or raw and refined side by side. Each bar or bin remembers the
// items it counts (for click-to-filter in the workbench).
#pragma once

#include "stats/corpus_stats.h"
#include "stats/token_lengths.h"

#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

#include <vector>

class QCustomPlot;
class QCPAbstractPlottable;

namespace cci::charts {

// Which chart a plot shows.
enum class EdaChart { Categories, Outputs, Turns, TotalLength };

QString chartTitle(EdaChart chart);
QString chartFileSuffix(EdaChart chart);  // "category_distribution", "output_distribution", …

// Fills `plot` (cleared first). `refined` may be null.
void drawEdaChart(QCustomPlot* plot, EdaChart chart, const stats::CorpusStats& raw, const stats::CorpusStats* refined);

// The item indices (file order) behind the bar or bin at plot x-coordinate `key` of the raw series; empty when
// none. For category and output charts a bar's items are computed from the corpus.
std::vector<std::size_t> itemsAt(EdaChart chart, const stats::CorpusStats& raw, const Corpus& corpus, double key);

}  // namespace cci::charts

namespace cci::charts {

// A drawn plot as PNG bytes, and any image as PNG bytes.
QByteArray plotPng(QCustomPlot* plot, const QSize& size = QSize(960, 600));
QByteArray imagePng(const QImage& image);
// A drawn plot as SVG (vector) bytes.
QByteArray plotSvg(QCustomPlot* plot, const QSize& size = QSize(960, 600));
// The chart as PNG bytes, drawn offscreen (needs a QApplication).
QByteArray edaChartPng(EdaChart chart, const stats::CorpusStats& raw, const stats::CorpusStats* refined,
                       const QSize& size = QSize(960, 600));

}  // namespace cci::charts

namespace cci::charts {

// Prompt token lengths per style (one line per style over bins of 64 tokens) with the max_seq_length cut-off.
void drawTokenLengthChart(QCustomPlot* plot, const std::vector<stats::StyleTokenLengths>& styles,
                          std::size_t maxSeqLength);
QByteArray tokenLengthChartPng(const std::vector<stats::StyleTokenLengths>& styles, std::size_t maxSeqLength,
                               const QSize& size = QSize(960, 600));

}  // namespace cci::charts
