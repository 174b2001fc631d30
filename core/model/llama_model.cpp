// LlamaModel (see llama_model.h). The equations follow Hugging Face's Llama implementation.
#include "model/llama_model.h"

#include "model/attention_shim.h"
#include "model/lora_adapter.h"
#include "model/safetensors.h"
#include "util/problem.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cci::model {

namespace {

struct Layer {
    torch::Tensor inputNorm, postNorm, q, k, v, o, gate, up, down;
    torch::Tensor qkv, gateUp;  // fused projections used by the forward pass (q|k|v and gate|up rows)
};

// Per-layer keys and values after the rotary embedding, before the heads are repeated: [B, kvHeads, S, headDim].
struct KvCache {
    std::vector<torch::Tensor> k, v;
    std::int64_t length = 0;
};

torch::ScalarType torchType(DType d) {
    switch (d) {
        case DType::F32: return torch::kFloat32;
        case DType::F16: return torch::kFloat16;
        case DType::BF16: return torch::kBFloat16;
    }
    return torch::kFloat32;
}

}  // namespace

struct LlamaModel::Impl {
    LlamaConfig cfg;
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;
    torch::Tensor embed, finalNorm, lmHead, invFreq;
    std::vector<Layer> layers;
    double weightBytes = 0;

    torch::Tensor loadTensor(const WeightStore& store, const std::string& name, const std::vector<std::int64_t>& shape) {
        const TensorView& view = store.require(name, shape);
        auto t = torch::from_blob(const_cast<std::byte*>(view.data), view.shape,
                                  torch::TensorOptions().dtype(torchType(view.dtype)));
        t = (t.scalar_type() == dtype && device.is_cpu()) ? t.clone() : t.to(device, dtype);
        weightBytes += static_cast<double>(t.numel()) * static_cast<double>(t.element_size());
        return t;
    }

    torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight) const {
        auto h = x.to(torch::kFloat32);
        h = h * torch::rsqrt(h.pow(2).mean(-1, true) + cfg.rmsEps);
        return weight * h.to(dtype);
    }

    // inv_freq for a sequence reaching `seqLen` positions (dynamic scaling depends on it).
    torch::Tensor inverseFrequencies(std::int64_t seqLen) const {
        const auto dim = cfg.headDim;
        double base = cfg.ropeTheta;
        if (cfg.rope.type == RopeScaling::Type::Dynamic && seqLen > cfg.maxPositions) {
            const double f = cfg.rope.factor;
            base = base * std::pow(f * static_cast<double>(seqLen) / static_cast<double>(cfg.maxPositions) - (f - 1.0),
                                   static_cast<double>(dim) / static_cast<double>(dim - 2));
        }
        auto exponents = torch::arange(0, dim, 2, torch::kInt64).to(torch::kFloat32) / static_cast<float>(dim);
        auto inv = 1.0 / torch::pow(torch::tensor(base, torch::kFloat32), exponents);
        if (cfg.rope.type == RopeScaling::Type::Linear) inv = inv / cfg.rope.factor;
        if (cfg.rope.type == RopeScaling::Type::Llama3) {
            const double factor = cfg.rope.factor, low = cfg.rope.lowFreqFactor, high = cfg.rope.highFreqFactor;
            const double old = static_cast<double>(cfg.rope.originalMaxPositions);
            const double lowWavelen = old / low, highWavelen = old / high;
            auto wavelen = 2 * M_PI / inv;
            auto scaled = torch::where(wavelen > lowWavelen, inv / factor, inv);
            auto smooth = (old / wavelen - low) / (high - low);
            auto smoothed = (1 - smooth) * scaled / factor + smooth * scaled;
            auto medium = (wavelen >= highWavelen).logical_and(wavelen <= lowWavelen);
            inv = torch::where(medium, smoothed, scaled);
        }
        return inv;
    }

    // cos/sin [T, headDim] for absolute positions [start, start + T).
    std::pair<torch::Tensor, torch::Tensor> rotary(std::int64_t start, std::int64_t count) const {
        auto inv = inverseFrequencies(start + count);
        auto positions = torch::arange(start, start + count, torch::kInt64).to(torch::kFloat32);
        auto freqs = torch::outer(positions, inv);
        auto emb = torch::cat({freqs, freqs}, -1);
        return {emb.cos().to(device, dtype), emb.sin().to(device, dtype)};
    }

    static torch::Tensor rotateHalf(const torch::Tensor& x) {
        const auto half = x.size(-1) / 2;
        return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    }

    // Runs `ids` [B, T] after `cache` (whose length gives the first position); appends to the cache when
    // `extend`. Returns the final-normed hidden states [B, T, hidden].
    torch::Tensor forward(const torch::Tensor& ids, KvCache* cache, bool extend) const {
        const auto B = ids.size(0), T = ids.size(1);
        const std::int64_t past = cache ? cache->length : 0;
        auto x = embed.index_select(0, ids.reshape({-1})).view({B, T, cfg.hidden});
        auto [cos, sin] = rotary(past, T);
        cos = cos.view({1, 1, T, cfg.headDim});
        sin = sin.view({1, 1, T, cfg.headDim});
        const std::int64_t qDim = std::int64_t(cfg.heads) * cfg.headDim, kvDim = std::int64_t(cfg.kvHeads) * cfg.headDim;
        for (std::size_t l = 0; l < layers.size(); ++l) {
            const Layer& L = layers[l];
            auto h = rmsNorm(x, L.inputNorm);
            auto qkv = torch::linear(h, L.qkv);
            auto q = qkv.narrow(-1, 0, qDim).view({B, T, cfg.heads, cfg.headDim}).transpose(1, 2);
            auto k = qkv.narrow(-1, qDim, kvDim).view({B, T, cfg.kvHeads, cfg.headDim}).transpose(1, 2);
            auto v = qkv.narrow(-1, qDim + kvDim, kvDim).view({B, T, cfg.kvHeads, cfg.headDim}).transpose(1, 2).contiguous();
            q = q * cos + rotateHalf(q) * sin;
            k = k * cos + rotateHalf(k) * sin;
            if (cache && past > 0) {
                auto pk = cache->k[l], pv = cache->v[l];
                if (pk.size(0) != B) {
                    pk = pk.expand({B, -1, -1, -1});
                    pv = pv.expand({B, -1, -1, -1});
                }
                k = torch::cat({pk, k}, 2);
                v = torch::cat({pv, v}, 2);
            }
            if (cache && extend) {
                if (cache->k.size() < layers.size()) {
                    cache->k.resize(layers.size());
                    cache->v.resize(layers.size());
                }
                cache->k[l] = k;
                cache->v[l] = v;
            }
            auto attended = causalAttention(q.contiguous(), k.contiguous(), v, past);
            x = x + torch::linear(attended.transpose(1, 2).reshape({B, T, qDim}), L.o);
            auto h2 = rmsNorm(x, L.postNorm);
            auto gateUp = torch::linear(h2, L.gateUp);
            auto gate = gateUp.narrow(-1, 0, cfg.intermediate);
            x = x + torch::linear(torch::silu(gate).mul_(gateUp.narrow(-1, cfg.intermediate, cfg.intermediate)), L.down);
        }
        if (cache && extend) cache->length = past + T;
        return rmsNorm(x, finalNorm);
    }

    torch::Tensor idsTensor(const std::vector<tok::TokenId>& ids) const {
        for (const auto id : ids)
            if (id < 0 || id >= cfg.vocab)
                throw Error("token id " + std::to_string(id) + " is outside the model's vocabulary of " + std::to_string(cfg.vocab));
        return torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), torch::kInt64).to(device).view({1, -1});
    }
};

LlamaModel::LlamaModel() : m_impl(std::make_unique<Impl>()) {}
LlamaModel::~LlamaModel() = default;

const LlamaConfig& LlamaModel::config() const { return m_impl->cfg; }
std::string LlamaModel::deviceName() const { return m_impl->device.str(); }
double LlamaModel::weightBytes() const { return m_impl->weightBytes; }

