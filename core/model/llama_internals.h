// Internals of LlamaModel shared by the runtime (llama_model.cpp) and the LoRA trainer (train/): the weights, the
// forward pass with optional LoRA adapters and the KV cache. Includes libtorch: only .cpp files include this.
#pragma once

#include "model/attention_shim.h"
#include "model/cpu_inference.h"
#include "model/gradient_checkpoint.h"
#include "model/llama_model.h"
#include "model/lora_set.h"
#include "model/nf4.h"
#include "model/safetensors.h"
#include "util/problem.h"

#include <torch/torch.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cci::model {

// A frozen linear weight [out, in]: dense in the compute dtype, or NF4 (QLoRA) dequantised when used. A fused
// weight (q|k|v, gate|up) keeps one NF4 tensor per Hugging Face module, quantised as bitsandbytes does each Linear.
struct FrozenLinear {
    torch::Tensor dense;
    std::vector<std::shared_ptr<const Nf4Weight>> nf4;  // row blocks, in order

    torch::Tensor weight(torch::ScalarType dtype) const {
        if (nf4.empty()) return dense;
        if (nf4.size() == 1) return nf4[0]->dequantize(dtype);
        std::vector<torch::Tensor> parts;
        for (const auto& part : nf4) parts.push_back(part->dequantize(dtype));
        return torch::cat(parts, 0);
    }
    std::int64_t residentBytes() const {
        std::int64_t bytes = dense.defined() ? dense.numel() * std::int64_t(dense.element_size()) : 0;
        for (const auto& part : nf4) bytes += part->residentBytes();
        return bytes;
    }
};

struct Layer {
    // RMSNorm weights (undefined where the family has none, see NormPlacement): before attention, before the MLP,
    // on attention's output, on the MLP's output.
    torch::Tensor attnNorm, mlpNorm, attnOutNorm, mlpOutNorm;
    torch::Tensor q, k, v, gate, up;  // as loaded, until fused
    FrozenLinear qkv, gateUp;         // fused projections (q|k|v and gate|up rows)
    FrozenLinear o, down;
    torch::Tensor qkvBias, oBias;  // [qDim + 2 kvDim], [hidden], or undefined (no bias)
    torch::Tensor qNorm, kNorm;    // [headDim] per-head RMSNorm weights (Qwen3, Gemma 3, EXAONE 4), or undefined
};

// The rotary embedding a layer applies: the model's (with its scaling), the local one of Gemma 3's sliding layers,
// or none (EXAONE 4.0's global layers in its hybrid models).
enum class RopeKind { Global, Local, None };

// Per-layer keys and values after the rotary embedding, before the heads are repeated: [B, kvHeads, S, headDim].
struct KvCache {
    std::vector<torch::Tensor> k, v;
    std::int64_t length = 0;
};

inline torch::ScalarType torchType(DType d) {
    switch (d) {
        case DType::F32: return torch::kFloat32;
        case DType::F16: return torch::kFloat16;
        case DType::BF16: return torch::kBFloat16;
    }
    return torch::kFloat32;
}

struct LlamaModel::Impl {
    LlamaConfig cfg;
    // LoRA adapters kept apart from the weights (training; a PEFT adapter on an NF4 base). A PEFT adapter on dense
    // weights is merged into them at load instead.
    std::shared_ptr<const LoraSet> adapters;
    double neftuneAlpha = 0.0;  // NEFTune: uniform noise on the embeddings while training
    bool training = false;
    bool gradientCheckpointing = false;  // recompute each decoder layer in the backward pass (training)

