// MainWindow: menus, the files dock, the corpus browser, drag & drop of corpus files, recent files and the
// dialogs that list load problems. Views live in their own folders; this class only assembles them.
#pragma once

#include "util/problem.h"

#include <QMainWindow>
#include <QMessageBox>

#include <vector>

class QMenu;
class QTabWidget;

namespace cci::ui {

class BrowserView;
class CorpusWorkspace;
class FilesPanel;
class RefineView;
class EnsembleView;
class AnnotateView;
class StatsView;
class RunsView;
class PromptView;

inline constexpr int kFilesPanelMinimumWidth = 180;
inline constexpr QSize kWindowMinimumSize{900, 600};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    CorpusWorkspace* workspace() const { return m_workspace; }
    BrowserView* browser() const { return m_browser; }
    RefineView* refineView() const { return m_refine; }
    EnsembleView* ensembleView() const { return m_ensemble; }
    AnnotateView* annotateView() const { return m_annotate; }
    StatsView* statsView() const { return m_stats; }
    RunsView* runsView() const { return m_runs; }
    PromptView* promptView() const { return m_prompt; }
    QTabWidget* tabs() const { return m_tabs; }

    // Opens the files given on the command line; with none, the files of the last session, or the bundled demo
    // corpus on first start (or when those files are gone).
    // The files given, else the last session's, else the demo when `demoWhenNothing` (otherwise the welcome page).
    void openInitial(const QStringList& files, bool demoWhenNothing = false);
    void chooseAndOpenFiles();  // File › Open Corpus… (Ctrl+O)
    void openFiles(const QStringList& files);
    // Switches to a view by name ("browse", "refine"); false for an unknown name.
    bool showView(const QString& name);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void rememberRecent(const QString& path);
    void rebuildRecentMenu();
    void showProblems(const QString& path, const std::vector<Problem>& problems);
    void showWarnings(const QString& path, const std::vector<Problem>& warnings);
    QMessageBox* problemBox(QMessageBox::Icon icon, const QString& title, const QString& text,
                            const QString& objectName, const std::vector<Problem>& problems);
    void showShortcuts();

    CorpusWorkspace* m_workspace;
    BrowserView* m_browser;
    RefineView* m_refine;
    EnsembleView* m_ensemble;
    AnnotateView* m_annotate;
    StatsView* m_stats;
    RunsView* m_runs;
    PromptView* m_prompt;
    QTabWidget* m_tabs;
    FilesPanel* m_files;
    QMenu* m_recentMenu = nullptr;
    bool m_demoJustClosed = false;  // the next "Opened" message says that the demo made way
};

}  // namespace cci::ui
