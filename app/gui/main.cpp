// cci-workbench: the desktop front end. Parses the command line and opens the main window.
#include "ensemble/ensemble_session.h"
#include "ensemble/ensemble_view.h"
#include "main_window.h"
#include "settings/settings_dialog.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CCI Workbench"));
    QApplication::setApplicationName(QStringLiteral("cci-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("CCI Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(CCI_WORKBENCH_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/cci-workbench.svg")));

    // Korean interface when chosen in the settings, or by the system locale when nothing is chosen.
    QTranslator appTranslator, qtTranslator;
    const QString language = cci::ui::SettingsDialog::language();
    const bool korean =
        language == QLatin1String("ko") || (language.isEmpty() && QLocale::system().language() == QLocale::Korean);
    if (korean) {
        if (appTranslator.load(QStringLiteral(":/i18n/cci_ko.qm"))) QApplication::installTranslator(&appTranslator);
        if (qtTranslator.load(QLocale(QLocale::Korean), QStringLiteral("qtbase"), QStringLiteral("_"),
                              QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QApplication::installTranslator(&qtTranslator);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Workbench for Korean Conversational Context Inference (NIKL 2024)."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("files"),
                                 QApplication::translate("main",
                                                         "Corpus JSON files to open (default: the last "
                                                         "session; without one, a welcome page offers your "
                                                         "corpus or the demo)."),
                                 QStringLiteral("[files...]"));
    const QCommandLineOption viewOption(
        QStringLiteral("view"),
        QApplication::translate("main",
                                "View to show first: browse, refine, prompt, ensemble, annotate, statistics or runs."),
        QStringLiteral("name"), QStringLiteral("browse"));
    parser.addOption(viewOption);
    const QCommandLineOption demoCorpus(
        QStringLiteral("demo"),
        QApplication::translate("main",
                                "Open the bundled synthetic demo corpus when no files are given and there is "
                                "no last session (tools/workbench.sh passes it)."));
    parser.addOption(demoCorpus);
    const QCommandLineOption demoPredictions(
        QStringLiteral("demo-predictions"),
        QApplication::translate("main", "Load the bundled synthetic demo predictions into the Ensemble view."));
    parser.addOption(demoPredictions);
    parser.process(app);

    cci::ui::MainWindow window;
    window.show();
    if (!window.showView(parser.value(viewOption))) {
        std::fprintf(stderr,
                     "cci-workbench: unknown view \"%s\" (expected browse, refine, prompt, ensemble, annotate, "
                     "statistics or runs)\n",
                     qPrintable(parser.value(viewOption)));
        return 2;
    }
    window.openInitial(parser.positionalArguments(), parser.isSet(demoCorpus));
    if (parser.isSet(demoPredictions)) window.ensembleView()->session()->loadDemo();
    return QApplication::exec();
}
