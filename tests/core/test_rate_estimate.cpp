// Rate and time-left estimates of long jobs (counted from the step a job starts at) and durations for people.
#include "util/rate_estimate.h"

#include <QtTest>

#include <cmath>

using namespace cci;
using namespace std::chrono;

class TestRateEstimate : public QObject {
    Q_OBJECT

private slots:
    void rateCountsFromTheStartingStep() {
        RateEstimate r;
        const auto t0 = steady_clock::time_point(seconds(100));
        r.start(40, t0);  // a run resumed at step 40
        QCOMPARE(r.rate(40, t0 + seconds(5)), 0.0);
        QCOMPARE(r.rate(50, t0 + seconds(5)), 2.0);
        QCOMPARE(r.secondsLeft(50, 100, t0 + seconds(5)), 25.0);
        QCOMPARE(r.secondsLeft(100, 100, t0 + seconds(5)), 0.0);
        QCOMPARE(r.secondsLeft(50, 0, t0 + seconds(5)), 0.0);  // total unknown
        QCOMPARE(r.rate(50, t0), 0.0);                         // no time passed yet
    }

    void durationsReadLikePeopleWriteThem() {
        QCOMPARE(formatDuration(0), std::string("-"));
        QCOMPARE(formatDuration(-3), std::string("-"));
        QCOMPARE(formatDuration(std::nan("")), std::string("-"));
        QCOMPARE(formatDuration(42.4), std::string("42s"));
        QCOMPARE(formatDuration(185), std::string("3m05s"));
        QCOMPARE(formatDuration(3720), std::string("1h02m"));
        QCOMPARE(formatDuration(90061), std::string("25h01m"));
    }
};

QTEST_GUILESS_MAIN(TestRateEstimate)
#include "test_rate_estimate.moc"
