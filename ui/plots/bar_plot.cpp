// BarPlot: QCPBars per series, offset within each group.
#include "plots/bar_plot.h"

#include "plots/plot_host.h"

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace cci::ui {

BarPlot::BarPlot(QWidget* parent) : QWidget(parent) {
    m_plot = fillWithPlot(this);
    m_plot->legend->setVisible(true);
    // The legend in a row of its own under the axis, its entries side by side: it never covers a bar, and the value
    // axis keeps the range of the values (accuracy ends at 1, not at 1.4 to leave the legend room).
    auto* legendRow = new QCPLayoutGrid;
    m_plot->plotLayout()->addElement(1, 0, legendRow);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    legendRow->addElement(0, 0, m_plot->legend);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(2);
}

void BarPlot::setBars(const QStringList& groups, const std::vector<BarSeries>& series, const QString& valueLabel,
                      double lo, double hi) {
    m_plot->clearPlottables();
    m_plot->clearItems();
    const double groupWidth = 0.8, width = series.empty() ? 0.8 : groupWidth / double(series.size());
    for (std::size_t s = 0; s < series.size(); ++s) {
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(series[s].name);
        bars->setWidth(width * 0.9);
        bars->setPen(Qt::NoPen);
        bars->setBrush(series[s].color);
        for (int g = 0; g < groups.size(); ++g) {
            const double v = series[s].values[std::size_t(g)];
            if (!std::isfinite(v)) continue;
            const double x = g - groupWidth / 2 + width * (double(s) + 0.5);
            bars->addData(x, v);
            if (series.size() <= 3 || groups.size() <= 2) {
                auto* label = new QCPItemText(m_plot);
                label->position->setCoords(x, v);
                label->setPositionAlignment(v >= 0 ? (Qt::AlignBottom | Qt::AlignHCenter)
                                                   : (Qt::AlignTop | Qt::AlignHCenter));
                label->setText(QString::number(v, 'f', 3));
                label->setFont(QFont(font().family(), 7));
            }
        }
    }
    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    for (int g = 0; g < groups.size(); ++g) ticks->addTick(g, groups[g]);
    m_plot->xAxis->setTicker(ticks);
    // Group names wider than their slot (model names under leave-one-out) are set upright instead of running
    // into each other.
    const QFontMetrics metrics(m_plot->xAxis->tickLabelFont());
    int widest = 0;
    for (const QString& g : groups) widest = std::max(widest, metrics.horizontalAdvance(g));
    const int available = m_plot->axisRect()->width() > 50 ? m_plot->axisRect()->width() : m_plot->width() - 80;
    const int slot = groups.isEmpty() ? 0 : available / int(groups.size());
    m_plot->xAxis->setTickLabelRotation(widest + 8 > slot ? -90 : 0);  // upright: no label reaches past the plot
    m_plot->xAxis->setRange(-0.6, groups.size() - 0.4);
    m_plot->yAxis->setRange(lo, hi);
    m_plot->yAxis->setLabel(valueLabel);
    m_plot->replot();
}

}  // namespace cci::ui
