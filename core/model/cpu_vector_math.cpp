// Fused element-wise steps for CPU inference (see cpu_vector_math.h). exp(x) = 2^n * e^r with n = round(x / ln 2)
// and r = x - n ln 2 (|r| <= ln2 / 2, ln 2 split in two parts for exactness), e^r by its Taylor polynomial to degree
// 7 (truncation below 1e-8 relative). Arguments are clamped to [-87.3, 88.3], where 2^n stays a normal float: the
// values this clamps have probabilities below 1e-38, or SiLU values within 1e-38 of 0 or of x.
#include "model/cpu_vector_math.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CCI_X86 1
#endif

namespace cci::model {

namespace {

using Index = std::int64_t;

constexpr float kLog2e = 1.44269504088896341f, kLn2Hi = 0.693359375f, kLn2Lo = -2.12194440e-4f;
constexpr float kMin = -87.3f, kMax = 88.3f;
// 1/k! for k = 7 .. 2 (Horner from the top), then the r and constant terms.
constexpr float kTaylor[] = {1.0f / 720, 1.0f / 120, 1.0f / 24, 1.0f / 6, 0.5f, 1.0f, 1.0f};
constexpr float kTaylorTop = 1.0f / 5040;
constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// ---- scalar ----

float expClamped(float x) { return std::exp(std::clamp(x, kMin, kMax)); }

void softmaxScalar(float* row, Index visible, Index columns) {
    float top = kNegInf;
    for (Index i = 0; i < visible; ++i) top = std::max(top, row[i]);
    float sum = 0;
    for (Index i = 0; i < visible; ++i) sum += row[i] = expClamped(row[i] - top);
    const float inv = 1.0f / sum;
    for (Index i = 0; i < visible; ++i) row[i] *= inv;
    std::fill(row + visible, row + columns, 0.0f);
}

void rmsNormScalar(const float* x, const float* weight, float eps, float* out, Index n) {
    float squares = 0;
    for (Index i = 0; i < n; ++i) squares += x[i] * x[i];
    const float inv = 1.0f / std::sqrt(squares / float(n) + eps);
    for (Index i = 0; i < n; ++i) out[i] = weight[i] * (x[i] * inv);
}

void siluGateScalar(float* gate, const float* up, Index n) {
    for (Index i = 0; i < n; ++i) gate[i] = gate[i] / (1.0f + expClamped(-gate[i])) * up[i];
}

#ifdef CCI_X86
// ---- AVX-512 ----
// GCC 12 warns inside its own AVX-512 headers (their _mm512_undefined_* placeholders): a known false positive.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#define CCI_AVX512 __attribute__((target("avx512f")))

CCI_AVX512 inline __mmask16 tail16(Index left) { return __mmask16(left >= 16 ? 0xFFFF : (1u << left) - 1); }

CCI_AVX512 inline __m512 exp16(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(kMin)), _mm512_set1_ps(kMax));
    const __m512 n =
        _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(kLog2e)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(kLn2Hi), x);
    r = _mm512_fnmadd_ps(n, _mm512_set1_ps(kLn2Lo), r);
    __m512 p = _mm512_set1_ps(kTaylorTop);
    for (const float c : kTaylor) p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(c));
    return _mm512_scalef_ps(p, n);
}

CCI_AVX512 float lanesMax16(__m512 v) {
    alignas(64) float lanes[16];
    _mm512_store_ps(lanes, v);
    return *std::max_element(lanes, lanes + 16);
}

CCI_AVX512 float lanesSum16(__m512 v) {
    alignas(64) float lanes[16];
    _mm512_store_ps(lanes, v);
    float sum = 0;
    for (const float f : lanes) sum += f;
    return sum;
}