std::unique_ptr<LlamaModel> LlamaModel::load(const std::string& folder, const RuntimeOptions& options) {
    std::unique_ptr<LlamaModel> model(new LlamaModel());
    auto& m = *model->m_impl;
    m.cfg = readLlamaConfig(folder + "/config.json");
    if (options.threads > 0) torch::set_num_threads(options.threads);
    if (options.device.rfind("cuda", 0) == 0) {
        if (!torch::cuda::is_available())
            throw Error("--device " + options.device + ": this build of libtorch has no CUDA, or no GPU is visible");
        m.device = torch::Device(options.device);
        m.dtype = torch::kBFloat16;
    } else if (options.device != "cpu") {
        throw Error("unknown device \"" + options.device + "\" (cpu, cuda or cuda:N)");
    }
    torch::NoGradGuard noGrad;
    const WeightStore store(folder);
    const auto& c = m.cfg;
    const std::int64_t H = c.hidden, qDim = std::int64_t(c.heads) * c.headDim, kvDim = std::int64_t(c.kvHeads) * c.headDim;
    m.embed = m.loadTensor(store, "model.embed_tokens.weight", {c.vocab, H});
    m.finalNorm = m.loadTensor(store, "model.norm.weight", {H});
    if (c.tieEmbeddings || !store.find("lm_head.weight")) {
        if (!c.tieEmbeddings) throw Error(folder + ": lm_head.weight is missing and tie_word_embeddings is false");
        m.lmHead = m.embed;
    } else {
        m.lmHead = m.loadTensor(store, "lm_head.weight", {c.vocab, H});
    }
    for (int i = 0; i < c.layers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        Layer L;
        L.inputNorm = m.loadTensor(store, p + "input_layernorm.weight", {H});
        L.postNorm = m.loadTensor(store, p + "post_attention_layernorm.weight", {H});
        L.q = m.loadTensor(store, p + "self_attn.q_proj.weight", {qDim, H});
        L.k = m.loadTensor(store, p + "self_attn.k_proj.weight", {kvDim, H});
        L.v = m.loadTensor(store, p + "self_attn.v_proj.weight", {kvDim, H});
        L.o = m.loadTensor(store, p + "self_attn.o_proj.weight", {H, qDim});
        L.gate = m.loadTensor(store, p + "mlp.gate_proj.weight", {c.intermediate, H});
        L.up = m.loadTensor(store, p + "mlp.up_proj.weight", {c.intermediate, H});
        L.down = m.loadTensor(store, p + "mlp.down_proj.weight", {H, c.intermediate});
        m.layers.push_back(std::move(L));
    }
    if (!options.adapterDir.empty()) {
        const LoraAdapter adapter = readLoraAdapter(options.adapterDir);
        for (const auto& delta : adapter.deltas(c)) {
            torch::Tensor* target = nullptr;
            if (delta.layer < 0) {
                if (m.lmHead.data_ptr() == m.embed.data_ptr()) m.lmHead = m.embed.clone();
                target = &m.lmHead;
            } else {
                Layer& L = m.layers[static_cast<std::size_t>(delta.layer)];
                const std::string& mod = delta.module;
                target = mod == "q_proj" ? &L.q : mod == "k_proj" ? &L.k : mod == "v_proj" ? &L.v : mod == "o_proj" ? &L.o
                       : mod == "gate_proj" ? &L.gate : mod == "up_proj" ? &L.up : &L.down;
            }
            auto a = torch::from_blob(const_cast<float*>(delta.a.data()), {delta.rank, delta.in}, torch::kFloat32);
            auto b = torch::from_blob(const_cast<float*>(delta.b.data()), {delta.out, delta.rank}, torch::kFloat32);
            *target += (torch::matmul(b, a) * delta.scale).to(m.device, m.dtype);
        }
    }
    for (Layer& L : m.layers) {
        L.qkv = torch::cat({L.q, L.k, L.v}, 0);
        L.gateUp = torch::cat({L.gate, L.up}, 0);
        L.q = L.k = L.v = L.gate = L.up = torch::Tensor();  // the fused copies replace them
    }
    return model;
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
    auto logits = torch::linear(hidden[0], m.lmHead).to(torch::kCPU, torch::kFloat32).contiguous();
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
        while (prefix + 1 < shortest &&
               std::all_of(prompts.begin(), prompts.end(), [&](const auto& p) { return p[prefix] == prompts[0][prefix]; }))
            ++prefix;
    }
    KvCache prefixCache;
    if (prefix > 0) {
        std::vector<tok::TokenId> head(prompts[0].begin(), prompts[0].begin() + std::ptrdiff_t(prefix));
        m.forward(m.idsTensor(head), &prefixCache, true);
    }
    std::vector<std::int64_t> rows(candidates.begin(), candidates.end());
    auto candidateWeights = m.lmHead.index_select(0, torch::tensor(rows, torch::kInt64).to(m.device));
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
                if (p[t] < 0 || p[t] >= m.cfg.vocab) throw Error("token id " + std::to_string(p[t]) + " is outside the vocabulary");
                ids[k * longest + (t - prefix)] = p[t];
            }
            last[k] = std::int64_t(p.size() - prefix - 1);
        }
        auto idsT = torch::tensor(ids, torch::kInt64).view({std::int64_t(count), std::int64_t(longest)}).to(m.device);
        KvCache cache = prefixCache;  // shares the tensors; nothing is appended
        auto hidden = m.forward(idsT, prefix > 0 ? &cache : nullptr, false);
        auto lastT = torch::tensor(last, torch::kInt64).to(m.device);
        auto picked = hidden.index({torch::arange(std::int64_t(count), torch::kInt64).to(m.device), lastT});
        auto logits = torch::matmul(picked, candidateWeights.t()).to(torch::kCPU, torch::kFloat32).contiguous();
        for (std::size_t k = 0; k < count; ++k) {
            const float* row = logits.data_ptr<float>() + k * candidates.size();
            out[order[start + k]].assign(row, row + candidates.size());
        }
        if (progress && !progress({"score", start + count, order.size()})) return {};
    }
    return out;
}

}  // namespace cci::model
