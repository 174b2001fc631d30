// Single-precision matrix products for the CPU inference path (model/cpu_inference), on raw row-major buffers.
// With oneDNN (libdnnl, which Debian's libtorch itself links) they run through dnnl_sgemm: thread-safe and
// sequential when called inside an OpenMP parallel region, and ~1.6x OpenBLAS's rate on attention-sized products
// called from two threads at once (OpenBLAS serialises its buffer allocation behind a spin lock). Without it (e.g. a
// PyTorch wheel, which links oneDNN statically) the products go through libtorch. No libtorch in this header.
#pragma once

#include <cstdint>

namespace cci::model {

// C = A · op(B) + beta · C for row-major A [M, K] (row stride lda) and C [M, N] (ldc); op(B) = B with B [K, N]
// (ldb), or B^T with B [N, K] (ldb) when `bTransposed`. beta 0 overwrites C, beta 1 accumulates into it.
void sgemm(bool bTransposed, std::int64_t M, std::int64_t N, std::int64_t K, const float* A, std::int64_t lda,
           const float* B, std::int64_t ldb, float beta, float* C, std::int64_t ldc);

// Which library sgemm uses: "oneDNN" or "libtorch".
const char* sgemmBackend();

}  // namespace cci::model