CCI_AVX512 void softmaxAvx512(float* row, Index visible, Index columns) {
    __m512 top = _mm512_set1_ps(kNegInf);
    for (Index i = 0; i < visible; i += 16)
        top = _mm512_max_ps(top, _mm512_mask_loadu_ps(_mm512_set1_ps(kNegInf), tail16(visible - i), row + i));
    const __m512 peak = _mm512_set1_ps(lanesMax16(top));
    __m512 sum = _mm512_setzero_ps();
    for (Index i = 0; i < visible; i += 16) {
        const __mmask16 k = tail16(visible - i);
        const __m512 e = _mm512_maskz_mov_ps(k, exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, row + i), peak)));
        _mm512_mask_storeu_ps(row + i, k, e);
        sum = _mm512_add_ps(sum, e);
    }
    const __m512 inv = _mm512_set1_ps(1.0f / lanesSum16(sum));
    for (Index i = 0; i < visible; i += 16) {
        const __mmask16 k = tail16(visible - i);
        _mm512_mask_storeu_ps(row + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, row + i), inv));
    }
    std::fill(row + visible, row + columns, 0.0f);
}

CCI_AVX512 void rmsNormAvx512(const float* x, const float* weight, float eps, float* out, Index n) {
    __m512 squares = _mm512_setzero_ps();
    for (Index i = 0; i < n; i += 16) {
        const __m512 v = _mm512_maskz_loadu_ps(tail16(n - i), x + i);
        squares = _mm512_fmadd_ps(v, v, squares);
    }
    const __m512 inv = _mm512_set1_ps(1.0f / std::sqrt(lanesSum16(squares) / float(n) + eps));
    for (Index i = 0; i < n; i += 16) {
        const __mmask16 k = tail16(n - i);
        const __m512 v = _mm512_mul_ps(_mm512_maskz_loadu_ps(k, x + i), inv);
        _mm512_mask_storeu_ps(out + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, weight + i), v));
    }
}

CCI_AVX512 void siluGateAvx512(float* gate, const float* up, Index n) {
    const __m512 one = _mm512_set1_ps(1.0f);
    for (Index i = 0; i < n; i += 16) {
        const __mmask16 k = tail16(n - i);
        const __m512 g = _mm512_maskz_loadu_ps(k, gate + i);
        const __m512 s = _mm512_div_ps(g, _mm512_add_ps(one, exp16(_mm512_sub_ps(_mm512_setzero_ps(), g))));
        _mm512_mask_storeu_ps(gate + i, k, _mm512_mul_ps(s, _mm512_maskz_loadu_ps(k, up + i)));
    }
}

#pragma GCC diagnostic pop

// ---- AVX2 ----
#define CCI_AVX2 __attribute__((target("avx2,fma")))

CCI_AVX2 inline __m256 exp8(__m256 x) {
    x = _mm256_min_ps(_mm256_max_ps(x, _mm256_set1_ps(kMin)), _mm256_set1_ps(kMax));
    const __m256 n =
        _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(kLog2e)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Hi), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kLn2Lo), r);
    __m256 p = _mm256_set1_ps(kTaylorTop);
    for (const float c : kTaylor) p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(c));
    // 2^n from its exponent bits: n + 127 in bits 23..30 (n in [-126, 127] after the clamp).
    const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
}

CCI_AVX2 float lanesMax8(__m256 v) {
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, v);
    return *std::max_element(lanes, lanes + 8);
}

CCI_AVX2 float lanesSum8(__m256 v) {
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, v);
    float sum = 0;
    for (const float f : lanes) sum += f;
    return sum;
}

CCI_AVX2 void softmaxAvx2(float* row, Index visible, Index columns) {
    const Index whole = visible / 8 * 8;
    __m256 topV = _mm256_set1_ps(kNegInf);
    for (Index i = 0; i < whole; i += 8) topV = _mm256_max_ps(topV, _mm256_loadu_ps(row + i));
    float top = lanesMax8(topV);
    for (Index i = whole; i < visible; ++i) top = std::max(top, row[i]);
    const __m256 peak = _mm256_set1_ps(top);
    __m256 sumV = _mm256_setzero_ps();
    for (Index i = 0; i < whole; i += 8) {
        const __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(row + i), peak));
        _mm256_storeu_ps(row + i, e);
        sumV = _mm256_add_ps(sumV, e);
    }
    float sum = lanesSum8(sumV);
    for (Index i = whole; i < visible; ++i) sum += row[i] = expClamped(row[i] - top);
    const float inv = 1.0f / sum;
    const __m256 invV = _mm256_set1_ps(inv);
    for (Index i = 0; i < whole; i += 8) _mm256_storeu_ps(row + i, _mm256_mul_ps(_mm256_loadu_ps(row + i), invV));
    for (Index i = whole; i < visible; ++i) row[i] *= inv;
    std::fill(row + visible, row + columns, 0.0f);
}

