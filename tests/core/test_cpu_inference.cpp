// The CPU inference path (model/cpu_inference, cpu_vector_math, cpu_gemm) against libtorch: every vectorised
// kernel this CPU can run against the libtorch expression it replaces, and whole forward passes - batched, padded,
// after a shared prefix in the KV cache, with NF4 weights - against the generic forward pass.
#include "corpus/corpus_reader.h"
#include "model/cpu_gemm.h"
#include "model/cpu_vector_math.h"
#include "model/llama_internals.h"
#include "model/tiny_model.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace cci;
using namespace cci::model;

namespace {

std::vector<const char*> runnableInstructionSets() {
    std::vector<const char*> out;
    const std::string best = vectorInstructionSet();
    for (const char* isa : {"scalar", "AVX2", "AVX-512"})
        if (useVectorInstructionSet(isa)) out.push_back(isa);
    useVectorInstructionSet(best.c_str());
    return out;
}

double maxRelativeError(const torch::Tensor& got, const torch::Tensor& want, double floor) {
    return ((got.to(torch::kFloat64) - want.to(torch::kFloat64)).abs() / (want.to(torch::kFloat64).abs() + floor))
        .max()
        .item<double>();
}

// Whether every element of an fp32 product C = beta*C0 + A*B is within the rounding error bound of a dot product of
// length k in any summation order: |error| <= 2 k eps (|A||B|) + eps |beta C0|, elementwise (Higham, Thm 3.5 with
// slack for fused multiply-adds and blocking). Two correct kernels that sum in different orders both stay inside
// it; a wrong index or a dropped term does not. Returns the largest error as a fraction of its bound.
double errorOverBound(const torch::Tensor& got, const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& c0,
                      double beta) {
    const double eps = std::numeric_limits<float>::epsilon();
    const auto a64 = a.to(torch::kFloat64), b64 = b.to(torch::kFloat64);
    const auto want = beta * c0.to(torch::kFloat64) + a64.matmul(b64);
    const auto bound = 2.0 * double(a.size(1)) * eps * a64.abs().matmul(b64.abs()) +
                       eps * (beta * c0.to(torch::kFloat64)).abs() + std::numeric_limits<float>::denorm_min();
    return ((got.to(torch::kFloat64) - want).abs() / bound).max().item<double>();
}

// The generic forward pass (llama_internals.h) - taken whenever gradients are being recorded.
torch::Tensor genericForward(const LlamaModel::Impl& m, const torch::Tensor& ids, KvCache* cache, bool extend) {
    torch::AutoGradMode recording(true);
    if (cpuInferenceApplies(m, (cache ? cache->length : 0) + ids.size(1)))
        throw std::runtime_error("expected the generic path");
    return m.forward(ids, cache, extend).detach();
}

torch::Tensor cpuForward(const LlamaModel::Impl& m, const torch::Tensor& ids, KvCache* cache, bool extend) {
    torch::NoGradGuard noGrad;
    if (!cpuInferenceApplies(m, (cache ? cache->length : 0) + ids.size(1)))
        throw std::runtime_error("expected the CPU inference path");
    return m.forward(ids, cache, extend);
}

}  // namespace

class TestCpuInference : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::string m_model;

