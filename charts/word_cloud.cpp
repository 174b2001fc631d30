// Word cloud (see word_cloud.h).
#include "charts/word_cloud.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

namespace cci::charts {

namespace {

const QColor kPalette[] = {QColor(0x18, 0x64, 0xab), QColor(0x2b, 0x8a, 0x3e), QColor(0xc9, 0x2a, 0x2a),
                           QColor(0x86, 0x2e, 0x9c), QColor(0xe6, 0x77, 0x00), QColor(0x0b, 0x72, 0x85)};

}  // namespace

std::vector<PlacedWord> layoutWordCloud(const std::vector<stats::WordCount>& words, const QSizeF& area) {
    std::vector<PlacedWord> placed;
    if (words.empty() || area.width() < 20 || area.height() < 20) return placed;
    const double top = double(words.front().count), bottom = double(words.back().count);
    const double maxPt = std::max(12.0, std::min(area.width(), area.height()) / 10.0),
                 minPt = std::max(7.0, maxPt / 6.0);
    const QPointF centre(area.width() / 2, area.height() / 2);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const double t = top > bottom ? std::sqrt((double(words[i].count) - bottom) / (top - bottom)) : 1.0;
        QFont font;
        font.setPointSizeF(minPt + (maxPt - minPt) * t);
        font.setBold(t > 0.5);
        const QString text = QString::fromStdString(words[i].word);
        const QSizeF size = QFontMetricsF(font).size(Qt::TextSingleLine, text);
        // Archimedean spiral from the centre; the first free spot wins.
        for (double angle = 0; angle < 400; angle += 0.15) {
            const double radius = 2.0 * angle;
            const QPointF c(centre.x() + radius * std::cos(angle) * (area.width() / area.height()),
                            centre.y() + radius * std::sin(angle));
            const QRectF rect(c.x() - size.width() / 2, c.y() - size.height() / 2, size.width(), size.height());
            if (rect.left() < 0 || rect.top() < 0 || rect.right() > area.width() || rect.bottom() > area.height())
                continue;
            const QRectF padded = rect.adjusted(-2, -1, 2, 1);
            bool free = true;
            for (const auto& p : placed)
                if (p.rect.intersects(padded)) {
                    free = false;
                    break;
                }
            if (!free) continue;
            placed.push_back({text, words[i].count, rect, font, kPalette[i % 6]});
            break;
        }
    }
    return placed;
}

void paintWordCloud(QPainter& painter, const std::vector<PlacedWord>& words) {
    for (const auto& w : words) {
        painter.setFont(w.font);
        painter.setPen(w.color);
        painter.drawText(w.rect, Qt::AlignCenter, w.word);
    }
}

QImage renderWordCloud(const std::vector<stats::WordCount>& words, const QSize& size, const QString& title) {
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::TextAntialiasing);
    QFont titleFont;
    titleFont.setPointSize(12);
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(Qt::black);
    painter.drawText(QRect(0, 6, size.width(), 24), Qt::AlignHCenter, title);
    painter.translate(0, 34);
    paintWordCloud(painter, layoutWordCloud(words, QSizeF(size.width(), size.height() - 34)));
    return image;
}

WordCloudWidget::WordCloudWidget(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setMinimumSize(200, 150);
}

void WordCloudWidget::setWords(std::vector<stats::WordCount> words) {
    m_words = std::move(words);
    m_placed = layoutWordCloud(m_words, size());
    update();
}

void WordCloudWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), palette().base());
    painter.setRenderHint(QPainter::TextAntialiasing);
    paintWordCloud(painter, m_placed);
}

void WordCloudWidget::resizeEvent(QResizeEvent*) { m_placed = layoutWordCloud(m_words, size()); }

const PlacedWord* WordCloudWidget::wordAt(const QPointF& p) const {
    for (const auto& w : m_placed)
        if (w.rect.contains(p)) return &w;
    return nullptr;
}

void WordCloudWidget::mousePressEvent(QMouseEvent* event) {
    if (const auto* w = wordAt(event->position())) emit wordClicked(w->word);
}

bool WordCloudWidget::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        if (const auto* w = wordAt(help->pos())) {
            QToolTip::showText(
                help->globalPos(),
                tr("%1: %n occurrence(s) — click to find the items", nullptr, int(w->count)).arg(w->word), this);
        } else {
            QToolTip::hideText();
        }
        return true;
    }
    return QWidget::event(event);
}

}  // namespace cci::charts