CCI_AVX2 void rmsNormAvx2(const float* x, const float* weight, float eps, float* out, Index n) {
    const Index whole = n / 8 * 8;
    __m256 squaresV = _mm256_setzero_ps();
    for (Index i = 0; i < whole; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        squaresV = _mm256_fmadd_ps(v, v, squaresV);
    }
    float squares = lanesSum8(squaresV);
    for (Index i = whole; i < n; ++i) squares += x[i] * x[i];
    const float inv = 1.0f / std::sqrt(squares / float(n) + eps);
    const __m256 invV = _mm256_set1_ps(inv);
    for (Index i = 0; i < whole; i += 8)
        _mm256_storeu_ps(out + i,
                         _mm256_mul_ps(_mm256_loadu_ps(weight + i), _mm256_mul_ps(_mm256_loadu_ps(x + i), invV)));
    for (Index i = whole; i < n; ++i) out[i] = weight[i] * (x[i] * inv);
}

CCI_AVX2 void siluGateAvx2(float* gate, const float* up, Index n) {
    const Index whole = n / 8 * 8;
    const __m256 one = _mm256_set1_ps(1.0f);
    for (Index i = 0; i < whole; i += 8) {
        const __m256 g = _mm256_loadu_ps(gate + i);
        const __m256 s = _mm256_div_ps(g, _mm256_add_ps(one, exp8(_mm256_sub_ps(_mm256_setzero_ps(), g))));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(s, _mm256_loadu_ps(up + i)));
    }
    siluGateScalar(gate + whole, up + whole, n - whole);
}
#endif

struct Kernels {
    void (*softmax)(float*, Index, Index);
    void (*rmsNorm)(const float*, const float*, float, float*, Index);
    void (*siluGate)(float*, const float*, Index);
    const char* name;
};

constexpr Kernels kScalar{softmaxScalar, rmsNormScalar, siluGateScalar, "scalar"};

// The kernels for an instruction set, or null when this CPU lacks it.
const Kernels* kernelsFor(const std::string& isa) {
#ifdef CCI_X86
    static constexpr Kernels avx512{softmaxAvx512, rmsNormAvx512, siluGateAvx512, "AVX-512"};
    static constexpr Kernels avx2{softmaxAvx2, rmsNormAvx2, siluGateAvx2, "AVX2"};
    __builtin_cpu_init();
    if (isa == "AVX-512") return __builtin_cpu_supports("avx512f") ? &avx512 : nullptr;
    if (isa == "AVX2") return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? &avx2 : nullptr;
#endif
    return isa == "scalar" ? &kScalar : nullptr;
}

const Kernels* best() {
    for (const char* isa : {"AVX-512", "AVX2"})
        if (const Kernels* k = kernelsFor(isa)) return k;
    return &kScalar;
}

const Kernels* g_kernels = best();

}  // namespace

void softmaxRowInPlace(float* row, std::int64_t visible, std::int64_t columns) {
    g_kernels->softmax(row, visible, columns);
}

void rmsNormRow(const float* x, const float* weight, float eps, float* out, std::int64_t n) {
    g_kernels->rmsNorm(x, weight, eps, out, n);
}

void siluGateInPlace(float* gate, const float* up, std::int64_t n) { g_kernels->siluGate(gate, up, n); }

const char* vectorInstructionSet() { return g_kernels->name; }

bool useVectorInstructionSet(const char* instructionSet) {
    const Kernels* k = kernelsFor(instructionSet);
    if (k) g_kernels = k;
    return k != nullptr;
}

}  // namespace cci::model
