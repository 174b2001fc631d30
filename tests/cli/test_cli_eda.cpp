// `cci eda`: every file it promises, charts that are real images (the right size, not blank), the CSV layout, the
// refined numbers beside the raw ones, and clear errors for bad input. (Numbers: tests/reference/eda_reference.py.)
#include "cli_runner.h"

#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using cci::test::demoFile;
using cci::test::runCci;

class TestCliEda : public QObject {
    Q_OBJECT
private slots:
    void writesChartsTableAndSummary() {
        QTemporaryDir dir;
        const auto r = runCci({"eda", demoFile("demo_dev.json"), "--out", dir.filePath("out"), "--refined"});
        QCOMPARE(r.code, 0);
        const QDir out(dir.filePath("out"));
        for (const char* chart : {"category_distribution", "output_distribution", "conversation_length_distribution",
                                  "total_utterance_length_distribution", "wordcloud"}) {
            const QImage image(out.filePath(QStringLiteral("demo_dev_%1.png").arg(QLatin1String(chart))));
            QVERIFY2(!image.isNull(), chart);
            QCOMPARE(image.size(), QSize(960, 600));
            // Not blank: many distinct colours (bars, text, markers).
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 4)
                for (int x = 0; x < image.width(); x += 4) colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() > 20, chart);
        }
        QFile csv(out.filePath("demo_dev_total_utterance_lengths.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.first(), QStringLiteral("id,total_utterance_length"));
        QCOMPARE(lines.size(), 41);
        QVERIFY(lines[1].startsWith("cci-demo-dev-000001,"));
        QFile summaryFile(out.filePath("demo_dev_summary.json"));
        QVERIFY(summaryFile.open(QIODevice::ReadOnly));
        const auto summary = QJsonDocument::fromJson(summaryFile.readAll()).object();
        QCOMPARE(summary["raw"].toObject()["items"].toInt(), 40);
        QCOMPARE(summary["refined"].toObject()["items"].toInt(), 40);
        QVERIFY(!summary["raw"].toObject()["words"].toArray().isEmpty());
        // Refinement shortens conversations: the refined mean length is below the raw one.
        QVERIFY(summary["refined"].toObject()["total_utterance_length"].toObject()["mean"].toDouble() <
                summary["raw"].toObject()["total_utterance_length"].toObject()["mean"].toDouble());
    }

    void badInput() {
        QTemporaryDir dir;
        QCOMPARE(runCci({"eda", demoFile("demo_dev.json")}).code, 2);
        const auto missing = runCci({"eda", dir.filePath("none.json"), "--out", dir.path()});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("none.json"));
    }
};

QTEST_GUILESS_MAIN(TestCliEda)
#include "test_cli_eda.moc"
