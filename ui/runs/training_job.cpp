// TrainingJob (see training_job.h).
#include "runs/training_job.h"

#include "train/lora_trainer.h"

namespace cci::ui {

TrainingJob::TrainingJob(train::TrainConfig config, QObject* parent) : QObject(parent), m_config(std::move(config)) {}

TrainingJob::~TrainingJob() {
    if (m_thread) {
        m_cancel = true;
        m_thread->wait();
    }
}

void TrainingJob::start() {
    m_thread.reset(QThread::create([this] {
        try {
            const auto result = train::runTraining(m_config, [this](const ProgressEvent& e) {
                emit progressed(int(e.step), int(e.total));
                return !m_cancel.load();
            });
            emit finished(true, result.cancelled ? tr("Cancelled after %1 steps.").arg(result.optimizerSteps)
                                                 : tr("Finished: %1 steps, train loss %2 → %3%4")
                                                       .arg(result.optimizerSteps)
                                                       .arg(result.firstLoss, 0, 'f', 3)
                                                       .arg(result.lastLoss, 0, 'f', 3)
                                                       .arg(result.devAccuracy >= 0
                                                                ? tr(", dev accuracy %1%").arg(100 * result.devAccuracy, 0, 'f', 1)
                                                                : QString()));
        } catch (const std::bad_alloc&) {
            emit finished(false, tr("Out of memory. Try a smaller max_seq_length, a smaller model, or fewer LoRA targets."));
        } catch (const std::exception& e) {
            emit finished(false, QString::fromUtf8(e.what()));
        }
    }));
    m_thread->start();
}

}  // namespace cci::ui
