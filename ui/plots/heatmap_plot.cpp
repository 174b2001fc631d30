// HeatmapPlot: QCPColorMap plus text items and tick labels.
#include "plots/heatmap_plot.h"

#include "plots/plot_host.h"

#include <qcustomplot.h>

#include <cmath>

namespace cci::ui {

HeatmapPlot::HeatmapPlot(QWidget* parent) : QWidget(parent) { m_plot = fillWithPlot(this); }

void HeatmapPlot::setMatrix(const QStringList& labels, const std::vector<std::vector<double>>& values, double lo,
                            double hi) {
    m_plot->clearPlottables();
    m_plot->clearItems();
    for (QCPLayoutElement* e : m_plot->plotLayout()->elements(false))
        if (qobject_cast<QCPColorScale*>(e)) m_plot->plotLayout()->remove(e);
    m_plot->plotLayout()->simplify();
    const int n = int(labels.size());
    if (n == 0) {
        m_plot->replot();
        return;
    }
    auto* map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
    map->data()->setSize(n, n);
    map->data()->setRange(QCPRange(0, n - 1), QCPRange(0, n - 1));
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const double v = values[std::size_t(r)][std::size_t(c)];
            // Row r is drawn top-down: y = n - 1 - r.
            map->data()->setCell(c, n - 1 - r, std::isfinite(v) ? v : std::nan(""));
            auto* text = new QCPItemText(m_plot);
            text->position->setCoords(c, n - 1 - r);
            text->setText(std::isfinite(v) ? QString::number(v, 'f', 2) : QStringLiteral("–"));
            const double t = std::isfinite(v) ? (v - lo) / (hi - lo) : 0;
            text->setColor(t > 0.65 ? Qt::white : Qt::black);
        }
    QCPColorGradient gradient(QCPColorGradient::gpPolar);
    gradient.clearColorStops();
    gradient.setColorStopAt(0, QColor("#ffffff"));
    gradient.setColorStopAt(1, QColor("#1971c2"));
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    gradient.setNanColor(QColor("#dee2e6"));
    map->setGradient(gradient);
    map->setDataRange(QCPRange(lo, hi));
    map->setInterpolate(false);
    auto* scale = new QCPColorScale(m_plot);
    m_plot->plotLayout()->addElement(0, 1, scale);
    scale->setGradient(gradient);
    scale->setDataRange(QCPRange(lo, hi));
    map->setColorScale(scale);

    QSharedPointer<QCPAxisTickerText> xTicks(new QCPAxisTickerText), yTicks(new QCPAxisTickerText);
    for (int i = 0; i < n; ++i) {
        xTicks->addTick(i, QString::number(i + 1));
        yTicks->addTick(n - 1 - i, labels[i]);
    }
    m_plot->xAxis->setTicker(xTicks);
    m_plot->yAxis->setTicker(yTicks);
    m_plot->xAxis->setRange(-0.5, n - 0.5);
    m_plot->yAxis->setRange(-0.5, n - 0.5);
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->yAxis->grid()->setVisible(false);
    m_plot->replot();
}

}  // namespace cci::ui
