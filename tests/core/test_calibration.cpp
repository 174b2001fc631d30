// Calibration before voting and accuracy intervals: the reliability bins, ECE and NLL of hand-worked items, the
// temperature that minimises the NLL (and leaves every answer as it was), and percentile-bootstrap intervals whose
// width matches the binomial standard error.
#include "ensemble/bootstrap.h"
#include "ensemble/calibration.h"

#include <QtTest>

#include <cmath>

using namespace cci::ensemble;

class TestCalibration : public QObject {
    Q_OBJECT
private slots:
    void reliabilityBinsEceAndNll() {
        // Item 1: 0.95 on A, gold A (right). Item 2: 0.75 on A, gold B (wrong). Item 3: unlabelled, skipped.
        const std::vector<float> probs = {0.95f, 0.03f, 0.02f, 0.75f, 0.15f, 0.1f, 0.2f, 0.3f, 0.5f};
        const std::vector<std::int8_t> gold = {0, 1, -1};
        const Calibration c = measureCalibration(probs, gold, 10);
        QCOMPARE(c.items, std::size_t(2));
        QCOMPARE(c.bins.size(), std::size_t(10));
        QCOMPARE(c.bins[9].items, std::size_t(1));
        QVERIFY(std::abs(c.bins[9].confidence - 0.95) < 1e-6 && c.bins[9].accuracy == 1.0);
        QCOMPARE(c.bins[7].items, std::size_t(1));
        QVERIFY(std::abs(c.bins[7].confidence - 0.75) < 1e-6 && c.bins[7].accuracy == 0.0);
        QVERIFY(std::isnan(c.bins[0].confidence));
        // ECE = 1/2 |1 - 0.95| + 1/2 |0 - 0.75| = 0.4; NLL = (-ln 0.95 - ln 0.15) / 2.
        QVERIFY(std::abs(c.ece - 0.4) < 1e-6);
        QVERIFY(std::abs(c.nll - (-std::log(0.95) - std::log(0.15)) / 2) < 1e-6);
        QCOMPARE(c.accuracy, 0.5);
        QVERIFY(std::isnan(measureCalibration(probs, {-1, -1, -1}).ece));
    }

    void temperatureMinimisesTheNllAndKeepsTheAnswers() {
        // An overconfident model: 0.98 on its answer, right on 6 of 10 items.
        std::vector<float> probs;
        std::vector<std::int8_t> gold;
        for (int i = 0; i < 10; ++i) {
            const int choice = i % 3;
            for (int k = 0; k < 3; ++k) probs.push_back(k == choice ? 0.98f : 0.01f);
            gold.push_back(std::int8_t(i < 6 ? choice : (choice + 1) % 3));
        }
        const double t = fitTemperature(probs, gold);
        QVERIFY2(t > 1, qPrintable(QString::number(t)));  // overconfident: softened
        const auto nll = [&](double temperature) {
            return measureCalibration(withTemperature(probs, temperature), gold).nll;
        };
        QVERIFY(nll(t) < nll(1.0));
        QVERIFY(nll(t) <= nll(t * 1.02) + 1e-9 && nll(t) <= nll(t / 1.02) + 1e-9);  // a minimum
        // Here the optimum has a closed form: the answer's probability becomes the accuracy, 0.6.
        QVERIFY(std::abs(withTemperature(std::array<double, 3>{0.98, 0.01, 0.01}, t)[0] - 0.6) < 1e-3);
        QVERIFY(measureCalibration(withTemperature(probs, t), gold).ece < measureCalibration(probs, gold).ece);
        // The chosen answers never change.
        const auto scaled = withTemperature(probs, t);
        QCOMPARE(measureCalibration(scaled, gold).accuracy, measureCalibration(probs, gold).accuracy);
        QCOMPARE(fitTemperature(probs, std::vector<std::int8_t>(10, -1)), 1.0);
    }

    void aTemperatureAtTheSearchLimitIsReportedAsSuch() {
        // Probabilities that are sure of an answer that is right a third of the time (chance): the NLL falls all the
        // way towards uniform, so the "fit" is the search range's end - reported as the limit, not as a value.
        std::vector<float> probs;
        std::vector<std::int8_t> gold;
        for (int i = 0; i < 60; ++i) {
            const int picked = i % 3;
            for (int k = 0; k < 3; ++k) probs.push_back(k == picked ? 0.98f : 0.01f);
            gold.push_back(std::int8_t((i / 3) % 3));  // every (picked, gold) pair equally often
        }
        const double t = fitTemperature(probs, gold);
        QVERIFY2(temperatureAtSearchLimit(t), qPrintable(QString::number(t)));
        QCOMPARE(temperatureText(t), std::string("≥ 20 (search limit)"));
        QVERIFY(!temperatureAtSearchLimit(1.37));
        QCOMPARE(temperatureText(1.37), std::string("1.37"));
        QCOMPARE(temperatureText(kMinTemperature), std::string("≤ 0.05 (search limit)"));
    }

    void bootstrapIntervalsMatchTheBinomialError() {
        std::vector<std::int8_t> answers, gold;
        for (int i = 0; i < 1000; ++i) {
            gold.push_back(std::int8_t(i % 3));
            answers.push_back(std::int8_t(i % 2 ? i % 3 : (i + 1) % 3));  // right on the odd items: 0.5
        }
        const Interval ci = bootstrapAccuracy(answers, gold);
        QVERIFY(ci.low < 0.5 && ci.high > 0.5);
        const double width = ci.high - ci.low, expected = 2 * 1.96 * std::sqrt(0.25 / 1000);  // 0.062
        QVERIFY2(std::abs(width - expected) < 0.01, qPrintable(QString::number(width)));
        // Reproducible for a seed; all right gives [1, 1]; nothing labelled gives NaN.
        QCOMPARE(bootstrapAccuracy(answers, gold).low, ci.low);
        QCOMPARE(bootstrapAccuracy(gold, gold).low, 1.0);
        QVERIFY(std::isnan(bootstrapAccuracy(answers, std::vector<std::int8_t>(1000, -1)).low));
    }
};

QTEST_APPLESS_MAIN(TestCalibration)
#include "test_calibration.moc"
