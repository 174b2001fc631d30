// LlamaModel: a Hugging Face Llama-family checkpoint on libtorch (Llama, Mistral, Qwen2/3, Gemma 1/2/3, EXAONE 4.0; see
// model_config.h) - embeddings, RMSNorm in fp32, rotary embedding as Hugging Face applies it (rotate_half over split
// halves), grouped-query attention with causal and sliding-window masks, gated MLP, final norm and lm_head (tied or
// not), with a KV cache. fp32 on CPU, bf16 on CUDA. Optionally merges a PEFT LoRA
// adapter into the weights at load. libtorch stays out of this header.
#pragma once

#include "model/model_config.h"
#include "tokenizer/tokenizer.h"
#include "util/progress.h"

#include <memory>
#include <string>
#include <vector>

namespace cci::model {

struct RuntimeOptions {
    std::string device = "cpu";  // "cpu" or "cuda" / "cuda:N"
    int threads = 0;             // intra-op threads on CPU (0 = leave libtorch's setting)
    std::string adapterDir;      // a PEFT LoRA adapter to merge (empty = none)
    bool float64 = false;        // compute in double precision on CPU (gradient checks)
    bool nf4 = false;            // QLoRA: hold the decoder layers' linear weights as NF4 (model/nf4.h)
};

struct ScoreOptions {
    int batchSize = 8;
    bool sharePrefix = true;  // compute the prefix common to all prompts once
    // Append two values to each row: the log-sum-exp of the logits over the whole vocabulary (so exp(logit - it) is
    // a candidate's probability among all tokens) and the id of the most probable token.
    bool vocabularySummary = false;
};

class LlamaModel {
public:
    // Throws cci::Error naming the file and the problem (missing tensors, shapes against the config, an adapter
    // made for another base model, a device this build lacks).
    static std::unique_ptr<LlamaModel> load(const std::string& folder, const RuntimeOptions& options = {});
    ~LlamaModel();

    const LlamaConfig& config() const;
    std::string deviceName() const;
    double weightBytes() const;        // resident bytes of the weights
    double linearWeightBytes() const;  // of which the decoder layers' linear weights (q, k, v, o, gate, up, down)

    // Logits over the whole vocabulary at every position of one sequence, row-major [T x vocab] (tests, tools).
    std::vector<float> allLogits(const std::vector<tok::TokenId>& ids) const;
    // The same, running the first `split` tokens and then the rest through the KV cache.
    std::vector<float> allLogitsWithCache(const std::vector<tok::TokenId>& ids, std::size_t split) const;

    // For each prompt, the next-token logits at its last position for the vocabulary rows `candidates` only.
    // Prompts are batched by length (right-padded); the prefix they all share is run once. Returns
    // prompts.size() rows of candidates.size() values; an empty result when `progress` cancels.
    std::vector<std::vector<float>> lastLogits(const std::vector<std::vector<tok::TokenId>>& prompts,
                                               const std::vector<tok::TokenId>& candidates, const ScoreOptions& options,
                                               const ProgressFn& progress = {}) const;

    // The libtorch-side state (model/llama_internals.h): for the runtime's own files (model/trainable_model.cpp,
    // model/cpu_inference.cpp) and tests; the trainer goes through model/trainable_model.h.
    struct Impl;
    Impl& internals();
    const Impl& internals() const;

private:
    LlamaModel();
    std::unique_ptr<Impl> m_impl;
};

}  // namespace cci::model
