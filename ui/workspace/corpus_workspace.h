// CorpusWorkspace: the Qt-side owner of the open corpora (a core CorpusSet). Loads files on a background thread,
// announces changes so item models can reset, and reports load problems as data for a dialog to show.
#pragma once

#include "corpus/corpus_reader.h"
#include "corpus/corpus_set.h"
#include "util/problem.h"

#include <QObject>
#include <QStringList>

#include <vector>

namespace cci::ui {

class CorpusWorkspace : public QObject {
    Q_OBJECT
public:
    explicit CorpusWorkspace(QObject* parent = nullptr);

    const CorpusSet& corpora() const { return m_set; }
    bool isLoading() const { return m_pending > 0; }

    // Loads files (paths, or Qt resource paths such as ":/demo/demo_train.json") in the background. Valid files
    // are added (a file already open is reloaded); invalid ones are reported through loadFailed.
    void openFiles(const QStringList& paths);
    // Loads and adds synchronously (tests, small files). Returns the problems; empty on success.
    std::vector<Problem> openFileNow(const QString& path);

    void closeCorpus(std::size_t position);
    void closeAll();
    void setSplit(std::size_t position, Split split);

    // Paths of the bundled demo corpus (Qt resources).
    static QStringList demoCorpusPaths();
    static bool isDemoPath(const QString& path);

signals:
    void aboutToChange();  // before corpora are added/removed: models must begin a reset
    void changed();        // after: models end their reset
    void splitChanged(std::size_t position);
    void loadingChanged(bool loading);
    void loadFailed(const QString& path, const std::vector<cci::Problem>& problems);
    void loaded(const QString& path, std::size_t items);
    void demoClosed();  // the demo corpus made way for the first real corpus opened
    // After `loaded`, when the file has what the published code tolerates (number utterances, references to no
    // utterance): it is open, and these say how it was read.
    void loadedWithWarnings(const QString& path, const std::vector<cci::Problem>& warnings);

private:
    void addLoaded(const QString& path, Corpus corpus);

    CorpusSet m_set;
    int m_pending = 0;
};

// Reads and validates one corpus file; Qt resource paths are read through QFile, others memory-mapped by core.
CorpusReadResult readCorpusAnyPath(const QString& path);

}  // namespace cci::ui
