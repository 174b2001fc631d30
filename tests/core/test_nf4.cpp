// NF4 quantisation (QLoRA): the exact levels, the 8-bit dynamic map and code layout, round-trip error bounds, padding
// and zero blocks, resident memory against bf16, and a model loaded with NF4 weights.
#include "corpus/corpus_reader.h"
#include "model/llama_internals.h"
#include "model/nf4.h"
#include "model/tiny_model.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace cci;

class TestNf4 : public QObject {
    Q_OBJECT

private slots:
    void levelsAreTheNormalFloatLevels() {
        const std::vector<double> expected = {-1,
                                              -0.6961928009986877,
                                              -0.5250730514526367,
                                              -0.39491748809814453,
                                              -0.28444138169288635,
                                              -0.18477343022823334,
                                              -0.09105003625154495,
                                              0,
                                              0.07958029955625534,
                                              0.16093020141124725,
                                              0.24611230194568634,
                                              0.33791524171829224,
                                              0.44070982933044434,
                                              0.5626170039176941,
                                              0.7229568362236023,
                                              1};
        for (std::size_t k = 0; k < 16; ++k) QCOMPARE(double(model::nf4Levels()[k]), double(float(expected[k])));
    }

    void dynamicMapHasBitsandbytesShape() {
        // 127 negative values, 0, 127 positive ones up to 0.99297, then 1; the smallest magnitudes at 10^-6 scale.
        const auto& map = model::dynamicMap8Bit();
        QCOMPARE(std::count_if(map.begin(), map.end(), [](float v) { return v < 0; }), std::ptrdiff_t(127));
        QCOMPARE(map[127], 0.0f);
        QCOMPARE(map[255], 1.0f);
        QCOMPARE(map[0], -map[254]);
        QVERIFY(std::abs(map[254] - 0.99296875f) < 1e-6f);
        QVERIFY(map[128] > 5e-7f && map[128] < 6e-7f);
    }

    void levelValuesRoundTripExactlyWithHighNibbleFirst() {
        // Two blocks with the same absmax (2.5): the double quantisation is exact, every value is a level times it.
        std::vector<float> values(128);
        for (std::size_t i = 0; i < values.size(); ++i) values[i] = 2.5f * model::nf4Levels()[(i * 7 + 3) % 16];
        values[0] = 2.5f;
        values[64] = -2.5f;
        const auto w = torch::tensor(values).view({2, 64});
        const auto q = model::quantizeNf4(w);
        QCOMPARE(q.codes.numel(), std::int64_t(64));
        const auto* codes = q.codes.data_ptr<std::uint8_t>();
        for (std::size_t i = 1; i < 64; ++i) {
            const int expectedCode = int((i * 7 + 3) % 16);
            const int code = (i % 2 == 0) ? codes[i / 2] >> 4 : codes[i / 2] & 15;
            QCOMPARE(code, expectedCode);
        }
        QCOMPARE(codes[0] >> 4, 15);  // element 0 = +absmax -> level 1 in the high nibble
        QVERIFY(torch::equal(q.dequantize(torch::kFloat32), w));
        QCOMPARE(q.absmaxMean, 2.5f);
    }

    void roundTripErrorIsBoundedByHalfTheLevelGap() {
        torch::manual_seed(3);
        const auto w = torch::randn({96, 200}) * 0.02 + torch::randn({96, 1}) * 0.01;  // 19,200 values, 300 blocks
        const auto q = model::quantizeNf4(w);
        const auto back = q.dequantize(torch::kFloat32);
        QCOMPARE(back.sizes().vec(), w.sizes().vec());
        const auto blocks = w.reshape({-1, 64});
        const auto trueMax = blocks.abs().amax(1);
        const auto storedMax = q.absmax();
        // Largest half-gap between neighbouring levels: (−0.6962 − (−1)) / 2.
        const double halfGap = (1.0 - 0.6961928009986877) / 2;
        const auto bound = trueMax * halfGap + (storedMax - trueMax).abs() + 1e-7;
        const auto error = (back.reshape({-1, 64}) - blocks).abs();
        QVERIFY(error.le(bound.unsqueeze(1)).all().item<bool>());
        // The stored maxima are within half the widest gap of the 8-bit dynamic map, times their group's scale.
        const auto& map = model::dynamicMap8Bit();
        double widest = 0;
        for (std::size_t k = 0; k + 1 < map.size(); ++k) {
            QVERIFY(map[k] < map[k + 1]);
            widest = std::max(widest, double(map[k + 1]) - double(map[k]));
        }
        QVERIFY(((storedMax - trueMax).abs() <= q.absmaxScale.max() * (widest / 2) + 1e-7).all().item<bool>());
        // And the error is not trivially small: quantisation really happened.
        QVERIFY(error.max().item<double>() > 1e-4);
    }

    void oddSizesAndZeroBlocks() {
        auto w = torch::zeros({5, 13});
        w[4][12] = 0.75;
        const auto q = model::quantizeNf4(w);
        QCOMPARE(q.codes.numel(), std::int64_t(64));  // 65 values -> 2 blocks of 64 codes
        const auto back = q.dequantize(torch::kFloat32);
        QVERIFY(!back.isnan().any().item<bool>());
        QCOMPARE(back.sizes().vec(), (std::vector<std::int64_t>{5, 13}));
        QVERIFY(back.narrow(0, 0, 4).abs().max().item<float>() == 0.0f);
        QVERIFY(std::abs(back[4][12].item<float>() - 0.75f) < 0.75f / 127);
    }

    void residentMemoryIsUnderAQuarterOfBf16() {
        const auto q = model::quantizeNf4(torch::randn({1024, 1024}));
        const double ratio = double(q.residentBytes()) / (1024.0 * 1024.0 * 2);
        QVERIFY2(ratio <= 0.27, std::to_string(ratio).c_str());
        QVERIFY(ratio > 0.25);  // 4 bits plus the block maxima
    }

    void modelLoadsWithNf4Weights() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("tiny").toStdString();
        model::TinyModelSpec spec;
        spec.hidden = 64;
        spec.intermediate = 128;
        model::makeTinyModel(path, {loadCorpus(std::string(CCI_DEMO_DIR) + "/demo_dev.json")}, spec);
        const auto dense = model::LlamaModel::load(path);
        model::RuntimeOptions options;
        options.nf4 = true;
        const auto packed = model::LlamaModel::load(path, options);
        const double ratio = packed->linearWeightBytes() / (dense->linearWeightBytes() / 2);  // against bf16
        QVERIFY2(ratio <= 0.27, std::to_string(ratio).c_str());
        QVERIFY(packed->weightBytes() < dense->weightBytes());
        // Same shapes, nearby logits: NF4 perturbs the weights, it does not break the model.
        const std::vector<tok::TokenId> ids = {1, 5, 9, 14, 20, 33};
        const auto a = dense->allLogits(ids), b = packed->allLogits(ids);
        QCOMPARE(a.size(), b.size());
        double diff = 0, scale = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            diff = std::max(diff, double(std::abs(a[i] - b[i])));
            scale = std::max(scale, double(std::abs(a[i])));
        }
        QVERIFY2(diff > 0 && diff < 0.5 * scale, (std::to_string(diff) + " of " + std::to_string(scale)).c_str());
    }
};

QTEST_GUILESS_MAIN(TestNf4)
#include "test_nf4.moc"
