// Test tool for the NF4 conformance test against bitsandbytes: quantises every tensor of a safetensors file with the
// workbench's NF4 and prints, as JSON, the packed 4-bit codes (bitsandbytes' ceil(n / 2) bytes), the 8-bit codes of
// the block maxima, their group scales and offset, the dequantised values, and the 8-bit dynamic map.
// Usage: nf4_codes WEIGHTS.safetensors
#include "model/nf4.h"
#include "model/safetensors.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace {

template <typename T>
std::vector<T> values(const torch::Tensor& t) {
    const auto c = t.contiguous().to(torch::kCPU);
    return std::vector<T>(c.data_ptr<T>(), c.data_ptr<T>() + c.numel());
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: nf4_codes WEIGHTS.safetensors\n";
        return 2;
    }
    try {
        const cci::model::SafetensorsFile file(argv[1]);
        const auto& map = cci::model::dynamicMap8Bit();
        nlohmann::json out = {{"map", std::vector<float>(map.begin(), map.end())},
                              {"tensors", nlohmann::json::object()}};
        for (const auto& [name, view] : file.tensors()) {
            const auto dtype = view.dtype == cci::model::DType::F32    ? torch::kFloat32
                               : view.dtype == cci::model::DType::BF16 ? torch::kBFloat16
                                                                       : torch::kFloat16;
            const auto weight = torch::from_blob(const_cast<std::byte*>(view.data), view.shape, dtype).clone();
            const auto q = cci::model::quantizeNf4(weight);
            const auto codes = values<std::uint8_t>(q.codes);
            out["tensors"][name] = {
                {"codes", std::vector<int>(codes.begin(), codes.begin() + std::ptrdiff_t((q.numel + 1) / 2))},
                {"absmax_codes", values<std::uint8_t>(q.absmaxCodes)},
                {"absmax_scale", values<float>(q.absmaxScale)},
                {"offset", q.absmaxMean},
                {"absmax", values<float>(q.absmax())},
                {"dequantized", values<float>(q.dequantize(weight.scalar_type()).to(torch::kFloat32).reshape({-1}))},
            };
        }
        std::cout << out.dump() << '\n';
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    return 0;
}
