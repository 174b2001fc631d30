// Model folder checks (see model_check.h).
#include "model/model_check.h"

#include "chat/template_source.h"
#include "model/lora_adapter.h"
#include "model/safetensors.h"
#include "model/weight_names.h"
#include "tokenizer/load_tokenizer.h"
#include "util/problem.h"

#include <cstring>
#include <memory>

namespace cci::model {

std::vector<ExpectedWeight> llamaWeights(const LlamaConfig& c, const std::function<bool(const std::string&)>& stored) {
    const std::int64_t H = c.hidden;
    const WeightNames names = weightNames(c, stored);
    std::vector<ExpectedWeight> w = {{names.embed, {c.vocab, H}}};
    for (int i = 0; i < c.layers; ++i) {
        const std::string p = names.layerPrefix(i);
        const LayerNormNames& norms = names.norms;
        for (const std::string* name :
             {&norms.beforeAttention, &norms.beforeMlp, &norms.afterAttention, &norms.afterMlp})
            if (!name->empty()) w.push_back({p + *name + ".weight", {H}});
        // The decoder layer's projections are the LoRA target modules other than lm_head: [out, in] each.
        for (const auto& module : kLoraModules)
            if (!module.block.empty()) {
                const auto [in, out] = loraModuleShape(c, std::string(module.name));
                w.push_back({names.modulePath(i, module.name) + ".weight", {out, in}});
            }
        const std::int64_t qDim = std::int64_t(c.heads) * c.headDim, kvDim = std::int64_t(c.kvHeads) * c.headDim;
        if (c.qkvBias) {
            w.push_back({names.modulePath(i, "q_proj") + ".bias", {qDim}});
            w.push_back({names.modulePath(i, "k_proj") + ".bias", {kvDim}});
            w.push_back({names.modulePath(i, "v_proj") + ".bias", {kvDim}});
        }
        if (c.oBias) w.push_back({names.modulePath(i, "o_proj") + ".bias", {H}});
        if (c.qkNorm) {
            w.push_back({p + "self_attn.q_norm.weight", {c.headDim}});
            w.push_back({p + "self_attn.k_norm.weight", {c.headDim}});
        }
    }
    w.push_back({names.finalNorm, {H}});
    if (!c.tieEmbeddings) w.push_back({names.lmHead, {c.vocab, H}});
    return w;
}

namespace {

// Counts the NaN and Inf values of a tensor from the bit patterns (exponent all ones), without converting.
std::size_t nonFiniteValues(const TensorView& t) {
    std::size_t bad = 0;
    const std::size_t n = std::size_t(t.elements());
    if (t.dtype == DType::F32) {
        for (std::size_t i = 0; i < n; ++i) {
            std::uint32_t bits;
            std::memcpy(&bits, t.data + i * 4, 4);
            bad += (bits & 0x7F800000u) == 0x7F800000u;
        }
    } else {
        const std::uint16_t mask = t.dtype == DType::BF16 ? 0x7F80 : 0x7C00;
        for (std::size_t i = 0; i < n; ++i) {
            std::uint16_t bits;
            std::memcpy(&bits, t.data + i * 2, 2);
            bad += (bits & mask) == mask;
        }
    }
    return bad;
}

}  // namespace

ModelCheck checkModelFolder(const std::string& folder, const ProgressFn& progress) {
    ModelCheck check;
    auto attempt = [&](const auto& body) {
        try {
            body();
            return true;
        } catch (const std::exception& e) {
            check.problems.push_back(e.what());
            return false;
        }
    };
    LlamaConfig config;
    if (!attempt([&] { config = readLlamaConfig(folder + "/config.json"); })) return check;

    std::unique_ptr<WeightStore> store;
    if (attempt([&] { store = std::make_unique<WeightStore>(folder); })) {
        const auto stored = [&](const std::string& name) { return store->find(name) != nullptr; };
        for (const ExpectedWeight& w : llamaWeights(config, stored))
            attempt([&] { (void)store->require(w.name, w.shape); });
        if (config.tieEmbeddings && store->find("lm_head.weight"))
            check.problems.push_back(folder +
                                     ": lm_head.weight is stored but tie_word_embeddings is true; it is not used");
        const auto names = store->names();
        for (std::size_t i = 0; i < names.size(); ++i) {
            const TensorView& t = *store->find(names[i]);
            if (const std::size_t bad = nonFiniteValues(t))
                check.problems.push_back(t.file + ": " + t.name + " holds " + std::to_string(bad) +
                                         " NaN or infinite values; every answer computed with it would be meaningless");
            store->release(t);
            ++check.tensorsScanned;
            check.bytesScanned += double(t.bytes);
            if (progress && !progress({"check weights", i + 1, names.size()})) break;
        }
    }

    attempt([&] {
        const auto tokenizer = tok::loadTokenizer(folder);
        for (const char* letter : {"A", "B", "C"})
            if (!tokenizer.tokenizer->tokenToId(letter))
                check.problems.push_back(folder + ": the tokenizer has no vocabulary entry \"" + letter +
                                         "\" to score answers with");
        if (tokenizer.tokenizer->vocabSize() > std::size_t(config.vocab))
            check.problems.push_back(
                folder + ": the tokenizer has " + std::to_string(tokenizer.tokenizer->vocabSize()) +
                " token ids but the model's vocab_size is " + std::to_string(config.vocab) +
                "; a text using the ids past it cannot be embedded (is this the model's own tokenizer?)");
    });
    attempt([&] { (void)chat::resolveChatTemplate(folder); });
    return check;
}

}  // namespace cci::model
