// HeatmapPlot: a labelled square matrix (e.g. model x model agreement) drawn with QCustomPlot, each cell showing
// its value; undefined cells (NaN) are grey and show "–".
#pragma once

#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;

namespace cci::ui {

class HeatmapPlot : public QWidget {
    Q_OBJECT
public:
    explicit HeatmapPlot(QWidget* parent = nullptr);
    void setMatrix(const QStringList& labels, const std::vector<std::vector<double>>& values, double lo, double hi);
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
};

}  // namespace cci::ui
