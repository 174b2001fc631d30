// NF4 quantisation (see nf4.h).
#include "model/nf4.h"

#include <algorithm>
#include <cmath>

namespace cci::model {

const std::array<float, 16>& nf4Levels() {
    static const std::array<float, 16> levels = {-1.0f,
                                                 -0.6961928009986877f,
                                                 -0.5250730514526367f,
                                                 -0.39491748809814453f,
                                                 -0.28444138169288635f,
                                                 -0.18477343022823334f,
                                                 -0.09105003625154495f,
                                                 0.0f,
                                                 0.07958029955625534f,
                                                 0.16093020141124725f,
                                                 0.24611230194568634f,
                                                 0.33791524171829224f,
                                                 0.44070982933044434f,
                                                 0.5626170039176941f,
                                                 0.7229568362236023f,
                                                 1.0f};
    return levels;
}

namespace {

// torch.linspace(start, end, steps) in float32, element by element as the PyTorch wheel computes it on the CPU: a
// float step, then each value from the nearer end with one rounding (a fused multiply-add), the first half from
// `start`, the rest from `end`.
std::vector<float> linspaceFloat(float start, float end, int steps) {
    std::vector<float> out(static_cast<std::size_t>(steps));
    const float step = (end - start) / float(steps - 1);
    const int halfway = steps / 2;
    for (int i = 0; i < steps; ++i)
        out[std::size_t(i)] =
            i < halfway ? std::fma(step, float(i), start) : std::fma(-step, float(steps - i - 1), end);
    return out;
}

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

// The code of one centred block maximum already divided by its group's maximum: the map value at or below it, or
// the one above when strictly nearer. The search sees -1 as the lowest value (the map's own is -0.99297), as
// bitsandbytes' CPU kernel does. 0/0 (a group whose centred maxima are all zero) codes 0.0.
std::uint8_t nearestMapCode(float normed) {
    static const std::array<float, 256> search = [] {
        auto m = dynamicMap8Bit();
        m[0] = -1.0f;
        return m;
    }();
    if (std::isnan(normed)) {
        const auto zero = std::lower_bound(search.begin(), search.end(), 0.0f);
        return std::uint8_t(zero - search.begin());
    }
    auto idx = std::upper_bound(search.begin(), search.end(), normed) - search.begin() - 1;
    if (idx < 0) idx = 0;
    if (idx < 255 && std::fabs(normed - search[std::size_t(idx + 1)]) < std::fabs(normed - search[std::size_t(idx)]))
        ++idx;
    return std::uint8_t(idx);
}

}  // namespace

const std::array<float, 256>& dynamicMap8Bit() {
    // 7 exponent bits, signed: for exponent i = 0..6, the midpoints of linspace(0.1, 1, 2^i + 1) times 10^(i - 6),
    // both signs; then 0 and 1. Computed as bitsandbytes does: float32 linspace and midpoints, each multiplied by
    // the power of ten rounded to float32 (a float32 tensor times a Python number), sorted.
    static const std::array<float, 256> map = [] {
        std::vector<float> data;
        for (int i = 0; i < 7; ++i) {
            const auto b = linspaceFloat(0.1f, 1.0f, (1 << i) + 1);
            const float power = float(std::pow(10.0, double(i - 6)));
            for (std::size_t k = 0; k + 1 < b.size(); ++k) {
                const float mean = (b[k] + b[k + 1]) / 2.0f;
                data.push_back(power * mean);
                data.push_back(-power * mean);
            }
        }
        data.push_back(0.0f);
        data.push_back(1.0f);
        std::sort(data.begin(), data.end());
        std::array<float, 256> out{};
        std::copy(data.begin(), data.end(), out.begin());
        return out;
    }();
    return map;
}

Nf4Weight quantizeNf4(const torch::Tensor& weight) {
    torch::NoGradGuard noGrad;
    Nf4Weight q;
    q.shape = weight.sizes().vec();
    q.numel = weight.numel();
    const auto device = weight.device();
    const std::int64_t blocks = (q.numel + kNf4BlockSize - 1) / kNf4BlockSize;
    const std::int64_t rest = q.numel % kNf4BlockSize;
    auto flat = weight.detach().reshape({-1}).to(torch::kFloat32);
    if (blocks * kNf4BlockSize != q.numel)
        flat = torch::cat({flat, torch::zeros({blocks * kNf4BlockSize - q.numel}, flat.options())});
    const auto blocked = flat.view({blocks, kNf4BlockSize});

    // 4-bit codes against the true block maxima: times the reciprocal, except a partial last block, divided.
    const auto absmax = blocked.abs().amax(1);
    const auto safeMax = absmax.clamp_min(1e-38f);
    auto normalised = blocked * (1.0f / safeMax).unsqueeze(1);
    if (rest) normalised[blocks - 1] = blocked[blocks - 1] / safeMax[blocks - 1];
    normalised = normalised.clamp(-1.0, 1.0);
    const auto levels = levelsTensor(device);
    const auto midpoints = (levels.narrow(0, 0, 15) + levels.narrow(0, 1, 15)) / 2;
    const auto codes = torch::bucketize(normalised, midpoints, /*out_int32=*/false, /*right=*/false).to(torch::kUInt8);
    const auto pairs = codes.view({-1, 2});
    q.codes = (pairs.select(1, 0).bitwise_left_shift(4)).bitwise_or(pairs.select(1, 1)).contiguous();

    // Double quantisation of the block maxima (on the CPU: one value per 64 weights).
    const auto maxima = absmax.to(torch::kCPU).contiguous();
    q.absmaxMean = maxima.mean().item<float>();
    const std::int64_t groups = (blocks + kNf4AbsmaxBlockSize - 1) / kNf4AbsmaxBlockSize;
    std::vector<float> scales(std::size_t(groups), 0.0f);
    std::vector<std::uint8_t> maxCodes(static_cast<std::size_t>(blocks));
    const float* m = maxima.data_ptr<float>();
    for (std::int64_t g = 0; g < groups; ++g) {
        const std::int64_t begin = g * kNf4AbsmaxBlockSize, end = std::min(blocks, begin + kNf4AbsmaxBlockSize);
        float groupMax = 0.0f;
        for (std::int64_t i = begin; i < end; ++i) groupMax = std::fmax(groupMax, std::fabs(m[i] - q.absmaxMean));
        scales[std::size_t(g)] = groupMax;
        for (std::int64_t i = begin; i < end; ++i)
            maxCodes[std::size_t(i)] = nearestMapCode((m[i] - q.absmaxMean) / groupMax);
    }
    q.absmaxScale = torch::tensor(scales, torch::kFloat32).to(device);
    q.absmaxCodes = torch::from_blob(maxCodes.data(), {blocks}, torch::kUInt8).clone().to(device);
    // Lookup tables built once here: dequantize() runs on every forward pass.
    q.pairTable = bytePairTable(device);
    const auto& map = dynamicMap8Bit();
    q.mapTable = torch::tensor(std::vector<float>(map.begin(), map.end()), torch::kFloat32).to(device);
    return q;
}

torch::Tensor Nf4Weight::absmax() const {
    const std::int64_t blocks = absmaxCodes.size(0);
    const auto scale = absmaxScale.repeat_interleave(kNf4AbsmaxBlockSize).narrow(0, 0, blocks);
    return mapTable.index_select(0, absmaxCodes.to(torch::kInt64)) * scale + absmaxMean;
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
