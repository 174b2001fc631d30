// NF4 quantisation of frozen linear weights (QLoRA), in bitsandbytes' format bit for bit (quantize_4bit with
// blocksize 64, quant_type "nf4", compress_statistics): the 16 NormalFloat levels, blocks of 64 values scaled by
// their absolute maximum, nearest-level codes packed two per byte (first element in the high nibble), and the
// block maxima quantised again ("double quantisation": their mean subtracted, then 8-bit codes into bitsandbytes'
// signed dynamic map, scaled by the absolute maximum of each group of 256). Weights are dequantised on the fly in
// the compute dtype.
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
// The 256 values of the signed 8-bit dynamic map (bitsandbytes' create_dynamic_map(signed=True)), increasing;
// the block maxima are coded into it.
const std::array<float, 256>& dynamicMap8Bit();

struct Nf4Weight {
    std::vector<std::int64_t> shape;  // of the original weight, e.g. [out, in]
    std::int64_t numel = 0;
    torch::Tensor codes;        // uint8 [ceil(numel / 64) * 32]: two 4-bit codes per byte; bytes past ceil(numel / 2)
                                // hold level 0.0 (code 7) and are not part of bitsandbytes' tensor
    torch::Tensor absmaxCodes;  // uint8 [blocks]: (absmax - absmaxMean) / absmaxScale[block / 256] in the dynamic map
    torch::Tensor absmaxScale;  // float32 [ceil(blocks / 256)]: the largest |absmax - absmaxMean| of each group
    float absmaxMean = 0;       // the mean of the block maxima (bitsandbytes' offset)
    torch::Tensor pairTable;    // float32 [256, 2]: the two levels of each byte value, on the codes' device
    torch::Tensor mapTable;     // float32 [256]: dynamicMap8Bit() on the codes' device

    // The block maxima as stored (after double quantisation), float32 [blocks].
    torch::Tensor absmax() const;
    // The weight in `dtype` on the codes' device.
    torch::Tensor dequantize(torch::ScalarType dtype) const;
    // Bytes held: codes, absmax codes, scales and the mean (the 3 KiB lookup tables aside).
    std::int64_t residentBytes() const;
};

// Quantises a floating-point weight (any shape, any device) as bitsandbytes does: values times the reciprocal of
// their block's maximum (divided by it in a last, partial block), coded by the midpoints between levels (a value on
// a midpoint goes to the lower level); each centred maximum divided by its group's maximum goes to the nearer of the
// two map values around it (the lower on a tie).
Nf4Weight quantizeNf4(const torch::Tensor& weight);

}  // namespace cci::model
