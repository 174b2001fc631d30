// LlamaModel (see llama_model.h). The equations follow Hugging Face's implementations of each family.
#include "model/llama_model.h"

#include "system/system_info.h"

#include "model/attention_shim.h"
#include "model/llama_internals.h"
#include "model/lora_adapter.h"
#include "model/safetensors.h"
#include "model/weight_names.h"
#include "system/device_spec.h"
#include "util/problem.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>

namespace cci::model {

LlamaModel::LlamaModel() : m_impl(std::make_unique<Impl>()) {}
LlamaModel::~LlamaModel() = default;

const LlamaConfig& LlamaModel::config() const { return m_impl->cfg; }
LlamaModel::Impl& LlamaModel::internals() { return *m_impl; }
const LlamaModel::Impl& LlamaModel::internals() const { return *m_impl; }
std::string LlamaModel::deviceName() const { return m_impl->device.str(); }
double LlamaModel::weightBytes() const { return m_impl->weightBytes; }
double LlamaModel::linearWeightBytes() const { return m_impl->linearWeightBytes; }

std::unique_ptr<LlamaModel> LlamaModel::load(const std::string& folder, const RuntimeOptions& options) {
    std::unique_ptr<LlamaModel> model(new LlamaModel());
    auto& m = *model->m_impl;
    m.cfg = readLlamaConfig(folder + "/config.json");
    setComputeThreads(options.threads);
    if (const DeviceSpec device = parseDevice(options.device); device.cuda) {
        if (!torch::cuda::is_available())
            throw Error("--device " + options.device + ": this build of libtorch has no CUDA, or no GPU is visible");
        m.device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(device.index));
        m.dtype = torch::kBFloat16;
    } else if (options.float64) {
        m.dtype = torch::kFloat64;
    }
    torch::NoGradGuard noGrad;
    WeightStore store(folder);
    const auto& c = m.cfg;
    // A PEFT adapter's modules_to_save copies take the place of the base model's tensors as they load.
    std::optional<LoraAdapter> adapter;
    if (!options.adapterDir.empty()) {
        adapter = readLoraAdapter(options.adapterDir);
        adapter->overlaySavedModules(store, c);
    }
    const std::int64_t H = c.hidden, qDim = std::int64_t(c.heads) * c.headDim,
                       kvDim = std::int64_t(c.kvHeads) * c.headDim;
    const WeightNames names = weightNames(c, [&](const std::string& name) { return store.find(name) != nullptr; });
    m.embed = m.loadTensor(store, names.embed, {c.vocab, H});
    m.finalNorm = m.loadTensor(store, names.finalNorm, {H});
    if (c.tieEmbeddings || !store.find(names.lmHead)) {
        if (!c.tieEmbeddings) throw Error(folder + ": lm_head.weight is missing and tie_word_embeddings is false");
        m.lmHead = m.embed;
    } else {
        m.lmHead = m.loadTensor(store, names.lmHead, {c.vocab, H});
    }
    // The forward pass's form of a layer: fused q|k|v and gate|up, or (QLoRA) each linear weight as NF4.
    auto quantized = [](const torch::Tensor& w) { return std::make_shared<const Nf4Weight>(quantizeNf4(w)); };
    auto pack = [&](Layer& L) {
        const double before = double(L.q.numel() + L.k.numel() + L.v.numel() + L.o.dense.numel() + L.gate.numel() +
                                     L.up.numel() + L.down.dense.numel()) *
                              double(L.o.dense.element_size());
        if (options.nf4) {
            // QLoRA: each Hugging Face linear weight as NF4; the dense copies go.
            L.qkv.nf4 = {quantized(L.q), quantized(L.k), quantized(L.v)};
            L.gateUp.nf4 = {quantized(L.gate), quantized(L.up)};
            L.o.nf4 = {quantized(L.o.dense)};
            L.down.nf4 = {quantized(L.down.dense)};
            L.o.dense = L.down.dense = torch::Tensor();
        } else {
            L.qkv.dense = torch::cat({L.q, L.k, L.v}, 0);
            L.gateUp.dense = torch::cat({L.gate, L.up}, 0);
        }
        L.q = L.k = L.v = L.gate = L.up = torch::Tensor();  // the fused or quantised copies replace them
        double after = 0;
        for (const FrozenLinear* w : {&L.qkv, &L.o, &L.gateUp, &L.down}) after += double(w->residentBytes());
        m.weightBytes += after - before;
        m.linearWeightBytes += after;
    };
    for (int i = 0; i < c.layers; ++i) {
        const std::string p = names.layerPrefix(i);
        Layer L;
        const LayerNormNames& norms = names.norms;
        const std::pair<torch::Tensor*, const std::string*> slots[] = {{&L.attnNorm, &norms.beforeAttention},
                                                                       {&L.mlpNorm, &norms.beforeMlp},
                                                                       {&L.attnOutNorm, &norms.afterAttention},
                                                                       {&L.mlpOutNorm, &norms.afterMlp}};
        for (const auto& [slot, name] : slots)
            if (!name->empty()) *slot = m.loadTensor(store, p + *name + ".weight", {H});
        auto module = [&](const char* name, const char* kind) { return names.modulePath(i, name) + kind; };
        L.q = m.loadTensor(store, module("q_proj", ".weight"), {qDim, H});
        L.k = m.loadTensor(store, module("k_proj", ".weight"), {kvDim, H});
        L.v = m.loadTensor(store, module("v_proj", ".weight"), {kvDim, H});
        L.o.dense = m.loadTensor(store, module("o_proj", ".weight"), {H, qDim});
        L.gate = m.loadTensor(store, module("gate_proj", ".weight"), {c.intermediate, H});
        L.up = m.loadTensor(store, module("up_proj", ".weight"), {c.intermediate, H});
        L.down.dense = m.loadTensor(store, module("down_proj", ".weight"), {H, c.intermediate});
        if (c.qkvBias)
            L.qkvBias = torch::cat({m.loadTensor(store, module("q_proj", ".bias"), {qDim}),
                                    m.loadTensor(store, module("k_proj", ".bias"), {kvDim}),
                                    m.loadTensor(store, module("v_proj", ".bias"), {kvDim})});
        if (c.oBias) L.oBias = m.loadTensor(store, module("o_proj", ".bias"), {H});
        if (c.qkNorm) {
            L.qNorm = m.loadTensor(store, p + "self_attn.q_norm.weight", {c.headDim});
            L.kNorm = m.loadTensor(store, p + "self_attn.k_norm.weight", {c.headDim});
        }
        if (options.nf4) pack(L);  // at once: the dense copies of one layer at a time, not of the whole model
        m.layers.push_back(std::move(L));
    }
    if (adapter) {
        adapter->checkSavedBaseLayers(store, names);
        std::shared_ptr<LoraSet> beside;  // on an NF4 base: B already scaled, so the set's scale is 1
        if (options.nf4) beside = std::make_shared<LoraSet>(m.layers.size(), 1.0, 0.0);
        for (const auto& delta : adapter->deltas(c)) {
            auto a = torch::from_blob(const_cast<float*>(delta.a.data()), {delta.rank, delta.in}, torch::kFloat32);
            auto b = torch::from_blob(const_cast<float*>(delta.b.data()), {delta.out, delta.rank}, torch::kFloat32);
            if (options.nf4) {
                // On an NF4 base the adapter stays beside the quantised weights, as PEFT applies it to a 4-bit model.
                // DoRA's magnitudes stay beside too: the forward pass rescales each row by magnitude / ||W + B A||.
                torch::Tensor magnitude;
                if (!delta.magnitude.empty())
                    magnitude =
                        torch::from_blob(const_cast<float*>(delta.magnitude.data()), {delta.out}, torch::kFloat32)
                            .to(m.device, torch::kFloat32)
                            .clone();  // from_blob on the CPU: the adapter's buffer goes after loading
                LoraWeights w{a.to(m.device, m.dtype).clone(), (b * delta.scale).to(m.device, m.dtype), magnitude};
                // A scoring adapter does not change: its DoRA row norms once here, not in every forward pass.
                if (magnitude.defined())
                    w.rowNorm = Impl::doraRowNorm(
                        delta.layer < 0 ? m.lmHead : m.moduleWeight(std::size_t(delta.layer), delta.module), w, 1.0);
                beside->set(delta.layer, delta.module, std::move(w));
                continue;
            }
            torch::Tensor* target = nullptr;
            if (delta.layer < 0) {
                if (m.lmHead.data_ptr() == m.embed.data_ptr()) m.lmHead = m.embed.clone();
                target = &m.lmHead;
            } else {
                Layer& L = m.layers[static_cast<std::size_t>(delta.layer)];
                const std::string& mod = delta.module;
                target = mod == "q_proj"      ? &L.q
                         : mod == "k_proj"    ? &L.k
                         : mod == "v_proj"    ? &L.v
                         : mod == "o_proj"    ? &L.o.dense
                         : mod == "gate_proj" ? &L.gate
                         : mod == "up_proj"   ? &L.up
                                              : &L.down.dense;
            }
            *target = mergedWeight(*target, delta).to(m.device, m.dtype);
        }
        m.adapters = beside;
    }
    if (!options.nf4)
        for (Layer& L : m.layers) pack(L);
    return model;
}

