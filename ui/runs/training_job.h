// TrainingJob: one training run on a worker thread around core's runTraining - progress and the end reported by
// queued signals, cancellation at the next optimizer step. The UI thread never waits on it.
#pragma once

#include "train/train_config.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace cci::ui {

class TrainingJob : public QObject {
    Q_OBJECT
public:
    explicit TrainingJob(train::TrainConfig config, QObject* parent = nullptr);
    ~TrainingJob() override;

    void start();
    void cancel() { m_cancel = true; }
    bool isRunning() const { return m_thread && m_thread->isRunning(); }
    const train::TrainConfig& config() const { return m_config; }

signals:
    void progressed(int step, int total);
    // ok false: `message` says what failed; cancelled runs finish with ok true and a message saying so.
    void finished(bool ok, const QString& message);

private:
    train::TrainConfig m_config;
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_cancel{false};
};

}  // namespace cci::ui
