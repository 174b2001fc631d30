// ReliabilityPlot: a reliability diagram - each confidence bin's mean confidence against the accuracy of its items,
// one curve per calibration (e.g. before and after temperature scaling), over the diagonal a calibrated model lies
// on; the bars at the bottom show how many items each bin holds.
#pragma once

#include "ensemble/calibration.h"

#include <QColor>
#include <QString>
#include <QWidget>

#include <vector>

class QCustomPlot;

namespace cci::ui {

struct ReliabilityCurve {
    QString name;  // legend text
    ensemble::Calibration calibration;
    QColor color;
};

class ReliabilityPlot : public QWidget {
    Q_OBJECT
public:
    explicit ReliabilityPlot(QWidget* parent = nullptr);
    // The first curve's bins give the item-count bars. An empty list clears the plot.
    void setCurves(const std::vector<ReliabilityCurve>& curves);
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
};

}  // namespace cci::ui