    const LoraWeights* loraFor(std::size_t layer, std::string_view module) const {
        return adapters ? adapters->find(layer, module) : nullptr;
    }
    // The LoRA input: dropout(x) while training. Modules reading the same x (q/k/v; gate/up) share one mask - each
    // still sees dropout at rate p - which halves the random numbers drawn per layer.
    torch::Tensor loraInput(const torch::Tensor& x) const {
        return training && adapters && adapters->dropout() > 0 ? torch::dropout(x, adapters->dropout(), true) : x;
    }
    // base + scale * B (A in), fused into one addmm (no separate scaling and addition passes).
    // Adapters trained in fp32 on a bf16 base are cast to the activations' dtype in the graph (gradients reach the
    // fp32 masters); on the CPU (fp32 throughout) nothing is cast.
    static torch::Tensor inDtypeOf(const torch::Tensor& w, const torch::Tensor& x) {
        return w.scalar_type() == x.scalar_type() ? w : w.to(x.scalar_type());
    }
    torch::Tensor withLora(const torch::Tensor& base, const torch::Tensor& in, const LoraWeights* w) const {
        if (!w) return base;
        const auto rows = in.numel() / in.size(-1);
        const auto low = torch::mm(in.reshape({rows, in.size(-1)}), inDtypeOf(w->a, in).t());
        return torch::addmm(base.reshape({rows, base.size(-1)}), low, inDtypeOf(w->b, in).t(), 1.0, adapters->scale())
            .view(base.sizes());
    }
    // DoRA's row norms ||W + s B A||_row of one module, in fp32 and outside the graph (PEFT detaches them).
    static torch::Tensor doraRowNorm(const torch::Tensor& weight, const LoraWeights& w, double scale) {
        torch::NoGradGuard noGrad;
        const auto merged =
            weight.to(torch::kFloat32) + torch::mm(w.b.to(torch::kFloat32), w.a.to(torch::kFloat32)) * scale;
        return torch::linalg_vector_norm(merged, 2, {1}, false, torch::kFloat32);
    }
    // DoRA, as PEFT's DoraLinearLayer computes it: the row scale magnitude / ||W + s B A||_row (the norm detached)
    // gives base + (scale - 1) W x' + scale s B A x', x' being the adapter's input (dropout while training; without
    // dropout W x' is the base output less its bias). `weight` is needed only when the norms are not fixed or x'
    // is not x.
    torch::Tensor withDora(const torch::Tensor& base, const torch::Tensor& x, const torch::Tensor& in,
                           const LoraWeights& w, const torch::Tensor& weight, const torch::Tensor& bias) const {
        const auto rows = in.numel() / in.size(-1);
        const auto flatIn = in.reshape({rows, in.size(-1)});
        const auto flatBase = base.reshape({rows, base.size(-1)});
        const auto lora = torch::mm(torch::mm(flatIn, inDtypeOf(w.a, in).t()), inDtypeOf(w.b, in).t());
        const auto norm = w.rowNorm.defined() ? w.rowNorm : doraRowNorm(weight, w, adapters->scale());
        const auto rowScale = inDtypeOf(w.magnitude / norm, in);
        const auto plain = in.is_same(x) ? (bias.defined() ? flatBase - bias : flatBase)
                                         : torch::linear(flatIn, weight.to(in.scalar_type()));
        return (flatBase + ((rowScale - 1) * plain + rowScale * lora * adapters->scale())).view(base.sizes());
    }
    // The frozen weight [out, in] and bias of one adapted module (rows of a fused projection; on an NF4 base the
    // module's own block dequantised), for DoRA.
    torch::Tensor moduleWeight(std::size_t l, std::string_view module) const;
    torch::Tensor moduleBias(std::size_t l, std::string_view module) const;
    // The module's output with its adapter: LoRA or DoRA (x: the module's input, in: the adapter's input). The
    // frozen weight is fetched (dequantised on an NF4 base) only when DoRA needs it.
    torch::Tensor adapted(const torch::Tensor& base, const torch::Tensor& x, const torch::Tensor& in,
                          const LoraWeights* w, std::size_t l, std::string_view module) const {
        if (!w || !w->magnitude.defined()) return withLora(base, in, w);
        const bool needsWeight = !w->rowNorm.defined() || !in.is_same(x);
        return withDora(base, x, in, *w, needsWeight ? moduleWeight(l, module) : torch::Tensor(),
                        moduleBias(l, module));
    }
    // Vocabulary logits of hidden states [.., hidden] (all rows, or the rows `vocabRows` only), soft-capped when the
    // model caps them (Gemma 2).
    torch::Tensor headLogits(const torch::Tensor& hidden, const torch::Tensor& vocabRows = {}) const {
        const auto weight = vocabRows.defined() ? lmHead.index_select(0, vocabRows) : lmHead;
        auto logits = torch::linear(hidden, weight);
        if (const LoraWeights* head = adapters ? adapters->head() : nullptr) {
            const auto b = vocabRows.defined() ? head->b.index_select(0, vocabRows) : head->b;
            const auto in = loraInput(hidden);
            if (head->magnitude.defined()) {
                const auto select = [&](const torch::Tensor& t) {
                    return vocabRows.defined() && t.defined() ? t.index_select(0, vocabRows) : t;
                };
                const LoraWeights rows{head->a, b, select(head->magnitude), select(head->rowNorm)};
                logits = withDora(logits, hidden, in, rows, weight, {});
            } else {
                logits = logits +
                         torch::linear(torch::linear(in, inDtypeOf(head->a, in)), inDtypeOf(b, in)) * adapters->scale();
            }
        }
        if (cfg.finalSoftcap) logits = torch::tanh(logits / *cfg.finalSoftcap) * *cfg.finalSoftcap;
        return logits;
    }
    torch::Device device{torch::kCPU};
    torch::ScalarType dtype = torch::kFloat32;
    torch::Tensor embed, finalNorm, lmHead;
    std::vector<Layer> layers;
    double weightBytes = 0;        // every weight as held (NF4 linear weights at their packed size)
    double linearWeightBytes = 0;  // the decoder layers' linear weights alone

