// Attention across libtorch versions (see attention_shim.h).
#include "model/attention_shim.h"

#include <torch/version.h>

#include <cmath>
#include <limits>

namespace cci::model {

namespace {

torch::Tensor causalMask(std::int64_t rows, std::int64_t columns, std::int64_t firstPosition,
                         const torch::Device& device, torch::ScalarType type = torch::kFloat32) {
    // Row r is position firstPosition + r: it sees columns 0 .. firstPosition + r.
    return torch::full({rows, columns}, -std::numeric_limits<float>::infinity(),
                       torch::TensorOptions().dtype(type).device(device))
        .triu(firstPosition + 1);
}

}  // namespace

torch::Tensor causalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, std::int64_t past,
                              bool training) {
    const auto B = q.size(0), H = q.size(1), T = q.size(2), D = q.size(3), KV = k.size(1), S = k.size(2);
    const auto repeat = H / KV;
#if TORCH_VERSION_MAJOR >= 2
    (void)training;  // the fused kernel serves both
    (void)D;
    // Attention from position 0 is plain causal attention: is_causal lets CUDA use its flash kernel. Queries after a
    // cached prefix (scoring) see the prefix too, which needs the explicit mask.
    // (An undefined tensor would still count as a mask given: pass no mask at all.)
    const bool fromStart = past == 0 && T == S;
#if TORCH_VERSION_MAJOR > 2 || TORCH_VERSION_MINOR >= 5
    // Grouped-query attention without copying k and v per query head.
    const bool gqa = repeat > 1;
    if (fromStart) return at::scaled_dot_product_attention(q, k, v, c10::nullopt, 0.0, true, c10::nullopt, gqa);
    return at::scaled_dot_product_attention(q, k, v, causalMask(T, S, past, q.device()).to(q.scalar_type()), 0.0, false,
                                            c10::nullopt, gqa);
#else
    auto kr = repeat > 1 ? k.repeat_interleave(repeat, 1) : k;
    auto vr = repeat > 1 ? v.repeat_interleave(repeat, 1) : v;
    if (fromStart) return at::scaled_dot_product_attention(q, kr, vr, c10::nullopt, 0.0, true);
    return at::scaled_dot_product_attention(q, kr, vr, causalMask(T, S, past, q.device()).to(q.scalar_type()));
#endif
#else
    const double scale = 1.0 / std::sqrt(static_cast<double>(D));
    // Scores and softmax in fp32 (double when the model runs in double, for gradient checks).
    const auto compute = q.scalar_type() == torch::kFloat64 ? torch::kFloat64 : torch::kFloat32;
    // Queries grouped by their key/value head: [B*KV, repeat, T, D]; keys transposed once: [B*KV, D, S].
    const auto qg = q.reshape({B * KV, repeat, T, D});
    const auto kt = k.reshape({B * KV, S, D}).transpose(1, 2).contiguous();
    const auto vg = v.reshape({B * KV, S, D});
    if (training) {
        // Training: one masked product for all queries. Its backward is three batched products, where query blocks
        // (below) would each zero-fill full-size gradient buffers for their slices of q, k and v.
        auto mask = causalMask(T, S, past, q.device(), compute).repeat({repeat, 1});
        auto scores = torch::baddbmm(mask.expand({B * KV, repeat * T, S}),
                                     qg.reshape({B * KV, repeat * T, D}).to(compute), kt.to(compute), 1.0, scale);
        auto probs = torch::softmax(scores, -1).to(q.scalar_type());
        return torch::bmm(probs, vg).view({B, KV, repeat, T, D}).reshape({B, H, T, D});
    }
    auto out = torch::empty({B * KV, repeat, T, D}, q.options());
    const std::int64_t block = 128;
    for (std::int64_t i0 = 0; i0 < T; i0 += block) {
        const auto n = std::min(block, T - i0);
        const auto visible = past + i0 + n;  // keys any query of this block may see
        const auto qb = qg.narrow(2, i0, n).reshape({B * KV, repeat * n, D});
        auto mask = causalMask(n, visible, past + i0, q.device(), compute).repeat({repeat, 1});
        auto scores = torch::baddbmm(mask.expand({B * KV, repeat * n, visible}), qb.to(compute),
                                     kt.narrow(2, 0, visible).to(compute), 1.0, scale);
        auto probs = torch::softmax(scores, -1).to(q.scalar_type());
        out.narrow(2, i0, n).copy_(torch::bmm(probs, vg.narrow(1, 0, visible)).view({B * KV, repeat, n, D}));
    }
    return out.view({B, H, T, D});
#endif
}

}  // namespace cci::model
