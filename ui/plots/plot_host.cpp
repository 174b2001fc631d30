// fillWithPlot (see plot_host.h).
#include "plots/plot_host.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

namespace cci::ui {

QCustomPlot* fillWithPlot(QWidget* owner) {
    auto* plot = new QCustomPlot(owner);
    auto* layout = new QVBoxLayout(owner);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot);
    plot->legend->setFont(QFont(owner->font().family(), 8));
    return plot;
}

}  // namespace cci::ui
