// BackgroundJob (see background_job.h).
#include "runs/background_job.h"
#include "error_message.h"

#include <new>
#include <stdexcept>

namespace cci::ui {

BackgroundJob::BackgroundJob(Work work, QObject* parent) : QObject(parent), m_work(std::move(work)) {}

BackgroundJob::~BackgroundJob() {
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
    }
}

void BackgroundJob::start() {
    m_thread.reset(QThread::create([this] {
        try {
            const QString message = m_work([this](const ProgressEvent& e) {
                emit progressed(int(e.step), int(e.total), QByteArray(e.record.data(), qsizetype(e.record.size())));
                return !m_cancel.load();
            });
            emit finished(true, message);
        } catch (const std::bad_alloc&) {
            emit finished(
                false,
                tr("Out of memory. Try a smaller max_seq_length or batch, a smaller model, or fewer LoRA targets."));
        } catch (const std::exception& e) {
            emit finished(false, errorMessage(e));
        }
    }));
    m_thread->start();
}

}  // namespace cci::ui