    torch::Tensor loadTensor(const WeightStore& store, const std::string& name,
                             const std::vector<std::int64_t>& shape) {
        const TensorView& view = store.require(name, shape);
        auto t = torch::from_blob(const_cast<std::byte*>(view.data), view.shape,
                                  torch::TensorOptions().dtype(torchType(view.dtype)));
        t = (t.scalar_type() == dtype && device.is_cpu()) ? t.clone() : t.to(device, dtype);
        store.release(view);  // copied: the mapped pages need not stay resident
        weightBytes += static_cast<double>(t.numel()) * static_cast<double>(t.element_size());
        return t;
    }

    // Llama: weight * normalised x in the compute dtype; Gemma: (1 + weight) * normalised x in fp32, then the dtype.
    torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight) const {
        auto h = dtype == torch::kFloat64 ? x : x.to(torch::kFloat32);
        h = h * torch::rsqrt(h.pow(2).mean(-1, true) + cfg.rmsEps);
        if (cfg.normWeighting == NormWeighting::OnePlusScale) return (h * (weight.to(h.scalar_type()) + 1.0)).to(dtype);
        return weight * h.to(dtype);
    }

    // inv_freq for a sequence reaching `seqLen` positions (dynamic scaling depends on it); the local embedding of
    // Gemma 3's sliding layers has its own base and no scaling.
    torch::Tensor inverseFrequencies(std::int64_t seqLen, RopeKind kind = RopeKind::Global) const {
        const auto dim = cfg.headDim;
        if (kind == RopeKind::Local) {
            auto exponents = torch::arange(0, dim, 2, torch::kInt64).to(torch::kFloat32) / static_cast<float>(dim);
            return 1.0 / torch::pow(torch::tensor(*cfg.localRopeTheta, torch::kFloat32), exponents);
        }
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
    std::pair<torch::Tensor, torch::Tensor> rotary(std::int64_t start, std::int64_t count, RopeKind kind) const {
        auto inv = inverseFrequencies(start + count, kind);
        auto positions = torch::arange(start, start + count, torch::kInt64).to(torch::kFloat32);
        auto freqs = torch::outer(positions, inv);
        auto emb = torch::cat({freqs, freqs}, -1);
        return {emb.cos().to(device, dtype), emb.sin().to(device, dtype)};
    }

    static torch::Tensor rotateHalf(const torch::Tensor& x) {
        const auto half = x.size(-1) / 2;
        return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
    }

    RopeKind ropeOf(std::size_t layer) const {
        const bool sliding = cfg.slidingLayer(layer);
        if (cfg.fullLayersWithoutRope && !sliding) return RopeKind::None;
        return cfg.localRopeTheta && sliding ? RopeKind::Local : RopeKind::Global;
    }

    torch::Tensor activate(const torch::Tensor& gate) const {
        switch (cfg.activation) {
            case Activation::GeluTanh: return torch::gelu(gate, "tanh");
            case Activation::Gelu: return torch::gelu(gate);
            case Activation::Silu: break;
        }
        return torch::silu(gate);
    }

    // One decoder layer on x [B, T, hidden] at positions past.. (cos/sin [1, 1, T, headDim] of the layer's rotary
    // embedding, undefined for none); reads and, when `extend`, appends to the cache.
    torch::Tensor decoderLayer(std::size_t l, torch::Tensor x, const torch::Tensor& cos, const torch::Tensor& sin,
                               KvCache* cache, bool extend, std::int64_t past) const {
        const auto B = x.size(0), T = x.size(1);
        const std::int64_t qDim = std::int64_t(cfg.heads) * cfg.headDim,
                           kvDim = std::int64_t(cfg.kvHeads) * cfg.headDim;
        const Layer& L = layers[l];
        auto h = L.attnNorm.defined() ? rmsNorm(x, L.attnNorm) : x;
        // split (not narrow): its backward concatenates the three gradients instead of zero-filling three buffers.
        const auto qkv = torch::linear(h, L.qkv.weight(dtype), L.qkvBias).split_with_sizes({qDim, kvDim, kvDim}, -1);
        const auto* qLora = loraFor(l, "q_proj");
        const auto* kLora = loraFor(l, "k_proj");
        const auto* vLora = loraFor(l, "v_proj");
        const auto hIn = qLora || kLora || vLora ? loraInput(h) : h;
        auto qf = adapted(qkv[0], h, hIn, qLora, l, "q_proj");
        auto kf = adapted(qkv[1], h, hIn, kLora, l, "k_proj");
        auto vf = adapted(qkv[2], h, hIn, vLora, l, "v_proj");
        auto q = qf.reshape({B, T, cfg.heads, cfg.headDim});
        auto k = kf.reshape({B, T, cfg.kvHeads, cfg.headDim});
        // Qwen3, Gemma 3, EXAONE 4: each head's q and k normalised before the rotary embedding.
        if (L.qNorm.defined()) {
            q = rmsNorm(q, L.qNorm);
            k = rmsNorm(k, L.kNorm);
        }
        q = q.transpose(1, 2);
        k = k.transpose(1, 2);
        auto v = vf.reshape({B, T, cfg.kvHeads, cfg.headDim}).transpose(1, 2).contiguous();
        if (cos.defined()) {
            q = q * cos + rotateHalf(q) * sin;
            k = k * cos + rotateHalf(k) * sin;
        }
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
        AttentionOptions attention;
        attention.training = training;
        if (cfg.queryPreAttnScalar) attention.scale = 1.0 / std::sqrt(*cfg.queryPreAttnScalar);
        if (cfg.attnSoftcap) attention.softcap = *cfg.attnSoftcap;
        if (cfg.slidingLayer(l)) attention.window = *cfg.slidingWindow;
        auto attended = causalAttention(q.contiguous(), k.contiguous(), v, past, attention);
        const auto merged = attended.transpose(1, 2).reshape({B, T, qDim});
        const auto* oLora = loraFor(l, "o_proj");
        auto attnOut = adapted(torch::linear(merged, L.o.weight(dtype), L.oBias), merged,
                               oLora ? loraInput(merged) : merged, oLora, l, "o_proj");
        x = x + (L.attnOutNorm.defined() ? rmsNorm(attnOut, L.attnOutNorm) : attnOut);
        auto h2 = L.mlpNorm.defined() ? rmsNorm(x, L.mlpNorm) : x;
        const auto gateUp = torch::linear(h2, L.gateUp.weight(dtype)).split(cfg.intermediate, -1);
        const auto* gateLora = loraFor(l, "gate_proj");
        const auto* upLora = loraFor(l, "up_proj");
        const auto h2In = gateLora || upLora ? loraInput(h2) : h2;
        auto gate = adapted(gateUp[0], h2, h2In, gateLora, l, "gate_proj");
        auto up = adapted(gateUp[1], h2, h2In, upLora, l, "up_proj");
        // In place when nothing needs the gradient (inference), out of place under autograd.
        auto activated = torch::GradMode::is_enabled() ? activate(gate) * up : activate(gate).mul_(up);
        const auto* downLora = loraFor(l, "down_proj");
        auto mlpOut = adapted(torch::linear(activated, L.down.weight(dtype)), activated,
                              downLora ? loraInput(activated) : activated, downLora, l, "down_proj");
        return x + (L.mlpOutNorm.defined() ? rmsNorm(mlpOut, L.mlpOutNorm) : mlpOut);
    }

    // Runs `ids` [B, T] after `cache` (whose length gives the first position); appends to the cache when
    // `extend`. Returns the final-normed hidden states [B, T, hidden]. While training with gradient checkpointing,
    // each decoder layer keeps only its input and is recomputed in the backward pass. Inference in fp32 on CPU
    // takes model/cpu_inference (same equations), reusing `workspace` when given.
    torch::Tensor forward(const torch::Tensor& ids, KvCache* cache, bool extend,
                          CpuWorkspace* workspace = nullptr) const {
        if (cpuInferenceApplies(*this, (cache ? cache->length : 0) + ids.size(1))) {
            CpuWorkspace local;
            return cpuInferenceForward(*this, ids, cache, extend, workspace ? *workspace : local);
        }
        const auto B = ids.size(0), T = ids.size(1);
        const std::int64_t past = cache ? cache->length : 0;
        auto x = embed.index_select(0, ids.reshape({-1})).view({B, T, cfg.hidden});
        if (cfg.scaleEmbeddings)  // Gemma: times sqrt(hidden), itself rounded to the dtype as transformers does
            x = x * torch::scalar_tensor(std::sqrt(double(cfg.hidden)), torch::kFloat32).to(dtype).item<double>();
        if (training && neftuneAlpha > 0)
            x = x + torch::empty_like(x).uniform_(-1, 1) * (neftuneAlpha / std::sqrt(double(T) * double(cfg.hidden)));
        // cos/sin [1, 1, T, headDim] of each rotary embedding the layers use (none: undefined).
        std::map<RopeKind, std::pair<torch::Tensor, torch::Tensor>> tables;
        for (std::size_t l = 0; l < layers.size(); ++l)
            if (const RopeKind kind = ropeOf(l); kind != RopeKind::None && !tables.count(kind)) {
                auto [c, s] = rotary(past, T, kind);
                tables[kind] = {c.view({1, 1, T, cfg.headDim}), s.view({1, 1, T, cfg.headDim})};
            }
        const bool checkpoint = training && gradientCheckpointing && !cache && torch::GradMode::is_enabled();
        for (std::size_t l = 0; l < layers.size(); ++l) {
            const RopeKind kind = ropeOf(l);
            torch::Tensor cos, sin;
            if (kind != RopeKind::None) std::tie(cos, sin) = tables.at(kind);
            if (checkpoint) {
                const auto parameters = adapters ? adapters->layerParameters(l) : std::vector<torch::Tensor>{};
                // The body runs again during backward, after this function has returned: capture by value.
                x = checkpointed([this, l, c = cos, s = sin](
                                     const torch::Tensor& in) { return decoderLayer(l, in, c, s, nullptr, false, 0); },
                                 x, parameters);
            } else {
                x = decoderLayer(l, x, cos, sin, cache, extend, past);
            }
        }
        if (cache && extend) cache->length = past + T;
        return rmsNorm(x, finalNorm);
    }

    torch::Tensor idsTensor(const std::vector<tok::TokenId>& ids) const {
        for (const auto id : ids)
            if (id < 0 || id >= cfg.vocab)
                throw Error("token id " + std::to_string(id) + " is outside the model's vocabulary of " +
                            std::to_string(cfg.vocab));
        return torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()), torch::kInt64).to(device).view({1, -1});
    }
};

}  // namespace cci::model
