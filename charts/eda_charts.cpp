// EDA charts (see eda_charts.h).
#include "charts/eda_charts.h"

#include <qcustomplot.h>

#include <QBuffer>
#include <QCoreApplication>
#include <QSvgGenerator>

namespace cci::charts {

namespace {

const QColor kRaw(0x4d, 0xab, 0xf7), kRefined(0xff, 0x92, 0x2b);

// The context lupdate gives these free tr() calls (the namespace): the catalogue is found under it.
QString tr(const char* text, const char* disambiguation = nullptr, int n = -1) {
    return QCoreApplication::translate("cci::charts", text, disambiguation, n);
}

// A plot drawn again keeps its title element and gets the new text (adding a second one into the occupied cell
// failed with a QCPLayoutGrid warning on every redraw).
void setTitle(QCustomPlot* plot, const QString& title) {
    auto* layout = plot->plotLayout();
    if (layout->rowCount() > 1)
        if (auto* existing = qobject_cast<QCPTextElement*>(layout->element(0, 0))) {
            existing->setText(title);
            return;
        }
    layout->insertRow(0);
    layout->addElement(0, 0, new QCPTextElement(plot, title, QFont(QString(), 12, QFont::Bold)));
}

QCPBars* addBars(QCustomPlot* plot, const QVector<double>& keys, const QVector<double>& values, const QColor& color,
                 const QString& name, double width) {
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setData(keys, values);
    bars->setBrush(color);
    bars->setPen(QPen(color.darker(130)));
    bars->setName(name);
    bars->setWidth(width);
    return bars;
}

void valueLabels(QCustomPlot* plot, const QVector<double>& keys, const QVector<double>& values,
                 const QStringList& texts) {
    for (int i = 0; i < keys.size(); ++i) {
        auto* label = new QCPItemText(plot);
        label->position->setCoords(keys[i], values[i]);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setText(texts[i]);
        label->setFont(QFont(QString(), 8));
        label->setClipToAxisRect(false);
    }
}

void categorical(QCustomPlot* plot, const QStringList& labels, const std::vector<double>& raw,
                 const std::vector<double>* refined, std::size_t rawTotal, std::size_t refinedTotal,
                 const QString& xLabel) {
    QVector<double> keys, rawValues, refinedValues;
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    double top = 1;
    for (int i = 0; i < labels.size(); ++i) {
        keys << i + 1;
        rawValues << raw[std::size_t(i)];
        ticker->addTick(i + 1, labels[i]);
        top = std::max(top, raw[std::size_t(i)]);
        if (refined) {
            refinedValues << (*refined)[std::size_t(i)];
            top = std::max(top, (*refined)[std::size_t(i)]);
        }
    }
    const double width = refined ? 0.38 : 0.6;
    QVector<double> rawKeys = keys, refinedKeys = keys;
    if (refined)
        for (int i = 0; i < keys.size(); ++i) rawKeys[i] -= 0.2, refinedKeys[i] += 0.2;
    addBars(plot, rawKeys, rawValues, kRaw, refined ? tr("raw") : tr("items"), width);
    auto texts = [](const QVector<double>& values, std::size_t total) {
        QStringList out;
        for (double v : values)
            out << QStringLiteral("%1\n%2%").arg(v).arg(total ? 100.0 * v / double(total) : 0.0, 0, 'f', 1);
        return out;
    };
    valueLabels(plot, rawKeys, rawValues, texts(rawValues, rawTotal));
    if (refined) {
        addBars(plot, refinedKeys, refinedValues, kRefined, tr("refined"), width);
        valueLabels(plot, refinedKeys, refinedValues, texts(refinedValues, refinedTotal));
        plot->legend->setVisible(true);
    }
    plot->xAxis->setTicker(ticker);
    plot->xAxis->setRange(0.3, labels.size() + 0.7);
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(tr("items"));
    // Raw beside refined: headroom for the legend above the value labels.
    plot->yAxis->setRange(0, top * (refined ? 1.5 : 1.18));
}

void histogramChart(QCustomPlot* plot, const stats::Histogram& raw, const stats::Histogram* refined,
                    const QString& xLabel) {
    double top = 1;
    auto add = [&](const stats::Histogram& h, const QColor& color, const QString& name, double shift, double width) {
        QVector<double> keys, values;
        for (std::size_t i = 0; i < h.counts.size(); ++i) {
            keys << h.start + (double(i) + 0.5) * h.binWidth + shift;
            values << double(h.counts[i]);
            top = std::max(top, double(h.counts[i]));
        }
        QColor fill = color;
        fill.setAlpha(refined ? 170 : 255);
        addBars(plot, keys, values, fill, name, width);
    };
    const double w = raw.binWidth;
    add(raw, kRaw, refined ? tr("raw") : tr("items"), refined ? -w * 0.2 : 0, refined ? w * 0.4 : w * 0.9);
    if (refined) add(*refined, kRefined, tr("refined"), w * 0.2, w * 0.4);
    double lo = raw.start, hi = raw.start + double(raw.counts.size()) * w;
    if (refined) {
        lo = std::min(lo, refined->start);
        hi = std::max(hi, refined->start + double(refined->counts.size()) * w);
    }
    plot->xAxis->setRange(lo - w * 0.5, hi + w * 0.5);
    plot->yAxis->setRange(0, top * (refined ? 1.55 : 1.25));  // with a legend: room above the marker labels
    plot->xAxis->setLabel(xLabel);
    plot->yAxis->setLabel(tr("items"));
    // min / mean / max markers of the raw data.
    const struct {
        double value;
        QString name;
        QColor color;
    } markers[] = {{raw.min, tr("min %1"), QColor(0x2f, 0x9e, 0x44)},
                   {raw.mean, tr("mean %1"), QColor(0xe0, 0x31, 0x31)},
                   {raw.max, tr("max %1"), QColor(0x70, 0x48, 0xe8)}};
    int row = 0;
    const double middle = (lo + hi) / 2;
    for (const auto& m : markers) {
        auto* line = new QCPItemStraightLine(plot);
        line->point1->setCoords(m.value, 0);
        line->point2->setCoords(m.value, 1);
        line->setPen(QPen(m.color, 1.5, Qt::DashLine));
        auto* label = new QCPItemText(plot);
        label->position->setCoords(m.value, top * (1.22 - 0.07 * row++));
        label->setPositionAlignment((m.value > middle ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignTop);
        label->setText(m.name.arg(m.value, 0, 'f', m.value == std::floor(m.value) ? 0 : 1));
        label->setColor(m.color);
        label->setFont(QFont(QString(), 8));
    }
    if (refined) plot->legend->setVisible(true);
}

}  // namespace

QString chartTitle(EdaChart chart) {
    switch (chart) {
        case EdaChart::Categories: return tr("Inference categories");
        case EdaChart::Outputs: return tr("Gold answers");
        case EdaChart::Turns: return tr("Turns per conversation");
        case EdaChart::TotalLength: return tr("Total utterance length per conversation");
    }
    return {};
}

QString chartFileSuffix(EdaChart chart) {
    switch (chart) {
        case EdaChart::Categories: return QStringLiteral("category_distribution");
        case EdaChart::Outputs: return QStringLiteral("output_distribution");
        case EdaChart::Turns: return QStringLiteral("conversation_length_distribution");
        case EdaChart::TotalLength: return QStringLiteral("total_utterance_length_distribution");
    }
    return {};
}

void drawEdaChart(QCustomPlot* plot, EdaChart chart, const stats::CorpusStats& raw, const stats::CorpusStats* refined) {
    plot->clearPlottables();
    plot->clearItems();
    plot->legend->setVisible(false);
    // The legend (raw / refined) as one row at the top centre, in the headroom the charts leave for it: in the default
    // top-right corner it covered the last bars' value labels and the max marker.
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignHCenter);
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    setTitle(plot, chartTitle(chart));
    switch (chart) {
        case EdaChart::Categories: {
            QStringList labels;
            std::vector<double> a, b;
            for (std::size_t i = 0; i < kCategories.size(); ++i) {
                labels << QString::fromUtf8(kCategories[i].data(), int(kCategories[i].size()));
                a.push_back(double(raw.categories[i]));
                if (refined) b.push_back(double(refined->categories[i]));
            }
            categorical(plot, labels, a, refined ? &b : nullptr, raw.items, refined ? refined->items : 0,
                        tr("category"));
            break;
        }
        case EdaChart::Outputs: {
            const QStringList labels = {QStringLiteral("inference_1"), QStringLiteral("inference_2"),
                                        QStringLiteral("inference_3")};
            std::vector<double> a, b;
            for (std::size_t i = 0; i < 3; ++i) {
                a.push_back(double(raw.outputs[i]));
                if (refined) b.push_back(double(refined->outputs[i]));
            }
            categorical(plot, labels, a, refined ? &b : nullptr, raw.items - raw.unlabeled,
                        refined ? refined->items - refined->unlabeled : 0, tr("gold answer (output)"));
            break;
        }
        case EdaChart::Turns:
            histogramChart(plot, raw.turns, refined ? &refined->turns : nullptr, tr("utterances per conversation"));
            break;
        case EdaChart::TotalLength:
            histogramChart(plot, raw.totalLength, refined ? &refined->totalLength : nullptr,
                           tr("characters in all utterances (bins of 50)"));
            break;
    }
    plot->replot();
}

std::vector<std::size_t> itemsAt(EdaChart chart, const stats::CorpusStats& raw, const Corpus& corpus, double key) {
    std::vector<std::size_t> out;
    const int bar = int(std::lround(key)) - 1;
    switch (chart) {
        case EdaChart::Categories:
            if (bar < 0 || bar >= int(kCategories.size())) return out;
            for (std::size_t i = 0; i < corpus.samples.size(); ++i)
                if (corpus.samples[i].category == kCategories[std::size_t(bar)]) out.push_back(i);
            return out;
        case EdaChart::Outputs:
            if (bar < 0 || bar > 2) return out;
            for (std::size_t i = 0; i < corpus.samples.size(); ++i)
                if (corpus.samples[i].goldIndex() == bar) out.push_back(i);
            return out;
        case EdaChart::Turns:
        case EdaChart::TotalLength: {
            const auto& h = chart == EdaChart::Turns ? raw.turns : raw.totalLength;
            const double position = (key - h.start) / h.binWidth;
            if (position < 0 || position >= double(h.counts.size())) return out;
            return h.items[std::size_t(position)];
        }
    }
    return out;
}

}  // namespace cci::charts

