// NF4 quantisation of frozen linear weights (QLoRA): the 16 NormalFloat levels, blocks of 64 values scaled by
// their absolute maximum, nearest-level codes packed two per byte (first element in the high nibble), and the
// block maxima themselves quantised again ("double quantisation": their mean subtracted, then symmetric 8-bit
// codes with one fp32 scale per 256 maxima). Weights are dequantised on the fly in the compute dtype.
// Includes libtorch: only .cpp files include this.
#pragma once

#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <vector>

namespace cci::model {

inline constexpr std::int64_t kNf4BlockSize = 64;
inline constexpr std::int64_t kNf4AbsmaxBlockSize = 256;

// The 16 levels in increasing order; code k stands for level k.
const std::array<float, 16>& nf4Levels();

struct Nf4Weight {
    std::vector<std::int64_t> shape;  // of the original weight, e.g. [out, in]
    std::int64_t numel = 0;
    torch::Tensor codes;        // uint8 [ceil(numel / 64) * 32]: two 4-bit codes per byte, zero-padded at the end
    torch::Tensor absmaxCodes;  // int8 [blocks]: (absmax - absmaxMean) / absmaxScale[block / 256], rounded
    torch::Tensor absmaxScale;  // float32 [ceil(blocks / 256)]
    float absmaxMean = 0;
    torch::Tensor pairTable;    // float32 [256, 2]: the two levels of each byte value, on the codes' device

    // The block maxima as stored (after double quantisation), float32 [blocks].
    torch::Tensor absmax() const;
    // The weight in `dtype` on the codes' device.
    torch::Tensor dequantize(torch::ScalarType dtype) const;
    // Bytes held: codes, absmax codes, scales and the mean (the 2 KiB lookup table aside).
    std::int64_t residentBytes() const;
};

// Quantises a floating-point weight (any shape, any device). Ties between two levels go to the lower level.
Nf4Weight quantizeNf4(const torch::Tensor& weight);

}  // namespace cci::model