private slots:
    void initTestCase() {
        m_model = m_dir.filePath("tiny").toStdString();
        TinyModelSpec spec;
        spec.hidden = 64;
        spec.heads = 8;  // 4 query heads per key/value head
        spec.kvHeads = 2;
        spec.layers = 2;
        makeTinyModel(m_model, {loadCorpus(std::string(CCI_DEMO_DIR) + "/demo_dev.json")}, spec);
        qInfo(
            "vector instruction sets runnable here: %s (default %s); products through %s",
            [] {
                std::string s;
                for (auto* i : runnableInstructionSets()) s += std::string(i) + " ";
                return s;
            }()
                .c_str(),
            vectorInstructionSet(), sgemmBackend());
    }

    void softmaxMatchesLibtorchWithCausalMask() {
        torch::manual_seed(1);
        for (const char* isa : runnableInstructionSets()) {
            QVERIFY(useVectorInstructionSet(isa));
            for (const std::int64_t columns : {1, 7, 16, 17, 63, 300}) {
                for (const std::int64_t visible : {std::int64_t(1), (columns + 1) / 2, columns}) {
                    // Scores over a wide range, as attention produces them, plus one far below the rest.
                    auto row = (torch::randn({columns}) * 12).contiguous();
                    if (visible > 2) row[1] = -1e4f;
                    auto mine = row.clone();
                    softmaxRowInPlace(mine.data_ptr<float>(), visible, columns);
                    const auto want = torch::softmax(row.narrow(0, 0, visible), 0);
                    QVERIFY2(maxRelativeError(mine.narrow(0, 0, visible), want, 1e-30) < 2e-6,
                             qPrintable(QString("%1: %2 of %3").arg(isa).arg(visible).arg(columns)));
                    QCOMPARE(mine.narrow(0, visible, columns - visible).abs().sum().item<float>(), 0.0f);
                }
            }
        }
        useVectorInstructionSet(runnableInstructionSets().back());
    }

    void rmsNormAndSiluGateMatchLibtorch() {
        torch::manual_seed(2);
        for (const char* isa : runnableInstructionSets()) {
            QVERIFY(useVectorInstructionSet(isa));
            for (const std::int64_t n : {1, 15, 64, 100, 1376}) {
                const auto x = torch::randn({n}) * 3, weight = torch::randn({n});
                auto out = torch::empty({n});
                rmsNormRow(x.data_ptr<float>(), weight.data_ptr<float>(), 1e-5f, out.data_ptr<float>(), n);
                const auto wantNorm = weight * (x * torch::rsqrt(x.pow(2).mean() + 1e-5));
                QVERIFY2(maxRelativeError(out, wantNorm, 1e-6) < 2e-6, isa);

                // Gate values from -120 to 120: exp over- and underflows at both ends.
                auto gate = torch::linspace(-120, 120, n) + torch::randn({n}) * 0.1;
                const auto up = torch::randn({n});
                const auto wantGate = torch::silu(gate) * up;
                siluGateInPlace(gate.data_ptr<float>(), up.data_ptr<float>(), n);
                QVERIFY2(maxRelativeError(gate, wantGate, 1e-6) < 2e-6, isa);
            }
        }
        useVectorInstructionSet(runnableInstructionSets().back());
    }

    void sgemmMatchesLibtorch() {
        torch::manual_seed(3);
        const auto a = torch::randn({37, 24}), bT = torch::randn({19, 24}), b = torch::randn({24, 19});
        auto c = torch::randn({37, 19});
        const auto before = c.clone();
        sgemm(true, 37, 19, 24, a.data_ptr<float>(), 24, bT.data_ptr<float>(), 24, 1.0f, c.data_ptr<float>(), 19);
        QVERIFY(errorOverBound(c, a, bT.t(), before, 1.0) <= 1.0);
        sgemm(false, 37, 19, 24, a.data_ptr<float>(), 24, b.data_ptr<float>(), 19, 0.0f, c.data_ptr<float>(), 19);
        QVERIFY(errorOverBound(c, a, b, before, 0.0) <= 1.0);
        // The bound is tight enough to catch a real mistake: one product term left out is far outside it.
        auto wrong = a.matmul(b);
        wrong[5][7] -= a[5][3] * b[3][7];
        QVERIFY(errorOverBound(wrong, a, b, before, 0.0) > 1.0);
    }

    void forwardEqualsGenericPath_data() {
        QTest::addColumn<bool>("nf4");
        QTest::newRow("fp32 weights") << false;
        QTest::newRow("NF4 weights") << true;
    }

    void forwardEqualsGenericPath() {
        QFETCH(bool, nf4);
        RuntimeOptions options;
        options.nf4 = nf4;
        const auto model = LlamaModel::load(m_model, options);
        const auto& m = model->internals();
        torch::manual_seed(4);
        // Three sequences of 150 tokens (more than one attention block), as a padded batch would hold them.
        const auto ids = torch::randint(3, m.cfg.vocab, {3, 150}, torch::kInt64);
        const auto want = genericForward(m, ids, nullptr, false);
        QVERIFY(maxRelativeError(cpuForward(m, ids, nullptr, false), want, 1e-2) < 1e-4);

        // A prefix of 40 tokens in the cache (batch 1, shared by all three), then the rest, then one more token.
        const auto prefix = ids.narrow(0, 0, 1).narrow(1, 0, 40);
        KvCache genericCache, cpuCache;
        QVERIFY(maxRelativeError(cpuForward(m, prefix, &cpuCache, true), genericForward(m, prefix, &genericCache, true),
                                 1e-2) < 1e-4);
        QCOMPARE(cpuCache.length, genericCache.length);
        const auto rest = ids.narrow(1, 40, 110);
        KvCache genericShared = genericCache, cpuShared = cpuCache;
        QVERIFY(maxRelativeError(cpuForward(m, rest, &cpuShared, true), genericForward(m, rest, &genericShared, true),
                                 1e-2) < 1e-4);
        for (std::size_t l = 0; l < m.layers.size(); ++l) {
            QCOMPARE(cpuShared.k[l].sizes(), genericShared.k[l].sizes());
            QVERIFY(maxRelativeError(cpuShared.k[l], genericShared.k[l], 1e-2) < 1e-4);
            QVERIFY(maxRelativeError(cpuShared.v[l], genericShared.v[l], 1e-2) < 1e-4);
        }
        const auto next = torch::randint(3, m.cfg.vocab, {3, 1}, torch::kInt64);
        QVERIFY(maxRelativeError(cpuForward(m, next, &cpuShared, false), genericForward(m, next, &genericShared, false),
                                 1e-2) < 1e-4);
    }
};

QTEST_APPLESS_MAIN(TestCpuInference)
#include "test_cpu_inference.moc"