torch::Tensor LlamaModel::Impl::moduleWeight(std::size_t l, std::string_view module) const {
    const Layer& L = layers[l];
    const std::int64_t qDim = std::int64_t(cfg.heads) * cfg.headDim, kvDim = std::int64_t(cfg.kvHeads) * cfg.headDim;
    // One block of a fused projection: rows of the dense weight, or (NF4) that module's own quantised block alone.
    const auto part = [&](const FrozenLinear& w, std::size_t index, std::int64_t first, std::int64_t rows) {
        return w.nf4.empty() ? w.dense.narrow(0, first, rows) : w.nf4[index]->dequantize(dtype);
    };
    if (module == "q_proj") return part(L.qkv, 0, 0, qDim);
    if (module == "k_proj") return part(L.qkv, 1, qDim, kvDim);
    if (module == "v_proj") return part(L.qkv, 2, qDim + kvDim, kvDim);
    if (module == "o_proj") return L.o.weight(dtype);
    if (module == "gate_proj") return part(L.gateUp, 0, 0, cfg.intermediate);
    if (module == "up_proj") return part(L.gateUp, 1, cfg.intermediate, cfg.intermediate);
    if (module == "down_proj") return L.down.weight(dtype);
    throw Error("no frozen weight for module " + std::string(module));
}

