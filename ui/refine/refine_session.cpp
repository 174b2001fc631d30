// RefineSession: background statistics with cancellation, and export of refined corpora.
#include "refine/refine_session.h"

#include "corpus/corpus_writer.h"
#include "refine/refine_diff.h"
#include "workspace/corpus_workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace cci::ui {

RefineSession::RefineSession(CorpusWorkspace* workspace, QObject* parent) : QObject(parent), m_workspace(workspace) {
    m_config.trace = false;
    connect(&m_watcher, &QFutureWatcher<refine::RefineStats>::finished, this, [this] {
        if (m_watcher.isCanceled() || (m_cancel && *m_cancel)) return;
        m_stats = m_watcher.result();
        m_ready = true;
        emit statisticsChanged();
    });
    // The job reads the corpora in place: stop it before they change, recount after.
    connect(workspace, &CorpusWorkspace::aboutToChange, this, &RefineSession::cancelAndWait);
    connect(workspace, &CorpusWorkspace::changed, this, &RefineSession::restart);
    restart();
}

RefineSession::~RefineSession() { cancelAndWait(); }

void RefineSession::setConfig(const refine::RefineConfig& config) {
    m_config = config;
    m_config.trace = false;
    emit configChanged();
    restart();
}

void RefineSession::setRuleEnabled(int rule, bool on) {
    refine::RefineConfig c = m_config;
    c.enabled[std::size_t(rule)] = on;
    setConfig(c);
}

void RefineSession::cancelAndWait() {
    if (m_cancel) *m_cancel = true;
    m_watcher.waitForFinished();  // bounded: the job checks the flag every 1,024 items
}

void RefineSession::restart() {
    cancelAndWait();
    m_ready = false;
    emit statisticsChanged();
    std::vector<const Corpus*> corpora;
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count(); ++i) corpora.push_back(&set.corpus(i));
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    const refine::RefineConfig config = m_config;
    m_watcher.setFuture(QtConcurrent::run([corpora, config, cancel] {
        return refine::refineStatistics(corpora, config, [cancel](const ProgressEvent&) { return !*cancel; });
    }));
}

QStringList RefineSession::exportRefined(const QString& folder) const {
    QStringList written;
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count(); ++i) {
        const Corpus& c = set.corpus(i);
        const refine::RefineResult r = refine::refineCorpus(c, m_config);
        const QString stem = QFileInfo(QString::fromStdString(c.sourcePath)).completeBaseName();
        const QString path = QDir(folder).filePath(stem + QStringLiteral("_refined.json"));
        saveCorpus(r.corpus, path.toStdString());
        written << path;
    }
    return written;
}

}  // namespace cci::ui
