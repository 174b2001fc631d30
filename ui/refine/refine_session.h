// RefineSession: the refinement settings the user is trying, and the corpus-wide statistics for them, computed
// on a background thread (restarted when the settings change, cancelled before the open corpora change).
#pragma once

#include "refine/refiner.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>

namespace cci::ui {

class CorpusWorkspace;

class RefineSession : public QObject {
    Q_OBJECT
public:
    explicit RefineSession(CorpusWorkspace* workspace, QObject* parent = nullptr);
    ~RefineSession() override;

    const refine::RefineConfig& config() const { return m_config; }
    void setConfig(const refine::RefineConfig& config);
    void setRuleEnabled(int rule, bool on);

    bool statisticsReady() const { return m_ready; }
    const refine::RefineStats& statistics() const { return m_stats; }

    // Refines every open corpus and writes <folder>/<stem>_refined.json for each; returns the written paths.
    // Throws cci::Error naming the file on failure.
    QStringList exportRefined(const QString& folder) const;

signals:
    void configChanged();
    void statisticsChanged();

private:
    void restart();
    void cancelAndWait();

    CorpusWorkspace* m_workspace;
    refine::RefineConfig m_config;
    refine::RefineStats m_stats;
    bool m_ready = false;
    QFutureWatcher<refine::RefineStats> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};

}  // namespace cci::ui
