// Korean interface: every entry of resources/translations/cci_ko.ts is finished (fails on unfinished, empty or
// obsolete entries), placeholders survive translation, and the compiled catalogue turns the main window Korean.
#include "browser/browser_view.h"
#include "main_window.h"

#include "charts/eda_charts.h"

#include <QFile>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTranslator>
#include <QXmlStreamReader>
#include <QtTest>

using namespace cci::ui;

class TestTranslations : public QObject {
    Q_OBJECT
private slots:
    void everyEntryIsFinished() {
        QFile file(QStringLiteral(CCI_SOURCE_DIR "/resources/translations/cci_ko.ts"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        int messages = 0;
        QString source;
        QStringList problems;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) continue;
            if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
                ++messages;
            } else if (xml.name() == QLatin1String("translation")) {
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                if (!type.isEmpty())
                    problems << QStringLiteral("%1 (%2)").arg(source, type);
                else if (text.trimmed().isEmpty())
                    problems << QStringLiteral("%1 (empty)").arg(source);
                // Every %1..%9 of the source must survive (%n for plurals).
                static const QRegularExpression arg(QStringLiteral("%[1-9n]"));
                for (auto it = arg.globalMatch(source); it.hasNext();) {
                    const QString a = it.next().captured();
                    if (!text.contains(a)) problems << QStringLiteral("%1 (lost %2)").arg(source, a);
                }
            }
        }
        QVERIFY(!xml.hasError());
        QVERIFY(messages > 200);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void theMainWindowSpeaksKorean() {
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(":/i18n/cci_ko.qm")));
        QCoreApplication::installTranslator(&translator);
        QStandardPaths::setTestModeEnabled(true);
        MainWindow window;
        QCOMPARE(window.tabs()->tabText(0), QString::fromUtf8("살펴보기(&B)"));
        // The welcome page a first start shows (the window title names the open files: none yet).
        QCOMPARE(window.browser()->welcomePanel()->findChild<QPushButton*>("openCorpus")->text(),
                 QString::fromUtf8("말뭉치 열기… (Ctrl+O)"));
        // The charts' titles too (their free tr() once looked in another context than the catalogue's).
        QCOMPARE(cci::charts::chartTitle(cci::charts::EdaChart::Categories), QString::fromUtf8("추론 유형"));
        QCoreApplication::removeTranslator(&translator);
    }
};

QTEST_MAIN(TestTranslations)
#include "test_translations.moc"
