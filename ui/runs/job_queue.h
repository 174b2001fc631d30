// JobQueue: the long jobs of the Runs view (training, resuming, predicting) waiting their turn - one running at a
// time per device - each run as a BackgroundJob when its turn comes. Signals carry the running job's progress
// (with its rate and the time left) and its end; queued jobs can be removed before they start.
#pragma once

#include "runs/background_job.h"
#include "util/rate_estimate.h"

#include <QObject>
#include <QString>

#include <functional>
#include <map>
#include <memory>
#include <vector>

namespace cci::ui {

class JobQueue : public QObject {
    Q_OBJECT
public:
    using After = std::function<void(bool ok, const QString& message)>;
    struct Job {
        int id = 0;
        QString device, description, folder;
        BackgroundJob::Work work;
        After after;
    };

    explicit JobQueue(QObject* parent = nullptr);
    ~JobQueue() override;

    // Adds a job; it starts at once when its device is free (one job at a time per device: "cpu", "cuda:0", "cuda:1";
    // "cuda" is "cuda:0"). Returns its id.
    int enqueue(const QString& device, const QString& description, const QString& folder, BackgroundJob::Work work,
                After after = {});
    // Removes a job that has not started (false when it is running, finished or unknown).
    bool remove(int id);
    // Asks every running job to stop at its next safe point.
    void cancelRunning();
    bool isRunning() const { return !m_running.empty(); }
    bool isQueued(int id) const;
    const std::vector<Job>& queued() const { return m_queued; }
    // The folder of a running or queued job with this folder ("" when none).
    bool hasFolder(const QString& folder) const;

signals:
    void started(int id, const QString& folder, const QString& description);
    void progressed(int id, int step, int total, double perSecond, double secondsLeft);
    // A running job's log line (a training run's metrics.jsonl point) as it is written.
    void recorded(int id, const QString& folder, const QByteArray& line);
    void finished(int id, bool ok, const QString& message);
    void queueChanged();

private:
    void startNext();

    struct Running {
        Job job;
        std::unique_ptr<BackgroundJob> worker;
        RateEstimate rate;
        bool rateStarted = false;
    };
    std::vector<Job> m_queued;
    std::map<QString, std::unique_ptr<Running>> m_running;  // by device
    int m_nextId = 1;
};

}  // namespace cci::ui
