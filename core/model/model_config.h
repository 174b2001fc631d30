// config.json of a Hugging Face Llama-family model - Llama, Mistral, Qwen2, Qwen3, Gemma, Gemma 2, Gemma 3 (text, or
// the language model of a multimodal checkpoint),
// EXAONE 3.x (Llama's layers under other names and keys), EXAONE 4.0: the dimensions, normalisation (weight * x, or
// Gemma's (1 + weight) * x, and where the norms sit in a layer), rotary embedding (with rope_scaling none / linear /
// dynamic / llama3; Gemma 3's local base for its sliding layers; EXAONE 4.0's global layers without one), attention
// biases (Qwen2's q/k/v, attention_bias), per-head q/k RMSNorm, sliding-window layers, Gemma's embedding scale,
// attention scale and soft-capping, the MLP activation, vocabulary, tying and dtype the runtime needs.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cci::model {

struct RopeScaling {
    enum class Type { None, Linear, Dynamic, Llama3 } type = Type::None;
    double factor = 1.0;
    double lowFreqFactor = 1.0, highFreqFactor = 4.0;  // llama3
    long originalMaxPositions = 8192;                  // llama3
};

// Where a decoder layer's RMSNorms sit. Pre: before attention and MLP (Llama). Sandwich: before and after each
// (Gemma 2/3). Post: after each only (EXAONE 4.0).
enum class NormPlacement { Pre, Sandwich, Post };
// How an RMSNorm applies its weight: weight * x in the compute dtype (Llama), or (1 + weight) * x in fp32 (Gemma).
enum class NormWeighting { Scale, OnePlusScale };
// The gate activation of the MLP: SiLU, GELU with the tanh approximation (gelu_pytorch_tanh), exact GELU.
enum class Activation { Silu, GeluTanh, Gelu };

struct LlamaConfig {
    std::string architecture = "LlamaForCausalLM";
    std::string family = "llama";  // model_type
    int hidden = 0, intermediate = 0, layers = 0, heads = 0, kvHeads = 0, headDim = 0, vocab = 0;
    double rmsEps = 1e-5, ropeTheta = 10000.0;
    RopeScaling rope;
    long maxPositions = 4096;
    bool tieEmbeddings = false;
    std::string torchDtype = "float32";
    std::optional<int> bosId, eosId;
    // Sliding-window layers see only the keys less than this many positions back (themselves included).
    std::optional<long> slidingWindow;
    std::vector<bool> slidingLayers;  // per layer; empty with slidingWindow: every layer (Mistral)
    bool qkvBias = false;  // q_proj, k_proj and v_proj have biases (Qwen2; attention_bias of Llama and Qwen3)
    bool oBias = false;    // o_proj has a bias (attention_bias of Llama and Qwen3)
    bool qkNorm = false;   // RMSNorm over each head of q and k before the rotary embedding (Qwen3, Gemma 3, EXAONE 4)
    NormPlacement normPlacement = NormPlacement::Pre;
    NormWeighting normWeighting = NormWeighting::Scale;
    Activation activation = Activation::Silu;
    bool scaleEmbeddings = false;              // embeddings times sqrt(hidden), rounded to the dtype (Gemma)
    std::optional<double> queryPreAttnScalar;  // attention scale 1/sqrt(this) instead of 1/sqrt(head_dim) (Gemma 2/3)
    std::optional<double> attnSoftcap;         // scores = cap * tanh(scores / cap) before the mask (Gemma 2)
    std::optional<double> finalSoftcap;        // logits = cap * tanh(logits / cap) (Gemma 2)
    std::optional<double> localRopeTheta;      // rotary base of sliding layers, without scaling (Gemma 3)
    bool fullLayersWithoutRope = false;        // full-attention layers have no rotary embedding (EXAONE 4 hybrid)
    // The language model of a multimodal checkpoint (Gemma 3's Gemma3ForConditionalGeneration: model_type gemma3
    // with a text_config), whose weights sit under model.language_model. or language_model.model.
    bool multimodal = false;

    bool slidingLayer(std::size_t layer) const {
        return slidingWindow && (slidingLayers.empty() || (layer < slidingLayers.size() && slidingLayers[layer]));
    }
    // Exactly Llama's equations (biases, norms, windows, scales and caps aside): what model/cpu_inference computes.
    bool plainLlamaLayers() const;

    long long parameterCount() const;
    long long linearParameterCount() const;  // the projection weights LoRA/QLoRA act on
};

// The RMSNorm weights of a decoder layer (names after the layer's prefix), "" where the placement has none: before
// attention, before the MLP, after attention, after the MLP. Llama's post_attention_layernorm is its pre-MLP norm;
// Gemma 2/3's and EXAONE 4.0's is after attention. (model/weight_names.cpp)
struct LayerNormNames {
    std::string beforeAttention, beforeMlp, afterAttention, afterMlp;
};
LayerNormNames layerNormNames(NormPlacement placement);

// What sets a family's layers apart from Llama's, in words for `cci doctor` and the New Run dialog, e.g. "norms
// around attention and MLP, GELU (tanh) gate, scores capped at 50, logits at 30, sliding window 4096 on 13 of 26
// layers"; "" for Llama's own layers.
std::string describeLayers(const LlamaConfig& config);

// transformers' causal-LM class of a model_type: "gemma3_text" -> "Gemma3ForCausalLM" (LlamaForCausalLM if unknown).
std::string causalLmClass(const std::string& family);

// Reads both transformers 4.x configs (rope_theta and rope_scaling at the top level, torch_dtype) and 5.x ones
// (rope_parameters holding rope_theta and the scaling, dtype).
// Throws cci::Error naming `origin` and the field on missing or inconsistent values (e.g. heads not dividing hidden).
LlamaConfig parseLlamaConfig(std::string_view text, const std::string& origin);
LlamaConfig readLlamaConfig(const std::string& path);
std::string llamaConfigJson(const LlamaConfig& config);

}  // namespace cci::model