torch::Tensor LlamaModel::Impl::moduleBias(std::size_t l, std::string_view module) const {
    const Layer& L = layers[l];
    const std::int64_t qDim = std::int64_t(cfg.heads) * cfg.headDim, kvDim = std::int64_t(cfg.kvHeads) * cfg.headDim;
    if (!L.qkvBias.defined() && module != "o_proj") return {};
    if (module == "q_proj") return L.qkvBias.narrow(0, 0, qDim);
    if (module == "k_proj") return L.qkvBias.narrow(0, qDim, kvDim);
    if (module == "v_proj") return L.qkvBias.narrow(0, qDim + kvDim, kvDim);
    if (module == "o_proj") return L.oBias;
    return {};
}

std::vector<float> LlamaModel::allLogits(const std::vector<tok::TokenId>& ids) const {
    return allLogitsWithCache(ids, 0);
}

std::vector<float> LlamaModel::allLogitsWithCache(const std::vector<tok::TokenId>& ids, std::size_t split) const {
    torch::NoGradGuard noGrad;
    const auto& m = *m_impl;
    auto all = m.idsTensor(ids);
    torch::Tensor hidden;
    if (split == 0 || split >= ids.size()) {
        hidden = m.forward(all, nullptr, false);
    } else {
        KvCache cache;
        auto first = m.forward(all.narrow(1, 0, std::int64_t(split)), &cache, true);
        auto rest = m.forward(all.narrow(1, std::int64_t(split), std::int64_t(ids.size() - split)), &cache, true);
        hidden = torch::cat({first, rest}, 1);
    }
    auto logits = m.headLogits(hidden[0]).to(torch::kCPU, torch::kFloat32).contiguous();
    return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
}

