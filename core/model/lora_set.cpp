// LoraSet (see lora_set.h).
#include "model/lora_set.h"

#include "util/problem.h"

#include <cmath>

namespace cci::model {

LoraSet::LoraSet(std::size_t layers, double scale, double dropout)
    : m_layers(layers), m_scale(scale), m_dropout(dropout) {}

std::shared_ptr<LoraSet> LoraSet::fresh(const LlamaConfig& base, const std::vector<std::string>& modules, int r,
                                        double scale, double dropout, const torch::Device& device, bool dora) {
    auto set = std::make_shared<LoraSet>(std::size_t(base.layers), scale, dropout);
    set->m_dora = dora;
    auto make = [&](const std::string& module) {
        const auto [in, out] = loraModuleShape(base, module);
        const double bound = 1.0 / std::sqrt(double(in));
        auto a = torch::empty({r, in}, torch::kFloat32).uniform_(-bound, bound).to(device).requires_grad_(true);
        auto b =
            torch::zeros({out, r}, torch::TensorOptions().dtype(torch::kFloat32).device(device)).requires_grad_(true);
        torch::Tensor magnitude;
        if (dora)
            magnitude =
                torch::zeros({out}, torch::TensorOptions().dtype(torch::kFloat32).device(device)).requires_grad_(true);
        return LoraWeights{a, b, magnitude};
    };
    // Layer by layer in the order the modules are listed (the random stream of the published runs' initialisation).
    for (int l = 0; l < base.layers; ++l)
        for (const auto& module : modules)
            if (module != "lm_head") set->set(l, module, make(module));
    for (const auto& module : modules)
        if (module == "lm_head") set->set(-1, module, make(module));
    return set;
}

void LoraSet::initDoraMagnitudes(const std::function<torch::Tensor(int layer, const std::string& module)>& weightOf) {
    torch::NoGradGuard noGrad;
    auto init = [&](int layer, const std::string& module, LoraWeights& w) {
        const auto weight = weightOf(layer, module).to(torch::kFloat32);
        const auto merged = weight + torch::matmul(w.b.detach(), w.a.detach()).to(weight.device()) * m_scale;
        w.magnitude.copy_(torch::linalg_vector_norm(merged, 2, {1}, false, torch::kFloat32));
    };
    for (std::size_t l = 0; l < m_layers.size(); ++l)
        for (auto& [module, w] : m_layers[l]) init(int(l), module, w);
    if (m_head) init(-1, "lm_head", *m_head);
}

void LoraSet::set(int layer, const std::string& module, LoraWeights weights) {
    if (layer < 0) {
        m_head = std::move(weights);
        return;
    }
    if (std::size_t(layer) >= m_layers.size()) m_layers.resize(std::size_t(layer) + 1);
    m_layers[std::size_t(layer)][module] = std::move(weights);
}

const LoraWeights* LoraSet::find(std::size_t layer, std::string_view module) const {
    if (layer >= m_layers.size()) return nullptr;
    const auto it = m_layers[layer].find(module);
    return it == m_layers[layer].end() ? nullptr : &it->second;
}

bool LoraSet::empty() const { return moduleCount() == 0; }

std::size_t LoraSet::moduleCount() const {
    std::size_t n = m_head ? 1 : 0;
    for (const auto& layer : m_layers) n += layer.size();
    return n;
}

std::vector<torch::Tensor> LoraSet::layerParameters(std::size_t layer) const {
    std::vector<torch::Tensor> out;
    if (layer < m_layers.size())
        for (const auto& [_, w] : m_layers[layer]) {
            out.insert(out.end(), {w.a, w.b});
            if (w.magnitude.defined()) out.push_back(w.magnitude);
        }
    return out;
}

std::vector<torch::Tensor> LoraSet::parameters() const {
    std::vector<torch::Tensor> out;
    for (std::size_t l = 0; l < m_layers.size(); ++l) {
        const auto layer = layerParameters(l);
        out.insert(out.end(), layer.begin(), layer.end());
    }
    if (m_head) {
        out.insert(out.end(), {m_head->a, m_head->b});
        if (m_head->magnitude.defined()) out.push_back(m_head->magnitude);
    }
    return out;
}

torch::Tensor mergedWeight(const torch::Tensor& weight, const LoraDelta& d) {
    const auto a = torch::from_blob(const_cast<float*>(d.a.data()), {d.rank, d.in}, torch::kFloat32);
    const auto b = torch::from_blob(const_cast<float*>(d.b.data()), {d.out, d.rank}, torch::kFloat32);
    auto merged = weight.to(torch::kFloat32) + torch::matmul(b.to(weight.device()), a.to(weight.device())) * d.scale;
    if (d.magnitude.empty()) return merged;
    const auto magnitude =
        torch::from_blob(const_cast<float*>(d.magnitude.data()), {d.out}, torch::kFloat32).to(weight.device());
    return merged * (magnitude / torch::linalg_vector_norm(merged, 2, {1}, false, torch::kFloat32)).unsqueeze(1);
}

void LoraSet::copyFrom(const std::vector<LoraDelta>& deltas, const std::string& origin) {
    std::size_t loaded = 0;
    torch::NoGradGuard noGrad;
    for (const auto& d : deltas) {
        if (!d.magnitude.empty() && !m_dora)
            throw Error(origin +
                        ": a DoRA adapter (use_dora) cannot start a LoRA run: its magnitude vectors would "
                        "have no place in it (train with --use-dora)");
        if (d.magnitude.empty() && m_dora)
            throw Error(origin + ": a LoRA adapter cannot start a DoRA run: it has no magnitude vectors");
        const LoraWeights* w = d.layer < 0 ? head() : find(std::size_t(d.layer), d.module);
        if (!w) throw Error(origin + ": the adapter has " + d.module + " weights the run does not train");
        if (w->a.size(0) != d.rank)
            throw Error(origin + ": " + d.module + " has rank " + std::to_string(d.rank) + ", the run's is " +
                        std::to_string(w->a.size(0)));
        w->a.copy_(torch::from_blob(const_cast<float*>(d.a.data()), {d.rank, d.in}, torch::kFloat32));
        w->b.copy_(torch::from_blob(const_cast<float*>(d.b.data()), {d.out, d.rank}, torch::kFloat32));
        if (m_dora)
            w->magnitude.copy_(torch::from_blob(const_cast<float*>(d.magnitude.data()), {d.out}, torch::kFloat32));
        ++loaded;
    }
    if (loaded != moduleCount())
        throw Error(origin + ": " + std::to_string(loaded) + " of the run's " + std::to_string(moduleCount()) +
                    " LoRA modules are in the adapter");
}

std::vector<LoraDelta> LoraSet::deltas() const {
    auto floats = [](const torch::Tensor& t) {
        const auto c = t.detach().to(torch::kCPU, torch::kFloat32).contiguous();
        const float* p = c.data_ptr<float>();
        return std::vector<float>(p, p + c.numel());
    };
    std::vector<LoraDelta> out;
    auto add = [&](int layer, const std::string& module, const LoraWeights& w) {
        LoraDelta d;
        d.layer = layer;
        d.module = module;
        d.rank = w.a.size(0);
        d.in = w.a.size(1);
        d.out = w.b.size(0);
        d.scale = m_scale;
        d.a = floats(w.a);
        d.b = floats(w.b);
        if (w.magnitude.defined()) d.magnitude = floats(w.magnitude);
        out.push_back(std::move(d));
    };
    for (std::size_t l = 0; l < m_layers.size(); ++l)
        for (const auto& [module, w] : m_layers[l]) add(int(l), module, w);
    if (m_head) add(-1, "lm_head", *m_head);
    return out;
}

}  // namespace cci::model
