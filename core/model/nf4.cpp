// NF4 quantisation (see nf4.h).
#include "model/nf4.h"

namespace cci::model {

const std::array<float, 16>& nf4Levels() {
    static const std::array<float, 16> levels = {
        -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f, -0.28444138169288635f,
        -0.18477343022823334f, -0.09105003625154495f, 0.0f, 0.07958029955625534f, 0.16093020141124725f,
        0.24611230194568634f, 0.33791524171829224f, 0.44070982933044434f, 0.5626170039176941f,
        0.7229568362236023f, 1.0f};
    return levels;
}

namespace {

torch::Tensor levelsTensor(const torch::Device& device) {
    const auto& l = nf4Levels();
    return torch::tensor(std::vector<float>(l.begin(), l.end()), torch::kFloat32).to(device);
}

// The two levels of every byte value, [256, 2]: one lookup per byte instead of one per code.
torch::Tensor bytePairTable(const torch::Device& device) {
    std::vector<float> table(512);
    for (int b = 0; b < 256; ++b) {
        table[std::size_t(2 * b)] = nf4Levels()[std::size_t(b >> 4)];
        table[std::size_t(2 * b + 1)] = nf4Levels()[std::size_t(b & 15)];
    }
    return torch::tensor(table, torch::kFloat32).view({256, 2}).to(device);
}

}  // namespace

Nf4Weight quantizeNf4(const torch::Tensor& weight) {
    torch::NoGradGuard noGrad;
    Nf4Weight q;
    q.shape = weight.sizes().vec();
    q.numel = weight.numel();
    const auto device = weight.device();
    const std::int64_t blocks = (q.numel + kNf4BlockSize - 1) / kNf4BlockSize;
    auto flat = weight.detach().reshape({-1}).to(torch::kFloat32);
    if (blocks * kNf4BlockSize != q.numel)
        flat = torch::cat({flat, torch::zeros({blocks * kNf4BlockSize - q.numel}, flat.options())});
    const auto blocked = flat.view({blocks, kNf4BlockSize});

    // Double quantisation of the block maxima: centre, then symmetric int8 per 256 maxima.
    const auto absmax = blocked.abs().amax(1);
    q.absmaxMean = absmax.mean().item<float>();
    const std::int64_t groups = (blocks + kNf4AbsmaxBlockSize - 1) / kNf4AbsmaxBlockSize;
    auto centred = absmax - q.absmaxMean;
    if (groups * kNf4AbsmaxBlockSize != blocks)
        centred = torch::cat({centred, torch::zeros({groups * kNf4AbsmaxBlockSize - blocks}, centred.options())});
    const auto grouped = centred.view({groups, kNf4AbsmaxBlockSize});
    q.absmaxScale = grouped.abs().amax(1) / 127.0f;
    const auto safeScale = torch::where(q.absmaxScale > 0, q.absmaxScale, torch::ones_like(q.absmaxScale));
    q.absmaxCodes = (grouped / safeScale.unsqueeze(1)).round().clamp(-127, 127).to(torch::kInt8).view({-1}).narrow(0, 0, blocks).contiguous();

    // Codes against the maxima as they will be read back, so dequantisation uses exactly the scale coded against.
    const auto stored = q.absmax();
    const auto safeMax = torch::where(stored > 0, stored, torch::ones_like(stored));
    const auto normalised = (blocked / safeMax.unsqueeze(1)).clamp(-1.0, 1.0);
    const auto levels = levelsTensor(device);
    const auto midpoints = (levels.narrow(0, 0, 15) + levels.narrow(0, 1, 15)) / 2;
    const auto codes = torch::bucketize(normalised, midpoints, /*out_int32=*/false, /*right=*/false).to(torch::kUInt8);
    const auto pairs = codes.view({-1, 2});
    q.codes = (pairs.select(1, 0).bitwise_left_shift(4)).bitwise_or(pairs.select(1, 1)).contiguous();
    q.pairTable = bytePairTable(device);  // built once here: dequantize() runs on every forward pass
    return q;
}

torch::Tensor Nf4Weight::absmax() const {
    const std::int64_t blocks = absmaxCodes.size(0);
    const auto scale = absmaxScale.repeat_interleave(kNf4AbsmaxBlockSize).narrow(0, 0, blocks);
    return absmaxCodes.to(torch::kFloat32) * scale + absmaxMean;
}

torch::Tensor Nf4Weight::dequantize(torch::ScalarType dtype) const {
    torch::NoGradGuard noGrad;
    const auto values = pairTable.index_select(0, codes.to(torch::kInt64)).view({-1, kNf4BlockSize});
    return (values * absmax().unsqueeze(1)).view({-1}).narrow(0, 0, numel).view(shape).to(dtype);
}

std::int64_t Nf4Weight::residentBytes() const {
    return codes.numel() + absmaxCodes.numel() + absmaxScale.numel() * 4 + 4;
}

}  // namespace cci::model
