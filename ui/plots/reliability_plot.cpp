// ReliabilityPlot (see reliability_plot.h): the diagonal, one line-and-points graph per curve over its non-empty
// bins, and the item counts as bars on a second axis.
#include "plots/reliability_plot.h"

#include "plots/plot_host.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace cci::ui {

ReliabilityPlot::ReliabilityPlot(QWidget* parent) : QWidget(parent) {
    m_plot = fillWithPlot(this);
    m_plot->legend->setVisible(true);
    // The legend in a row of its own under the plot: inside, it would hide the points of some curve.
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->axisRect()->insetLayout()->simplify();
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    m_plot->legend->setWrap(2);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->xAxis->setLabel(tr("confidence (probability of the chosen answer)"));
    m_plot->yAxis->setLabel(tr("accuracy"));
    m_plot->yAxis2->setLabel(tr("items"));
    m_plot->yAxis2->setVisible(true);
}

void ReliabilityPlot::setCurves(const std::vector<ReliabilityCurve>& curves) {
    m_plot->clearPlottables();
    if (!curves.empty()) {
        // Item counts per bin (behind the curves), scaled on the right axis.
        auto* counts = new QCPBars(m_plot->xAxis, m_plot->yAxis2);
        counts->setName(tr("items per bin"));
        counts->setPen(Qt::NoPen);
        counts->setBrush(QColor(0xad, 0xb5, 0xbd, 110));
        double most = 1;
        for (const auto& bin : curves.front().calibration.bins) {
            counts->addData((bin.lower + bin.upper) / 2, double(bin.items));
            counts->setWidth((bin.upper - bin.lower) * 0.9);
            most = std::max(most, double(bin.items));
        }
        m_plot->yAxis2->setRange(0, most * 3);  // the bars keep to the lower third
        auto* diagonal = m_plot->addGraph();
        diagonal->setName(tr("calibrated"));
        diagonal->setPen(QPen(QColor("#868e96"), 1, Qt::DashLine));
        diagonal->addData(0, 0);
        diagonal->addData(1, 1);
        for (const auto& curve : curves) {
            auto* g = m_plot->addGraph();
            g->setName(curve.name);
            g->setPen(QPen(curve.color, 2));
            g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
            for (const auto& bin : curve.calibration.bins)
                if (bin.items > 0 && std::isfinite(bin.confidence) && std::isfinite(bin.accuracy))
                    g->addData(bin.confidence, bin.accuracy);
        }
    }
    m_plot->xAxis->setRange(0, 1);
    m_plot->yAxis->setRange(0, 1.02);
    m_plot->replot();
}

}  // namespace cci::ui
