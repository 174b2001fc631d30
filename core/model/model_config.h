// config.json of a Hugging Face Llama-family model - Llama, Mistral, Qwen2, Qwen3: the dimensions, normalisation,
// rotary embedding (with rope_scaling none / linear / dynamic / llama3), attention biases (Qwen2's q/k/v, Llama's
// and Qwen3's attention_bias), Qwen3's per-head q/k RMSNorm, vocabulary, tying and dtype the runtime needs.
#pragma once

#include <optional>
#include <string>

namespace cci::model {

struct RopeScaling {
    enum class Type { None, Linear, Dynamic, Llama3 } type = Type::None;
    double factor = 1.0;
    double lowFreqFactor = 1.0, highFreqFactor = 4.0;  // llama3
    long originalMaxPositions = 8192;                  // llama3
};

struct LlamaConfig {
    std::string architecture = "LlamaForCausalLM";
    int hidden = 0, intermediate = 0, layers = 0, heads = 0, kvHeads = 0, headDim = 0, vocab = 0;
    double rmsEps = 1e-5, ropeTheta = 10000.0;
    RopeScaling rope;
    long maxPositions = 4096;
    bool tieEmbeddings = false;
    std::string torchDtype = "float32";
    std::optional<int> bosId, eosId;
    std::optional<long> slidingWindow;  // Mistral: keys further back than this are not attended to
    bool qkvBias = false;  // q_proj, k_proj and v_proj have biases (Qwen2; attention_bias of Llama and Qwen3)
    bool oBias = false;    // o_proj has a bias (attention_bias of Llama and Qwen3)
    bool qkNorm = false;   // RMSNorm over each head of q and k before the rotary embedding (Qwen3)

    long long parameterCount() const;
    long long linearParameterCount() const;  // the projection weights LoRA/QLoRA act on
};

// Reads both transformers 4.x configs (rope_theta and rope_scaling at the top level, torch_dtype) and 5.x ones
// (rope_parameters holding rope_theta and the scaling, dtype).
// Throws cci::Error naming `origin` and the field on missing or inconsistent values (e.g. heads not dividing hidden).
LlamaConfig parseLlamaConfig(std::string_view text, const std::string& origin);
LlamaConfig readLlamaConfig(const std::string& path);
std::string llamaConfigJson(const LlamaConfig& config);

}  // namespace cci::model
