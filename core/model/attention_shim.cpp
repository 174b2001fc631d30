// Attention across libtorch versions (see attention_shim.h).
#include "model/attention_shim.h"

#include <cmath>

namespace cci::model {

torch::Tensor scaledDotProductAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                        const torch::Tensor& additiveMask) {
#if TORCH_VERSION_MAJOR >= 2
    return at::scaled_dot_product_attention(q, k, v, additiveMask.to(q.scalar_type()));
#else
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    auto scores = torch::matmul(q, k.transpose(-2, -1)).mul_(scale);
    scores = scores.to(torch::kFloat32).add_(additiveMask);
    auto probs = torch::softmax(scores, -1).to(q.scalar_type());
    return torch::matmul(probs, v);
#endif
}

}  // namespace cci::model