namespace cci::charts {

QByteArray plotSvg(QCustomPlot* plot, const QSize& size) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    QSvgGenerator generator;
    generator.setOutputDevice(&buffer);
    generator.setSize(size);
    generator.setViewBox(QRect(QPoint(0, 0), size));
    QCPPainter painter;
    painter.begin(&generator);
    plot->toPainter(&painter, size.width(), size.height());
    painter.end();
    return bytes;
}

QByteArray imagePng(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

QByteArray plotPng(QCustomPlot* plot, const QSize& size) {
    return imagePng(plot->toPixmap(size.width(), size.height()).toImage());
}

QByteArray edaChartPng(EdaChart chart, const stats::CorpusStats& raw, const stats::CorpusStats* refined,
                       const QSize& size) {
    QCustomPlot plot;
    plot.resize(size);
    drawEdaChart(&plot, chart, raw, refined);
    return plotPng(&plot, size);
}

}  // namespace cci::charts

namespace cci::charts {

void drawTokenLengthChart(QCustomPlot* plot, const std::vector<stats::StyleTokenLengths>& styles,
                          std::size_t maxSeqLength) {
    plot->clearPlottables();
    plot->clearItems();
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    setTitle(plot, tr("Prompt length in tokens, per style"));
    static const QColor colours[] = {QColor(0x18, 0x64, 0xab), QColor(0x2b, 0x8a, 0x3e), QColor(0xc9, 0x2a, 0x2a),
                                     QColor(0x86, 0x2e, 0x9c), QColor(0xe6, 0x77, 0x00), QColor(0x0b, 0x72, 0x85)};
    double top = 1, right = double(maxSeqLength);
    for (std::size_t i = 0; i < styles.size(); ++i) {
        const auto& h = styles[i].histogram;
        QVector<double> keys, values;
        for (std::size_t b = 0; b < h.counts.size(); ++b) {
            keys << h.start + (double(b) + 0.5) * h.binWidth;
            values << double(h.counts[b]);
            top = std::max(top, double(h.counts[b]));
        }
        right = std::max(right, h.start + double(h.counts.size()) * h.binWidth);
        auto* graph = plot->addGraph();
        graph->setData(keys, values);
        graph->setPen(QPen(colours[i % 6], 2));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
        graph->setName(tr("%1 (%n over the limit)", nullptr, int(styles[i].overLimit))
                           .arg(QString::fromStdString(styles[i].style)));
    }
    auto* cut = new QCPItemStraightLine(plot);
    cut->point1->setCoords(double(maxSeqLength), 0);
    cut->point2->setCoords(double(maxSeqLength), 1);
    cut->setPen(QPen(Qt::red, 2, Qt::DashLine));
    auto* label = new QCPItemText(plot);
    label->position->setCoords(double(maxSeqLength), top * 1.1);
    label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
    label->setText(tr("max_seq_length %1").arg(maxSeqLength));
    label->setColor(Qt::red);
    plot->xAxis->setLabel(tr("tokens (bins of 64)"));
    plot->yAxis->setLabel(tr("items"));
    plot->xAxis->setRange(0, right * 1.05);
    plot->yAxis->setRange(0, top * 1.15);
    plot->legend->setVisible(!styles.empty());
    plot->replot();
}

QByteArray tokenLengthChartPng(const std::vector<stats::StyleTokenLengths>& styles, std::size_t maxSeqLength,
                               const QSize& size) {
    QCustomPlot plot;
    plot.resize(size);
    drawTokenLengthChart(&plot, styles, maxSeqLength);
    return plotPng(&plot, size);
}

}  // namespace cci::charts
