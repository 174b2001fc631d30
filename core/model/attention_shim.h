// The one place where libtorch versions differ for the model: causal scaled dot-product attention with grouped
// key/value heads, optionally a sliding window, a scale other than 1/sqrt(head_dim) and soft-capped scores (Gemma).
// libtorch 2.x (CUDA builds) uses at::scaled_dot_product_attention where it can (no soft-capping); 1.13 (Debian,
// CPU) and soft-capped scores get the math written out, in query blocks that skip the keys a causal mask hides and
// without copying the shared key/value heads. Included only by .cpp files that already include libtorch.
#pragma once

#include <torch/torch.h>

namespace cci::model {

struct AttentionOptions {
    double scale = 0;         // scores = scale * q.k; 0: 1/sqrt(head_dim)
    double softcap = 0;       // > 0: scores = softcap * tanh(scores / softcap) before the mask
    std::int64_t window = 0;  // > 0: the query at position p sees only keys p - window < j <= p
    // All queries in one product (cheap backward) instead of query blocks (less work and memory for inference); the
    // same choice whether or not gradients are being recorded, so a recomputed layer (gradient checkpointing) matches
    // its first pass bit for bit.
    bool training = false;
};

// q [B, H, T, D]; k, v [B, KV, S, D] with S = past + T and H a multiple of KV; query i (position past + i) sees
// keys 0 .. past + i (within the window). Softmax in fp32; returns [B, H, T, D] in q's dtype.
torch::Tensor causalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, std::int64_t past,
                              const AttentionOptions& options = {});

}  // namespace cci::model
