// Word cloud: words sized by frequency (square-root scale) placed on a spiral from the centre without overlaps,
// deterministic for the same input; painted into images (`cci eda`) or the interactive WordCloudWidget (hover for
// the count, click a word to find the items that contain it).
#pragma once

#include "stats/word_frequency.h"

#include <QFont>
#include <QImage>
#include <QRectF>
#include <QWidget>

#include <vector>

class QPainter;

namespace cci::charts {

struct PlacedWord {
    QString word;
    std::size_t count = 0;
    QRectF rect;
    QFont font;
    QColor color;
};

std::vector<PlacedWord> layoutWordCloud(const std::vector<stats::WordCount>& words, const QSizeF& area);
void paintWordCloud(QPainter& painter, const std::vector<PlacedWord>& words);
QImage renderWordCloud(const std::vector<stats::WordCount>& words, const QSize& size, const QString& title);

class WordCloudWidget : public QWidget {
    Q_OBJECT
public:
    explicit WordCloudWidget(QWidget* parent = nullptr);
    void setWords(std::vector<stats::WordCount> words);
    const std::vector<PlacedWord>& placed() const { return m_placed; }

signals:
    void wordClicked(const QString& word);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    const PlacedWord* wordAt(const QPointF& p) const;
    std::vector<stats::WordCount> m_words;
    std::vector<PlacedWord> m_placed;
};

}  // namespace cci::charts
