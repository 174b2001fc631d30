// JobQueue (see job_queue.h).
#include "runs/job_queue.h"

#include "system/device_spec.h"
#include "util/problem.h"

#include <algorithm>

namespace cci::ui {

JobQueue::JobQueue(QObject* parent) : QObject(parent) {}

JobQueue::~JobQueue() {
    m_queued.clear();
    cancelRunning();
    m_running.clear();  // each BackgroundJob waits for its thread
}

int JobQueue::enqueue(const QString& device, const QString& description, const QString& folder,
                      BackgroundJob::Work work, After after) {
    // One queue per device: "cuda" is the first GPU, the same queue as "cuda:0".
    QString queue = device;
    try {
        queue = QString::fromStdString(parseDevice(device.toStdString()).name());
    } catch (const Error&) {  // the job itself reports the unknown device
    }
    Job job{m_nextId++, queue, description, folder, std::move(work), std::move(after)};
    const int id = job.id;
    m_queued.push_back(std::move(job));
    emit queueChanged();
    startNext();
    return id;
}

bool JobQueue::remove(int id) {
    const auto it = std::find_if(m_queued.begin(), m_queued.end(), [id](const Job& j) { return j.id == id; });
    if (it == m_queued.end()) return false;
    m_queued.erase(it);
    emit queueChanged();
    return true;
}

void JobQueue::cancelRunning() {
    for (auto& [_, running] : m_running) running->worker->cancel();
}

bool JobQueue::isQueued(int id) const {
    return std::any_of(m_queued.begin(), m_queued.end(), [id](const Job& j) { return j.id == id; });
}

bool JobQueue::hasFolder(const QString& folder) const {
    for (const auto& [_, r] : m_running)
        if (r->job.folder == folder) return true;
    return std::any_of(m_queued.begin(), m_queued.end(), [&](const Job& j) { return j.folder == folder; });
}

void JobQueue::startNext() {
    // The first queued job of every free device, in queue order.
    for (auto it = m_queued.begin(); it != m_queued.end();) {
        if (m_running.count(it->device)) {
            ++it;
            continue;
        }
        auto running = std::make_unique<Running>();
        running->job = std::move(*it);
        it = m_queued.erase(it);
        Running* r = running.get();
        const int id = r->job.id;
        const QString device = r->job.device;
        r->worker = std::make_unique<BackgroundJob>(r->job.work);
        connect(r->worker.get(), &BackgroundJob::progressed, this,
                [this, r, id](int step, int total, const QByteArray& record) {
                    if (!record.isEmpty()) emit recorded(id, r->job.folder, record);
                    // The first event fixes where counting starts (a resumed run begins part-way).
                    if (!r->rateStarted) {
                        r->rate.start(std::size_t(std::max(0, step - 1)));
                        r->rateStarted = true;
                    }
                    emit progressed(id, step, total, r->rate.rate(std::size_t(step)),
                                    r->rate.secondsLeft(std::size_t(step), std::size_t(std::max(0, total))));
                });
        connect(r->worker.get(), &BackgroundJob::finished, this, [this, device, id](bool ok, const QString& message) {
            auto node = m_running.extract(device);
            After after = node.mapped()->job.after;
            // The worker's thread has ended (this arrives after its last signal); delete it outside its own slot.
            node.mapped()->worker.release()->deleteLater();
            if (after) after(ok, message);
            emit finished(id, ok, message);
            emit queueChanged();
            startNext();
        });
        m_running[device] = std::move(running);
        emit started(id, r->job.folder, r->job.description);
        emit queueChanged();
        r->worker->start();
        it = m_queued.begin();  // other devices may still have work waiting
    }
}

}  // namespace cci::ui
