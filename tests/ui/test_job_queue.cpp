// The Runs view's job queue: one job at a time per device, "cuda" and "cuda:0" being the same GPU (a resumed run
// once queued beside a running one on the same GPU), other devices running at once.
#include "runs/job_queue.h"

#include <QtTest>

#include <atomic>

using namespace cci;
using namespace cci::ui;

class TestJobQueue : public QObject {
    Q_OBJECT
private slots:
    void oneJobAtATimePerDevice() {
        std::atomic<bool> release{false};
        auto blocking = [&release](const ProgressFn&) {
            while (!release.load()) QThread::msleep(5);
            return QString();
        };
        JobQueue queue;
        QSignalSpy finished(&queue, &JobQueue::finished);
        const int first = queue.enqueue("cuda", "first", "/runs/a", blocking);
        const int sameGpu = queue.enqueue("cuda:0", "second", "/runs/b", blocking);
        const int otherGpu = queue.enqueue("cuda:1", "third", "/runs/c", blocking);
        const int cpu = queue.enqueue("cpu", "fourth", "/runs/d", blocking);
        QVERIFY(!queue.isQueued(first));
        QVERIFY(queue.isQueued(sameGpu));  // waits for the first: the same GPU
        QVERIFY(!queue.isQueued(otherGpu));
        QVERIFY(!queue.isQueued(cpu));
        QCOMPARE(queue.queued().size(), std::size_t(1));
        QCOMPARE(queue.queued().front().device, QStringLiteral("cuda:0"));
        release = true;
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 10000);
        QVERIFY(!queue.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "test_job_queue.moc"
