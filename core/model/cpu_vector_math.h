// The element-wise steps of the CPU inference path (model/cpu_inference), each one fused pass over a row instead
// of a chain of libtorch operations: the attention softmax with its causal mask, RMSNorm, and the SiLU gate of the
// MLP. Vectorised with AVX-512 or AVX2 where the CPU has them (chosen once at run time), scalar otherwise; exp to
// within a few ulp of std::exp. tests/core/test_cpu_inference.cpp holds every variant to libtorch's results.
#pragma once

#include <cstdint>

namespace cci::model {

// Softmax of row[0, visible) in place; row[visible, columns) - causally masked - becomes 0.
void softmaxRowInPlace(float* row, std::int64_t visible, std::int64_t columns);

// out = weight * x / sqrt(mean(x^2) + eps) over n values (Hugging Face's LlamaRMSNorm in fp32).
void rmsNormRow(const float* x, const float* weight, float eps, float* out, std::int64_t n);

// gate = silu(gate) * up = gate / (1 + exp(-gate)) * up over n values.
void siluGateInPlace(float* gate, const float* up, std::int64_t n);

// The instruction set these functions use on this CPU: "AVX-512", "AVX2" or "scalar".
const char* vectorInstructionSet();

// For tests: make the functions above use `instructionSet` ("AVX-512", "AVX2", "scalar"); false (and no change)
// when this CPU cannot run it. Not for use while other threads call them.
bool useVectorInstructionSet(const char* instructionSet);

}  // namespace cci::model
