// The one place where libtorch versions differ for the model: causal scaled dot-product attention with grouped
// key/value heads. libtorch 2.x (CUDA builds) uses at::scaled_dot_product_attention; 1.13 (Debian, CPU) gets the
// math written out, in query blocks that skip the keys a causal mask hides and without copying the shared
// key/value heads. Included only by .cpp files that already include libtorch.
#pragma once

#include <torch/torch.h>

namespace cci::model {

// q [B, H, T, D]; k, v [B, KV, S, D] with S = past + T and H a multiple of KV; query i (position past + i) sees
// keys 0 .. past + i. Softmax in fp32; returns [B, H, T, D] in q's dtype. `training`: all queries in one product
// (cheap backward) instead of query blocks (less work and memory for inference); the same choice whether or not
// gradients are being recorded, so a recomputed layer (gradient checkpointing) matches its first pass bit for bit.
torch::Tensor causalAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, std::int64_t past,
                              bool training = false);

}  // namespace cci::model
