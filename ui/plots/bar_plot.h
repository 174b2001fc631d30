// BarPlot: grouped vertical bars (one group per category label, one bar colour per series), with value labels;
// used for per-category accuracy and leave-one-out changes.
#pragma once

#include <QColor>
#include <QStringList>
#include <QWidget>

#include <vector>

class QCustomPlot;

namespace cci::ui {

struct BarSeries {
    QString name;
    std::vector<double> values;  // one per group; NaN = no bar
    QColor color;
};

class BarPlot : public QWidget {
    Q_OBJECT
public:
    explicit BarPlot(QWidget* parent = nullptr);
    void setBars(const QStringList& groups, const std::vector<BarSeries>& series, const QString& valueLabel, double lo,
                 double hi);
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
};

}  // namespace cci::ui
