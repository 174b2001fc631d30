// MainWindow: assembly of views, menus, settings and load-problem dialogs.
#include "main_window.h"

#include "annotate/annotate_view.h"
#include "browser/browser_view.h"
#include "ensemble/ensemble_session.h"
#include "ensemble/ensemble_view.h"
#include "help/user_guide.h"
#include "prompt/prompt_view.h"
#include "refine/refine_view.h"
#include "runs/runs_view.h"
#include "settings/settings_dialog.h"
#include "stats/stats_view.h"
#include "workspace/corpus_workspace.h"
#include "workspace/files_panel.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace cci::ui {
namespace {

constexpr int kMaxRecent = 10;
constexpr int kProblemsInSummary = 12;  // shown directly; the rest is in "Show Details"

QStringList corpusPathsFromMime(const QMimeData* mime) {
    QStringList out;
    if (!mime->hasUrls()) return out;
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
            out << url.toLocalFile();
    return out;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setAcceptDrops(true);
    m_workspace = new CorpusWorkspace(this);
    // The title names the open files; Qt adds the application's display name ("… — CCI Workbench"), which the
    // title therefore leaves out (it said "CCI Workbench — CCI Workbench").
    connect(m_workspace, &CorpusWorkspace::changed, this, [this] {
        QStringList names;
        const CorpusSet& open = m_workspace->corpora();
        for (std::size_t i = 0; i < open.count() && i < 3; ++i)
            names << QFileInfo(QString::fromStdString(open.corpus(i).sourcePath)).fileName();
        if (open.count() > 3) names << tr("%n more", nullptr, int(open.count() - 3));
        setWindowTitle(names.join(QStringLiteral(", ")));
    });
    m_browser = new BrowserView(m_workspace, this);
    m_refine = new RefineView(m_workspace, m_browser->filterModel(), this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("views"));
    m_tabs->addTab(m_browser, tr("&Browse"));
    m_tabs->addTab(m_refine, tr("&Refine"));
    m_prompt = new PromptView(m_workspace, this);
    m_tabs->addTab(m_prompt, tr("&Prompt"));
    m_ensemble = new EnsembleView(this);
    m_tabs->addTab(m_ensemble, tr("&Ensemble"));
    m_annotate = new AnnotateView(m_workspace, m_browser->filterModel(), this);
    m_tabs->addTab(m_annotate, tr("&Annotate"));
    m_annotate->setPredictionSource(m_ensemble->session());  // annotators vs the models loaded for the ensemble
    m_stats = new StatsView(m_workspace, this);
    m_tabs->addTab(m_stats, tr("&Statistics"));
    m_runs = new RunsView(m_workspace, this);
    m_tabs->addTab(m_runs, tr("R&uns"));
    // Predictions made from the Runs tab join the Ensemble tab, with every other run's predictions of that corpus.
    connect(m_runs, &RunsView::predictionsReady, this,
            [this](const QString& corpus, const QStringList& files) { m_ensemble->session()->load(corpus, files); });
    setCentralWidget(m_tabs);
    // Ensemble: the low-margin items are listed in the browser and annotated from there.
    connect(m_ensemble, &EnsembleView::annotateItems, this,
            [this](const QString& reference, const QStringList& ids, const QString& label) {
                const auto corpus = m_workspace->corpora().find(reference.toStdString());
                if (!corpus) {
                    statusBar()->showMessage(
                        tr("Open %1 to annotate its items (File › Open Corpus).").arg(QFileInfo(reference).fileName()),
                        8000);
                    return;
                }
                std::vector<std::string> wanted;
                for (const QString& id : ids) wanted.push_back(id.toStdString());
                const auto rows = m_workspace->corpora().rowsOfIds(*corpus, wanted);
                m_browser->showOnly(rows, label);
                showView(QStringLiteral("annotate"));
                if (!rows.empty()) m_browser->selectSourceRow(int(rows.front()));
            });
    // Statistics: a clicked bar or word shows its items in the browser.
    connect(m_stats, &StatsView::showItems, this, [this](const std::vector<std::uint32_t>& rows, const QString& label) {
        m_browser->showOnly(rows, label);
        showView(QStringLiteral("browse"));
    });
    connect(m_stats, &StatsView::searchFor, this, [this](const QString& text) {
        m_browser->showOnly({}, QString());
        m_browser->searchBox()->setText(text);
        showView(QStringLiteral("browse"));
    });
    // The views share one current item: the browser's selection.
    connect(m_browser, &BrowserView::currentItemChanged, m_refine, &RefineView::showItem);
    connect(m_refine, &RefineView::selectItemRequested, m_browser, &BrowserView::selectSourceRow);
    connect(m_browser, &BrowserView::currentItemChanged, m_annotate, &AnnotateView::showItem);
    connect(m_browser, &BrowserView::currentItemChanged, m_prompt, &PromptView::showItem);
    connect(m_annotate, &AnnotateView::selectItemRequested, m_browser, &BrowserView::selectSourceRow);
    connect(m_annotate, &AnnotateView::blindChanged, m_browser, &BrowserView::setGoldHidden);
    m_browser->setGoldHidden(m_annotate->isBlind());  // blind mode as the last session left it

    m_files = new FilesPanel(m_workspace, this);
    auto* dock = new QDockWidget(tr("Files"), this);
    dock->setObjectName(QStringLiteral("filesDock"));
    dock->setWidget(m_files);
    m_files->setMinimumWidth(kFilesPanelMinimumWidth);  // cannot be squeezed to a sliver (nor restored as one)
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({dock}, {240}, Qt::Horizontal);

    buildMenus();
    connect(m_workspace, &CorpusWorkspace::loadFailed, this, &MainWindow::showProblems);
    connect(m_workspace, &CorpusWorkspace::loadedWithWarnings, this, &MainWindow::showWarnings);
    connect(m_workspace, &CorpusWorkspace::loaded, this, [this](const QString& path, std::size_t items) {
        statusBar()->showMessage(tr("Opened %1 (%2 items)").arg(QFileInfo(path).fileName()).arg(items) +
                                     (m_demoJustClosed ? tr("; the demo corpus was closed (File › Open Demo Corpus "
                                                            "opens it again; its annotations are kept)")
                                                       : QString()),
                                 m_demoJustClosed ? 15000 : 5000);
        m_demoJustClosed = false;
        if (!path.startsWith(QLatin1String(":/"))) rememberRecent(path);
    });
    connect(m_workspace, &CorpusWorkspace::demoClosed, this, [this] { m_demoJustClosed = true; });
    connect(m_browser->welcomePanel(), &WelcomePanel::openCorpusRequested, this, &MainWindow::chooseAndOpenFiles);
    connect(m_browser->welcomePanel(), &WelcomePanel::demoRequested, this,
            [this] { openFiles(CorpusWorkspace::demoCorpusPaths()); });
    connect(m_workspace, &CorpusWorkspace::loadingChanged, this, [this](bool loading) {
        if (loading) {
            statusBar()->showMessage(tr("Loading…"));
            QApplication::setOverrideCursor(Qt::BusyCursor);
        } else {
            QApplication::restoreOverrideCursor();
        }
    });

    QSettings settings;
    // Below this the chat bubbles and the item table collapse into each other.
    setMinimumSize(kWindowMinimumSize);
    resize(1280, 800);
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Corpus…"), QKeySequence::Open, this, &MainWindow::chooseAndOpenFiles);
    file->addAction(tr("Open &Demo Corpus"), this, [this] { openFiles(CorpusWorkspace::demoCorpusPaths()); });
    m_recentMenu = file->addMenu(tr("&Recent Files"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Close All"), this, [this] { m_workspace->closeAll(); });
    file->addSeparator();
    file->addAction(tr("&Settings…"), QKeySequence::Preferences, this, [this] {
        SettingsDialog dialog(this);
        if (dialog.exec() == QDialog::Accepted) {
            m_annotate->reloadSettings();
            m_runs->setRunsFolder(SettingsDialog::runsFolder());
        }
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (int i = 0; i < m_tabs->count(); ++i)
        view->addAction(m_tabs->tabText(i).remove(QLatin1Char('&')), QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)),
                        this, [this, i] { m_tabs->setCurrentIndex(i); });
    view->addSeparator();
    view->addAction(findChild<QDockWidget*>(QStringLiteral("filesDock"))->toggleViewAction());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&User Guide"), this, [this] { showUserGuide(this); });
    help->addAction(tr("&Keyboard Shortcuts"), QKeySequence::HelpContents, this, &MainWindow::showShortcuts);
    help->addAction(tr("&About CCI Workbench"), this, [this] {
        QMessageBox::about(this, tr("About CCI Workbench"),
                           tr("<b>CCI Workbench %1</b><p>Browse, refine, prompt, train, predict and vote for the "
                              "Korean Conversational Context Inference task (NIKL 2024).</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::showShortcuts() {
    QMessageBox::information(this, tr("Keyboard shortcuts"),
                             tr("<table>"
                                "<tr><td><b>↑ / ↓, j / k</b></td><td>previous / next item</td></tr>"
                                "<tr><td><b>Ctrl+F</b></td><td>search utterances, inferences and ids</td></tr>"
                                "<tr><td><b>Enter</b> (in search)</td><td>back to the item table</td></tr>"
                                "<tr><td><b>Ctrl+1 … 7</b></td><td>Browse / Refine / Prompt / Ensemble / Annotate / "
                                "Statistics / Runs</td></tr>"
                                "<tr><td><b>1 2 3, 0</b> (Annotate)</td><td>choose an option, unsure; Enter next "
                                "unannotated, Backspace previous, T tag, N note, Ctrl+Z undo, ? help</td></tr>"
                                "<tr><td><b>F3</b> (Refine)</td><td>next item changed by the selected rule</td></tr>"
                                "<tr><td><b>Ctrl+O</b></td><td>open corpus files</td></tr>"
                                "<tr><td><b>Delete</b> (in Files)</td><td>close the selected file</td></tr>"
                                "</table>"));
}

void MainWindow::openInitial(const QStringList& files, bool demoWhenNothing) {
    if (!files.isEmpty()) {
        openFiles(files);
        return;
    }
    // The last session's files; without any, the Browse tab's welcome page offers the user's corpus or the demo.
    QStringList last;
    for (const QString& p : QSettings().value(QStringLiteral("session/files")).toStringList())
        if (p.startsWith(QLatin1String(":/")) || QFileInfo::exists(p)) last << p;
    if (last.isEmpty() && demoWhenNothing) last = CorpusWorkspace::demoCorpusPaths();
    openFiles(last);
}

bool MainWindow::showView(const QString& name) {
    const QWidget* views[] = {m_browser, m_refine, m_prompt, m_ensemble, m_annotate, m_stats, m_runs};
    const char* names[] = {"browse", "refine", "prompt", "ensemble", "annotate", "statistics", "runs"};
    for (int i = 0; i < 7; ++i)
        if (name == QLatin1String(names[i])) {
            m_tabs->setCurrentWidget(const_cast<QWidget*>(views[i]));
            return true;
        }
    return false;
}

void MainWindow::chooseAndOpenFiles() {
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Open corpus files"), QString(),
                                                            tr("Corpus JSON (*.json);;All files (*)"));
    openFiles(paths);
}

void MainWindow::openFiles(const QStringList& files) {
    if (!files.isEmpty()) m_workspace->openFiles(files);
}

void MainWindow::rememberRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent)
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] { openFiles({path}); })
            ->setToolTip(path);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

// A message box listing problems or warnings (the first few in the text, all of them under Details).
QMessageBox* MainWindow::problemBox(QMessageBox::Icon icon, const QString& title, const QString& text,
                                    const QString& objectName, const std::vector<Problem>& problems) {
    QStringList lines;
    for (const Problem& p : problems) lines << QString::fromStdString(p.toString());
    auto* box = new QMessageBox(icon, title, text, QMessageBox::Ok, this);
    box->setObjectName(objectName);
    box->setInformativeText(
        lines.mid(0, kProblemsInSummary).join(QLatin1Char('\n')) +
        (lines.size() > kProblemsInSummary ? tr("\n… and %1 more").arg(lines.size() - kProblemsInSummary) : QString()));
    box->setDetailedText(lines.join(QLatin1Char('\n')));
    box->setAttribute(Qt::WA_DeleteOnClose);
    return box;
}

void MainWindow::showProblems(const QString& path, const std::vector<Problem>& problems) {
    statusBar()->showMessage(tr("Could not open %1").arg(QFileInfo(path).fileName()), 8000);
    problemBox(
        QMessageBox::Warning, tr("Problems in corpus file"),
        tr("%1 has %n problem(s) and was not opened.", nullptr, int(problems.size())).arg(QFileInfo(path).fileName()),
        QStringLiteral("problemsDialog"), problems)
        ->open();  // window-modal but asynchronous: the app keeps running
}

void MainWindow::showWarnings(const QString& path, const std::vector<Problem>& warnings) {
    auto* box = problemBox(QMessageBox::Information, tr("Warnings in corpus file"),
                           tr("%1 is open, with %n warning(s): what the published code accepts, read as it reads it.",
                              nullptr, int(warnings.size()))
                               .arg(QFileInfo(path).fileName()),
                           QStringLiteral("warningsDialog"), warnings);
    box->setModal(false);  // the file is usable: nothing waits for this
    box->show();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!corpusPathsFromMime(event->mimeData()).isEmpty()) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    openFiles(corpusPathsFromMime(event->mimeData()));
    event->acceptProposedAction();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (m_runs->isTraining()) {
        const auto answer =
            QMessageBox::question(this, tr("A run is training"),
                                  tr("Stop the training run and quit? Its metrics so far stay in its run folder."),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_runs->cancelRun();
    }
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QStringList session;
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count(); ++i) session << QString::fromStdString(set.corpus(i).sourcePath);
    settings.setValue(QStringLiteral("session/files"), session);
    QMainWindow::closeEvent(event);
}

}  // namespace cci::ui
