// LoRA gradient check (see lora_gradient_check.h).
#include "train/lora_gradient_check.h"

#include "model/lora_adapter.h"
#include "model/lora_set.h"
#include "model/trainable_model.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace cci::train {

double loraGradientCheck(const std::string& modelDir, const std::vector<std::int32_t>& ids, std::size_t promptLength,
                         int r, int probes, std::uint64_t seed, bool nf4) {
    torch::manual_seed(seed);
    model::RuntimeOptions options;
    options.float64 = true;
    options.nf4 = nf4;
    auto model = model::LlamaModel::load(modelDir, options);
    const auto& base = model->config();
    // Both factors random (B = 0 would hide A's gradient), on every module, scale 2.
    auto adapters = std::make_shared<model::LoraSet>(std::size_t(base.layers), 2.0, 0.0);
    auto random = [&](const std::string& module) {
        const auto [in, out] = model::loraModuleShape(base, module);
        auto a = (torch::randn({r, in}, torch::kFloat64) * 0.1).requires_grad_(true);
        auto b = (torch::randn({out, r}, torch::kFloat64) * 0.1).requires_grad_(true);
        return model::LoraWeights{a, b};
    };
    for (int l = 0; l < base.layers; ++l)
        for (const auto& module : model::allLoraModules())
            if (module != "lm_head") adapters->set(l, module, random(module));
    adapters->set(-1, "lm_head", random("lm_head"));
    model::attachAdapters(*model, adapters);
    std::vector<torch::Tensor> parameters = adapters->parameters();
    const double count = double(ids.size() - promptLength);
    auto lossOf = [&] { return model::answerLossSum(*model, ids, promptLength) / count; };
    lossOf().backward();
    std::mt19937_64 pick(seed);
    double worst = 0;
    for (int k = 0; k < probes; ++k) {
        auto& p = parameters[pick() % parameters.size()];
        const auto index = std::int64_t(pick() % std::uint64_t(p.numel()));
        const double analytic = p.grad().view({-1})[index].item<double>();
        const double eps = 1e-5;
        torch::NoGradGuard noGrad;
        auto flat = p.view({-1});
        const double original = flat[index].item<double>();
        flat[index].fill_(original + eps);
        const double up = lossOf().item<double>();
        flat[index].fill_(original - eps);
        const double down = lossOf().item<double>();
        flat[index].fill_(original);
        const double numeric = (up - down) / (2 * eps);
        worst = std::max(worst, std::abs(analytic - numeric) / std::max({std::abs(analytic), std::abs(numeric), 1e-6}));
    }
    return worst;
}

}  // namespace cci::train
