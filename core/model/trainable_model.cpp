// The training side of LlamaModel (see trainable_model.h).
#include "model/trainable_model.h"

#include "model/llama_internals.h"

namespace cci::model {

void attachAdapters(LlamaModel& model, std::shared_ptr<const LoraSet> adapters) {
    auto& m = model.internals();
    for (auto* t : {&m.embed, &m.finalNorm, &m.lmHead}) t->set_requires_grad(false);
    m.adapters = std::move(adapters);
}

void setTrainingMode(LlamaModel& model, const TrainingMode& mode) {
    auto& m = model.internals();
    m.training = mode.on;
    m.neftuneAlpha = mode.neftuneAlpha;
    m.gradientCheckpointing = mode.gradientCheckpointing;
}

torch::Device modelDevice(const LlamaModel& model) { return model.internals().device; }

void initDoraMagnitudes(const LlamaModel& model, LoraSet& adapters) {
    const auto& m = model.internals();
    adapters.initDoraMagnitudes([&](int layer, const std::string& module) {
        return layer < 0 ? m.lmHead : m.moduleWeight(std::size_t(layer), module);
    });
}

torch::Tensor answerLossSum(const LlamaModel& model, const std::vector<tok::TokenId>& ids, std::size_t promptLength) {
    const auto& m = model.internals();
    const auto all =
        torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), torch::kInt64).view({1, -1}).to(m.device);
    const auto hidden = m.forward(all, nullptr, false)[0];  // [T, hidden]
    const auto from = std::int64_t(promptLength) - 1, count = std::int64_t(ids.size() - promptLength);
    auto logits = m.headLogits(hidden.narrow(0, from, count));
    if (logits.scalar_type() != torch::kFloat64) logits = logits.to(torch::kFloat32);
    return torch::nn::functional::cross_entropy(
        logits, all[0].narrow(0, from + 1, count),
        torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
}

}  // namespace cci::model