std::vector<std::vector<float>> LlamaModel::lastLogits(const std::vector<std::vector<tok::TokenId>>& prompts,
                                                       const std::vector<tok::TokenId>& candidates,
                                                       const ScoreOptions& options, const ProgressFn& progress) const {
    torch::NoGradGuard noGrad;
    const auto& m = *m_impl;
    std::vector<std::vector<float>> out(prompts.size());
    if (prompts.empty()) return out;
    for (const auto& p : prompts)
        if (p.empty()) throw Error("cannot score an empty prompt");
    // The prefix every prompt shares, leaving at least one token of each prompt to run in the batch.
    std::size_t prefix = 0;
    if (options.sharePrefix && prompts.size() > 1) {
        std::size_t shortest = prompts.front().size();
        for (const auto& p : prompts) shortest = std::min(shortest, p.size());
        while (prefix + 1 < shortest && std::all_of(prompts.begin(), prompts.end(),
                                                    [&](const auto& p) { return p[prefix] == prompts[0][prefix]; }))
            ++prefix;
    }
    KvCache prefixCache;
    CpuWorkspace workspace;  // buffers of the CPU path, reused by every batch
    if (prefix > 0) {
        std::vector<tok::TokenId> head(prompts[0].begin(), prompts[0].begin() + std::ptrdiff_t(prefix));
        m.forward(m.idsTensor(head), &prefixCache, true, &workspace);
    }
    std::vector<std::int64_t> rows(candidates.begin(), candidates.end());
    const auto candidateRows = torch::tensor(rows, torch::kInt64).to(m.device);
    std::vector<std::size_t> order(prompts.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return prompts[a].size() < prompts[b].size(); });
    const std::size_t batch = std::size_t(std::max(1, options.batchSize));
    for (std::size_t start = 0; start < order.size(); start += batch) {
        const std::size_t count = std::min(batch, order.size() - start);
        std::size_t longest = 0;
        for (std::size_t k = 0; k < count; ++k) longest = std::max(longest, prompts[order[start + k]].size() - prefix);
        std::vector<std::int64_t> ids(count * longest, 0);
        std::vector<std::int64_t> last(count);
        for (std::size_t k = 0; k < count; ++k) {
            const auto& p = prompts[order[start + k]];
            for (std::size_t t = prefix; t < p.size(); ++t) {
                if (p[t] < 0 || p[t] >= m.cfg.vocab)
                    throw Error("token id " + std::to_string(p[t]) + " is outside the vocabulary");
                ids[k * longest + (t - prefix)] = p[t];
            }
            last[k] = std::int64_t(p.size() - prefix - 1);
        }
        auto idsT = torch::tensor(ids, torch::kInt64).view({std::int64_t(count), std::int64_t(longest)}).to(m.device);
        KvCache cache = prefixCache;  // shares the tensors; nothing is appended
        auto hidden = m.forward(idsT, prefix > 0 ? &cache : nullptr, false, &workspace);
        auto lastT = torch::tensor(last, torch::kInt64).to(m.device);
        auto picked = hidden.index({torch::arange(std::int64_t(count), torch::kInt64).to(m.device), lastT});
        auto logits = m.headLogits(picked, candidateRows).to(torch::kCPU, torch::kFloat32).contiguous();
        torch::Tensor summary;  // (count, 2): log-sum-exp over the vocabulary, arg-max token
        if (options.vocabularySummary) {
            const auto all = m.headLogits(picked).to(torch::kFloat32);
            summary = torch::stack({torch::logsumexp(all, -1), all.argmax(-1).to(torch::kFloat32)}, 1)
                          .to(torch::kCPU)
                          .contiguous();
        }
        for (std::size_t k = 0; k < count; ++k) {
            const float* row = logits.data_ptr<float>() + k * candidates.size();
            auto& target = out[order[start + k]];
            target.assign(row, row + candidates.size());
            if (summary.defined())
                target.insert(target.end(), summary.data_ptr<float>() + 2 * k, summary.data_ptr<float>() + 2 * k + 2);
        }
        if (progress && !progress({"score", start + count, order.size()})) return {};
    }
    return out;
}

}  // namespace cci::model
