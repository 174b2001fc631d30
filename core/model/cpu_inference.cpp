// The fp32 CPU inference forward pass (see cpu_inference.h). Equations as in llama_internals.h; tests/core/test_model
// and the Python reference tests hold both paths to the same logits.
#include "model/cpu_inference.h"

#include "model/cpu_gemm.h"
#include "model/cpu_vector_math.h"
#include "model/llama_internals.h"
#include "system/blas_threading.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>

namespace cci::model {

namespace {

using Index = std::int64_t;

// fn(begin, end) over [0, count), one contiguous range per thread (row-wise work of equal cost per row).
template <typename Fn>
void forRowRanges(Index count, const Fn& fn) {
    const Index threads = std::max<Index>(1, at::get_num_threads());
    at::parallel_for(0, count, std::max<Index>(1, (count + threads - 1) / threads), fn);
}

// fn(task, worker) for every task in [0, count), handed out one at a time to the threads (tasks of unequal cost);
// `worker` < at::get_num_threads() names the thread's scratch buffers.
template <typename Fn>
void forTasks(Index count, const Fn& fn) {
    std::atomic<Index> next{0};
    const Index workers = std::min<Index>(std::max<Index>(1, at::get_num_threads()), count);
    at::parallel_for(0, workers, 1, [&](Index begin, Index end) {
        for (Index worker = begin; worker < end; ++worker)
            for (Index task = next++; task < count; task = next++) fn(task, worker);
    });
}

// out = (x * cos + rotate_half(x) * sin) * scale for one head of D values, rotate_half(x) = [-x2, x1].
inline void rotate(const float* x, const float* cos, const float* sin, Index D, float scale, float* out) {
    const Index half = D / 2;
    for (Index i = 0; i < half; ++i) out[i] = (x[i] * cos[i] - x[i + half] * sin[i]) * scale;
    for (Index i = half; i < D; ++i) out[i] = (x[i] * cos[i] + x[i - half] * sin[i]) * scale;
}

bool hasSeparateAdapters(const LlamaModel::Impl& m) { return m.adapters && !m.adapters->empty(); }

}  // namespace

torch::Tensor CpuWorkspace::take(torch::Tensor& buffer, std::int64_t rows, std::int64_t columns) {
    const auto needed = rows * columns;
    if (!buffer.defined() || buffer.numel() < needed) buffer = torch::empty({needed}, torch::kFloat32);
    return buffer.narrow(0, 0, needed).view({rows, columns});
}

bool cpuInferenceApplies(const LlamaModel::Impl& m, std::int64_t sequenceEnd) {
    // Other families' layers (biases, q/k norms, Gemma's and EXAONE's norms, activations and caps) and sliding
    // windows that cut into the sequence run through libtorch's path.
    const bool windowCuts = m.cfg.slidingWindow && sequenceEnd > *m.cfg.slidingWindow;
    return m.cfg.plainLlamaLayers() && !windowCuts && m.device.is_cpu() && m.dtype == torch::kFloat32 && !m.training &&
           !torch::GradMode::is_enabled() && !hasSeparateAdapters(m);
}

torch::Tensor cpuInferenceForward(const LlamaModel::Impl& m, const torch::Tensor& ids, KvCache* cache, bool extend,
                                  CpuWorkspace& ws) {
    // Products are called from inside the parallel regions: through libtorch (no oneDNN) they reach the BLAS there.
    const system::SequentialBlasScope sequentialBlas;
    const auto& c = m.cfg;
    const Index B = ids.size(0), T = ids.size(1), M = B * T;
    const Index past = cache ? cache->length : 0;
    const Index H = c.hidden, D = c.headDim, kvHeads = c.kvHeads, group = c.heads / c.kvHeads;
    const Index qDim = Index(c.heads) * D, kvDim = kvHeads * D, width = qDim + 2 * kvDim, I = c.intermediate;
    const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(D)));

    auto x = m.embed.index_select(0, ids.reshape({-1}).to(torch::kInt64));  // [M, H], the residual stream
    const auto [cosT, sinT] = m.rotary(past, T, RopeKind::Global);          // [T, D]
    const auto cosC = cosT.contiguous(), sinC = sinT.contiguous();
    const float* cosP = cosC.data_ptr<float>();
    const float* sinP = sinC.data_ptr<float>();

    const Index S = past + T;  // keys per sequence: the cached prefix, then these
    auto qkv = CpuWorkspace::take(ws.qkv, M, width);
    auto keys = CpuWorkspace::take(ws.keys, B * kvHeads * S, D);  // rotated: [B, kvHeads, S, D]
    auto values = CpuWorkspace::take(ws.values, B * kvHeads * S, D);
    auto merged = CpuWorkspace::take(ws.merged, M, qDim);
    auto gateUp = CpuWorkspace::take(ws.gateUp, M, 2 * I);
    auto normed = CpuWorkspace::take(ws.normed, M, H);
    float* xP = x.data_ptr<float>();
    float* qkvP = qkv.data_ptr<float>();
    float* keysP = keys.data_ptr<float>();
    float* valuesP = values.data_ptr<float>();
    float* mergedP = merged.data_ptr<float>();
    float* gateUpP = gateUp.data_ptr<float>();
    float* normedP = normed.data_ptr<float>();
    const float eps = static_cast<float>(c.rmsEps);

    // Attention tasks: `block` queries of one sequence and one key/value head, with the `group` query heads that
    // share it - rows (query, head) of one product against that head's keys.
    const Index block = std::max<Index>(16, 128 / group);
    const Index blocks = (T + block - 1) / block;
    const Index maxRows = block * group;
    const Index scratchPerThread = maxRows * S + 2 * maxRows * D;  // scores (then probabilities), queries, out
    auto scratch = CpuWorkspace::take(ws.scratch, std::max<Index>(1, at::get_num_threads()), scratchPerThread);
    float* scratchP = scratch.data_ptr<float>();
    for (std::size_t l = 0; l < m.layers.size(); ++l) {
        const Layer& L = m.layers[l];
        // NF4 weights are dequantised here, once per layer and batch.
        const auto wQkv = L.qkv.weight(m.dtype).contiguous(), wO = L.o.weight(m.dtype).contiguous();
        const auto wGateUp = L.gateUp.weight(m.dtype).contiguous(), wDown = L.down.weight(m.dtype).contiguous();
        const auto inputNormW = L.attnNorm.contiguous(), postNormW = L.mlpNorm.contiguous();
        const float* inputNorm = inputNormW.data_ptr<float>();
        const float* postNorm = postNormW.data_ptr<float>();
        if (past > 0) {  // the cached prefix's keys and values ahead of each sequence's own
            keys.view({B, kvHeads, S, D}).narrow(2, 0, past).copy_(cache->k[l].expand({B, -1, -1, -1}));
            values.view({B, kvHeads, S, D}).narrow(2, 0, past).copy_(cache->v[l].expand({B, -1, -1, -1}));
        }

        // Rows: norm, q|k|v, keys rotated and values laid out per head.
        forRowRanges(M, [&](Index r0, Index r1) {
            for (Index r = r0; r < r1; ++r) rmsNormRow(xP + r * H, inputNorm, eps, normedP + r * H, H);
            sgemm(true, r1 - r0, width, H, normedP + r0 * H, H, wQkv.data_ptr<float>(), H, 0.0f, qkvP + r0 * width,
                  width);
            for (Index r = r0; r < r1; ++r) {
                const Index b = r / T, t = r % T;
                const float* src = qkvP + r * width;
                for (Index g = 0; g < kvHeads; ++g) {
                    const Index offset = ((b * kvHeads + g) * S + past + t) * D;
                    rotate(src + qDim + g * D, cosP + t * D, sinP + t * D, D, 1.0f, keysP + offset);
                    std::memcpy(valuesP + offset, src + qDim + kvDim + g * D, std::size_t(D) * sizeof(float));
                }
            }
        });

        // Attention, the later (costlier) blocks first.
        forTasks(B * kvHeads * blocks, [&](Index task, Index worker) {
            const Index blk = blocks - 1 - task % blocks, b = task / blocks / kvHeads, g = task / blocks % kvHeads;
            const Index i0 = blk * block, n = std::min(block, T - i0), rows = n * group, columns = past + i0 + n;
            float* scoresP = scratchP + worker * scratchPerThread;
            float* queriesP = scoresP + maxRows * S;
            float* outP = queriesP + maxRows * D;
            for (Index tl = 0; tl < n; ++tl) {
                const Index t = i0 + tl;
                const float* src = qkvP + (b * T + t) * width + g * group * D;
                for (Index j = 0; j < group; ++j)
                    rotate(src + j * D, cosP + t * D, sinP + t * D, D, scale, queriesP + (tl * group + j) * D);
            }
            const float* headKeys = keysP + (b * kvHeads + g) * S * D;
            const float* headValues = valuesP + (b * kvHeads + g) * S * D;
            sgemm(true, rows, columns, D, queriesP, D, headKeys, D, 0.0f, scoresP, columns);
            // Softmax with the causal mask: query i0 + tl sees keys 0 .. past + i0 + tl.
            for (Index tl = 0; tl < n; ++tl)
                for (Index j = 0; j < group; ++j)
                    softmaxRowInPlace(scoresP + (tl * group + j) * columns, past + i0 + tl + 1, columns);
            sgemm(false, rows, D, columns, scoresP, columns, headValues, D, 0.0f, outP, D);
            // Rows (query, head) to the merged heads of each position: a group's heads are adjacent there.
            for (Index tl = 0; tl < n; ++tl)
                std::memcpy(mergedP + (b * T + i0 + tl) * qDim + g * group * D, outP + tl * group * D,
                            std::size_t(group * D) * sizeof(float));
        });

        // Rows: o into the residual, norm, gate|up, SiLU gate, down into the residual.
        forRowRanges(M, [&](Index r0, Index r1) {
            const Index n = r1 - r0;
            sgemm(true, n, H, qDim, mergedP + r0 * qDim, qDim, wO.data_ptr<float>(), qDim, 1.0f, xP + r0 * H, H);
            for (Index r = r0; r < r1; ++r) rmsNormRow(xP + r * H, postNorm, eps, normedP + r * H, H);
            float* gu = gateUpP + r0 * 2 * I;
            sgemm(true, n, 2 * I, H, normedP + r0 * H, H, wGateUp.data_ptr<float>(), H, 0.0f, gu, 2 * I);
            for (Index r = 0; r < n; ++r) siluGateInPlace(gu + r * 2 * I, gu + r * 2 * I + I, I);
            sgemm(true, n, H, I, gu, 2 * I, wDown.data_ptr<float>(), I, 1.0f, xP + r0 * H, H);
        });

        if (cache && extend) {
            if (cache->k.size() < m.layers.size()) {
                cache->k.resize(m.layers.size());
                cache->v.resize(m.layers.size());
            }
            cache->k[l] = keys.view({B, kvHeads, S, D}).clone();
            cache->v[l] = values.view({B, kvHeads, S, D}).clone();
        }
    }
    if (cache && extend) cache->length = past + T;
    return m.rmsNorm(x, m.finalNorm).view({B, T, H});
}

}  // namespace cci::model
