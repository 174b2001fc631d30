// Matrix products of the CPU inference path (see cpu_gemm.h).
#include "model/cpu_gemm.h"

#include "util/problem.h"

#ifdef CCI_WITH_DNNL
#include <oneapi/dnnl/dnnl.h>
#else
#include <torch/torch.h>
#endif

#include <string>

namespace cci::model {

void sgemm(bool bTransposed, std::int64_t M, std::int64_t N, std::int64_t K, const float* A, std::int64_t lda,
           const float* B, std::int64_t ldb, float beta, float* C, std::int64_t ldc) {
    if (M == 0 || N == 0) return;
#ifdef CCI_WITH_DNNL
    const auto status = dnnl_sgemm('N', bTransposed ? 'T' : 'N', M, N, K, 1.0f, A, lda, B, ldb, beta, C, ldc);
    if (status != dnnl_success)
        throw Error("oneDNN sgemm failed (status " + std::to_string(int(status)) + ") on a " + std::to_string(M) + "x" +
                    std::to_string(K) + " by " + std::to_string(K) + "x" + std::to_string(N) + " product");
#else
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    const auto a = torch::from_blob(const_cast<float*>(A), {M, K}, {lda, 1}, f32);
    const auto b = bTransposed ? torch::from_blob(const_cast<float*>(B), {N, K}, {ldb, 1}, f32).t()
                               : torch::from_blob(const_cast<float*>(B), {K, N}, {ldb, 1}, f32);
    auto c = torch::from_blob(C, {M, N}, {ldc, 1}, f32);
    if (beta == 0.0f)
        at::mm_out(c, a, b);
    else
        c.addmm_(a, b, beta, 1.0f);
#endif
}

const char* sgemmBackend() {
#ifdef CCI_WITH_DNNL
    return "oneDNN";
#else
    return "libtorch";
#endif
}

}  // namespace cci::model
