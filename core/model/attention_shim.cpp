// Attention across libtorch versions (see attention_shim.h).
#include "model/attention_shim.h"

#include <torch/version.h>

#include <cmath>
#include <limits>

namespace cci::model {

namespace {

// The additive mask [rows, columns]: row r is position firstPosition + r and sees columns up to that position and,
// with a window, more recent than firstPosition + r - window.
torch::Tensor causalMask(std::int64_t rows, std::int64_t columns, std::int64_t firstPosition, std::int64_t window,
                         const torch::Device& device, torch::ScalarType type = torch::kFloat32) {
    const auto options = torch::TensorOptions().dtype(type).device(device);
    auto mask = torch::full({rows, columns}, -std::numeric_limits<float>::infinity(), options).triu(firstPosition + 1);
    if (window > 0 && firstPosition + rows - 1 - window >= 0)
        mask =
            mask +
            torch::full({rows, columns}, -std::numeric_limits<float>::infinity(), options).tril(firstPosition - window);
    return mask;
}

// The attention written out (see the header): scores and softmax in fp32 (double when the model runs in double, for
// gradient checks).
torch::Tensor mathAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, std::int64_t past,
                            const AttentionOptions& o) {
    const auto B = q.size(0), H = q.size(1), T = q.size(2), D = q.size(3), KV = k.size(1), S = k.size(2);
    const auto repeat = H / KV;
    const double scale = o.scale > 0 ? o.scale : 1.0 / std::sqrt(static_cast<double>(D));
    const auto compute = q.scalar_type() == torch::kFloat64 ? torch::kFloat64 : torch::kFloat32;
    // Queries grouped by their key/value head: [B*KV, repeat, T, D]; keys transposed once: [B*KV, D, S].
    const auto qg = q.reshape({B * KV, repeat, T, D});
    const auto kt = k.reshape({B * KV, S, D}).transpose(1, 2).contiguous();
    const auto vg = v.reshape({B * KV, S, D});
    // Masked, scaled (and capped) scores of queries [B*KV, rows, D] against the first `visible` keys.
    auto scores = [&](const torch::Tensor& queries, const torch::Tensor& mask, std::int64_t visible) {
        const auto rows = queries.size(1);
        const auto keys = kt.narrow(2, 0, visible).to(compute);
        if (o.softcap <= 0)
            return torch::baddbmm(mask.expand({B * KV, rows, visible}), queries.to(compute), keys, 1.0, scale);
        const auto raw = torch::bmm(queries.to(compute), keys) * scale;
        return torch::tanh(raw / o.softcap) * o.softcap + mask;
    };
    if (o.training) {
        // Training: one masked product for all queries. Its backward is three batched products, where query blocks
        // (below) would each zero-fill full-size gradient buffers for their slices of q, k and v.
        auto mask = causalMask(T, S, past, o.window, q.device(), compute).repeat({repeat, 1});
        auto probs = torch::softmax(scores(qg.reshape({B * KV, repeat * T, D}), mask, S), -1).to(q.scalar_type());
        return torch::bmm(probs, vg).view({B, KV, repeat, T, D}).reshape({B, H, T, D});
    }
    auto out = torch::empty({B * KV, repeat, T, D}, q.options());
    const std::int64_t block = 128;
    for (std::int64_t i0 = 0; i0 < T; i0 += block) {
        const auto n = std::min(block, T - i0);
        const auto visible = past + i0 + n;  // keys any query of this block may see
        const auto qb = qg.narrow(2, i0, n).reshape({B * KV, repeat * n, D});
        auto mask = causalMask(n, visible, past + i0, o.window, q.device(), compute).repeat({repeat, 1});
        auto probs = torch::softmax(scores(qb, mask, visible), -1).to(q.scalar_type());
        out.narrow(2, i0, n).copy_(torch::bmm(probs, vg.narrow(1, 0, visible)).view({B * KV, repeat, n, D}));
    }
    return out.view({B, H, T, D});
}

}  // namespace

torch::Tensor causalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, std::int64_t past,
                              const AttentionOptions& options) {
#if TORCH_VERSION_MAJOR >= 2
    // The fused kernel serves training and inference alike; soft-capped scores are not among what it computes.
    if (options.softcap > 0) return mathAttention(q, k, v, past, options);
    const auto H = q.size(1), T = q.size(2), KV = k.size(1), S = k.size(2);
    const auto repeat = H / KV;
    const c10::optional<double> scale =
        options.scale > 0 ? c10::optional<double>(options.scale) : c10::optional<double>();
    // Attention from position 0 is plain causal attention: is_causal lets CUDA use its flash kernel. Queries after a
    // cached prefix (scoring) see the prefix too, and a window that cuts into the keys hides some: both need the
    // explicit mask. (An undefined tensor would still count as a mask given: pass no mask at all.)
    const bool windowCuts = options.window > 0 && S > options.window;
    const bool fromStart = past == 0 && T == S && !windowCuts;
    const auto mask = [&] { return causalMask(T, S, past, options.window, q.device()).to(q.scalar_type()); };
#if TORCH_VERSION_MAJOR > 2 || TORCH_VERSION_MINOR >= 5
    // Grouped-query attention without copying k and v per query head.
    const bool gqa = repeat > 1;
    if (fromStart) return at::scaled_dot_product_attention(q, k, v, c10::nullopt, 0.0, true, scale, gqa);
    return at::scaled_dot_product_attention(q, k, v, mask(), 0.0, false, scale, gqa);
#else
    auto kr = repeat > 1 ? k.repeat_interleave(repeat, 1) : k;
    auto vr = repeat > 1 ? v.repeat_interleave(repeat, 1) : v;
    if (fromStart) return at::scaled_dot_product_attention(q, kr, vr, c10::nullopt, 0.0, true, scale);
    return at::scaled_dot_product_attention(q, kr, vr, mask(), 0.0, false, scale);
#endif
#else
    return mathAttention(q, k, v, past, options);
#endif
}

}  // namespace cci::model
