// BackgroundJob: the one worker pattern for long core jobs (training, prediction): the work runs on its own thread
// with a progress/cancel callback; progress and the end arrive as queued signals, so the UI thread never waits.
#pragma once

#include "util/progress.h"

#include <QByteArray>
#include <QObject>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace cci::ui {

class BackgroundJob : public QObject {
    Q_OBJECT
public:
    // `work` returns the message shown when it ends; it throws on failure (the message is the error's text).
    using Work = std::function<QString(const ProgressFn& progress)>;
    explicit BackgroundJob(Work work, QObject* parent = nullptr);
    ~BackgroundJob() override;

    void start();
    void cancel() { m_cancel = true; }
    bool isRunning() const { return m_thread && m_thread->isRunning(); }

signals:
    // `record`: the event's JSON line (a training run's metrics point), empty when it has none.
    void progressed(int step, int total, const QByteArray& record);
    void finished(bool ok, const QString& message);

private:
    Work m_work;
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_cancel{false};
};

}  // namespace cci::ui
