// The one place where libtorch versions differ for the model: scaled dot-product attention. libtorch 2.x (CUDA
// builds) has at::scaled_dot_product_attention with fused kernels; 1.13 (Debian, CPU) gets the same math written out.
// Included only by .cpp files that already include libtorch.
#pragma once

#include <torch/torch.h>

namespace cci::model {

// q [B, H, T, D], k/v [B, H, S, D], additiveMask [T, S] (0 or -inf) broadcast over batch and heads.
// Softmax in fp32; the result has q's dtype.
torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                        const torch::Tensor& additiveMask);

}  // namespace cci::model
