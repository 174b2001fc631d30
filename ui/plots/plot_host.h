// The QCustomPlot that fills a plot widget (BarPlot, HeatmapPlot, ReliabilityPlot): created in `owner`, laid out
// edge to edge, legend text small.
#pragma once

class QCustomPlot;
class QWidget;

namespace cci::ui {

QCustomPlot* fillWithPlot(QWidget* owner);

}  // namespace cci::ui
