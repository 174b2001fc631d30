// config.json (see model_config.h).
#include "model/model_config.h"

#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace cci::model {

namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& field, const std::string& message) {
    Problem p;
    p.file = origin;
    p.path = field;
    p.message = message;
    throw Error({p});
}

int positiveInt(const nlohmann::json& root, const char* key, const std::string& origin,
                std::optional<int> fallback = {}) {
    const auto it = root.find(key);
    if (it == root.end() || it->is_null()) {
        if (fallback) return *fallback;
        fail(origin, key, "missing");
    }
    if (!it->is_number_integer() || it->get<long long>() <= 0 || it->get<long long>() > (1LL << 30))
        fail(origin, key, "must be a positive integer");
    return it->get<int>();
}

double positiveNumber(const nlohmann::json& root, const char* key, const std::string& origin, double fallback) {
    const auto it = root.find(key);
    if (it == root.end() || it->is_null()) return fallback;
    if (!it->is_number() || it->get<double>() <= 0) fail(origin, key, "must be a positive number");
    return it->get<double>();
}

std::optional<int> tokenId(const nlohmann::json& root, const char* key) {
    const auto it = root.find(key);
    if (it != root.end() && it->is_number_integer()) return it->get<int>();
    if (it != root.end() && it->is_array() && !it->empty() && (*it)[0].is_number_integer()) return (*it)[0].get<int>();
    return std::nullopt;
}

}  // namespace

long long LlamaConfig::linearParameterCount() const {
    const long long q = 1LL * hidden * heads * headDim, kv = 2LL * hidden * kvHeads * headDim,
                    o = 1LL * heads * headDim * hidden, mlp = 3LL * hidden * intermediate;
    return layers * (q + kv + o + mlp);
}

long long LlamaConfig::parameterCount() const {
    const long long embeddings = 1LL * vocab * hidden * (tieEmbeddings ? 1 : 2);
    const long long norms = 1LL * hidden * (2LL * layers + 1) + (qkNorm ? 2LL * headDim * layers : 0);
    const long long biases = layers * ((qkvBias ? 1LL * (heads + 2LL * kvHeads) * headDim : 0) + (oBias ? hidden : 0));
    return linearParameterCount() + embeddings + norms + biases;
}

LlamaConfig parseLlamaConfig(std::string_view text, const std::string& origin) {
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        fail(origin, "", std::string("not valid JSON: ") + e.what());
    }
    if (!root.is_object()) fail(origin, "", "config.json must be a JSON object");
    LlamaConfig c;
    if (const auto it = root.find("architectures");
        it != root.end() && it->is_array() && !it->empty() && (*it)[0].is_string())
        c.architecture = (*it)[0].get<std::string>();
    std::string type = "llama";
    if (const auto it = root.find("model_type"); it != root.end() && it->is_string()) {
        type = it->get<std::string>();
        if (type != "llama" && type != "mistral" && type != "qwen2" && type != "qwen3")
            fail(origin, "model_type",
                 "\"" + type + "\" is not a supported model family (supported: llama, mistral, qwen2, qwen3)");
    }
    // Biases and norms of the attention, as each family's transformers module builds them.
    const bool attentionBias =
        root.contains("attention_bias") && root["attention_bias"].is_boolean() && root["attention_bias"].get<bool>();
    c.qkvBias = type == "qwen2" || ((type == "llama" || type == "qwen3") && attentionBias);
    c.oBias = (type == "llama" || type == "qwen3") && attentionBias;
    c.qkNorm = type == "qwen3";
    if (const auto it = root.find("mlp_bias"); it != root.end() && it->is_boolean() && it->get<bool>())
        fail(origin, "mlp_bias", "true is not supported (MLP projections with biases)");
    // The MLP's activation: SiLU is what this runtime computes; anything else would be silently wrong.
    for (const char* key : {"hidden_act", "hidden_activation"})
        if (const auto it = root.find(key); it != root.end() && !it->is_null()) {
            const std::string act = it->is_string() ? it->get<std::string>() : it->dump();
            if (act != "silu" && act != "swish")
                fail(origin, key,
                     "\"" + act + "\" is not supported (this runtime computes SiLU, as Llama and Mistral use)");
        }
    c.hidden = positiveInt(root, "hidden_size", origin);
    c.intermediate = positiveInt(root, "intermediate_size", origin);
    c.layers = positiveInt(root, "num_hidden_layers", origin);
    c.heads = positiveInt(root, "num_attention_heads", origin);
    c.kvHeads = positiveInt(root, "num_key_value_heads", origin, c.heads);
    c.vocab = positiveInt(root, "vocab_size", origin);
    if (c.hidden % c.heads != 0 && !root.contains("head_dim"))
        fail(origin, "num_attention_heads", "does not divide hidden_size and no head_dim is given");
    c.headDim = positiveInt(root, "head_dim", origin, c.hidden / c.heads);
    if (c.headDim % 2 != 0) fail(origin, "head_dim", "must be even (rotary embedding)");
    if (c.heads % c.kvHeads != 0) fail(origin, "num_key_value_heads", "must divide num_attention_heads");
    c.rmsEps = positiveNumber(root, "rms_norm_eps", origin, 1e-6);
    c.ropeTheta = positiveNumber(root, "rope_theta", origin, 10000.0);
    c.maxPositions = positiveInt(root, "max_position_embeddings", origin, 4096);
    if (const auto it = root.find("tie_word_embeddings"); it != root.end() && it->is_boolean())
        c.tieEmbeddings = it->get<bool>();
    for (const char* key : {"torch_dtype", "dtype"})  // transformers 4.x, 5.x
        if (const auto it = root.find(key); it != root.end() && it->is_string()) c.torchDtype = it->get<std::string>();
    // Qwen2/3 configs name a sliding_window that only applies with use_sliding_window.
    const bool windowUsed = !root.contains("use_sliding_window") || !root["use_sliding_window"].is_boolean() ||
                            root["use_sliding_window"].get<bool>();
    if (const auto it = root.find("sliding_window"); windowUsed && it != root.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<long long>() <= 0)
            fail(origin, "sliding_window", "must be a positive integer or null");
        c.slidingWindow = long(std::min<long long>(it->get<long long>(), 1LL << 40));
    }
    c.bosId = tokenId(root, "bos_token_id");
    c.eosId = tokenId(root, "eos_token_id");
    // transformers 5.x keeps rope_theta and the scaling together in rope_parameters; 4.x has rope_scaling.
    const char* ropeKey =
        root.contains("rope_parameters") && !root["rope_parameters"].is_null() ? "rope_parameters" : "rope_scaling";
    if (const auto it = root.find(ropeKey); it != root.end() && !it->is_null()) {
        if (!it->is_object()) fail(origin, ropeKey, "must be an object or null");
        if (it->contains("rope_theta"))
            c.ropeTheta = positiveNumber(*it, "rope_theta", origin + " " + ropeKey, c.ropeTheta);
        std::string type;
        if (it->contains("rope_type") && (*it)["rope_type"].is_string())
            type = (*it)["rope_type"].get<std::string>();
        else if (it->contains("type") && (*it)["type"].is_string())
            type = (*it)["type"].get<std::string>();
        if (type == "default" || (type.empty() && std::string(ropeKey) == "rope_parameters")) {
            c.rope.type = RopeScaling::Type::None;
        } else {
            if (type == "linear")
                c.rope.type = RopeScaling::Type::Linear;
            else if (type == "dynamic")
                c.rope.type = RopeScaling::Type::Dynamic;
            else if (type == "llama3")
                c.rope.type = RopeScaling::Type::Llama3;
            else
                fail(origin, std::string(ropeKey) + ".type",
                     "unsupported rope scaling \"" + type + "\" (supported: linear, dynamic, llama3)");
            c.rope.factor = positiveNumber(*it, "factor", origin + " " + ropeKey, 0);
            if (c.rope.factor <= 0) fail(origin, std::string(ropeKey) + ".factor", "missing");
            c.rope.lowFreqFactor = positiveNumber(*it, "low_freq_factor", origin, 1.0);
            c.rope.highFreqFactor = positiveNumber(*it, "high_freq_factor", origin, 4.0);
            c.rope.originalMaxPositions =
                static_cast<long>(positiveNumber(*it, "original_max_position_embeddings", origin, 8192));
        }
    }
    return c;
}

LlamaConfig readLlamaConfig(const std::string& path) { return parseLlamaConfig(readFile(path), path); }

std::string llamaConfigJson(const LlamaConfig& c) {
    nlohmann::ordered_json j = {
        {"architectures", {c.architecture}},
        {"model_type", "llama"},
        {"hidden_size", c.hidden},
        {"intermediate_size", c.intermediate},
        {"num_hidden_layers", c.layers},
        {"num_attention_heads", c.heads},
        {"num_key_value_heads", c.kvHeads},
        {"head_dim", c.headDim},
        {"vocab_size", c.vocab},
        {"rms_norm_eps", c.rmsEps},
        {"rope_theta", c.ropeTheta},
        {"max_position_embeddings", c.maxPositions},
        {"tie_word_embeddings", c.tieEmbeddings},
        {"torch_dtype", c.torchDtype},
        {"hidden_act", "silu"},
        {"attention_bias", false},
        {"mlp_bias", false},
    };
    if (c.bosId) j["bos_token_id"] = *c.bosId;
    if (c.eosId) j["eos_token_id"] = *c.eosId;
    switch (c.rope.type) {
        case RopeScaling::Type::None: j["rope_scaling"] = nullptr; break;
        case RopeScaling::Type::Linear: j["rope_scaling"] = {{"type", "linear"}, {"factor", c.rope.factor}}; break;
        case RopeScaling::Type::Dynamic: j["rope_scaling"] = {{"type", "dynamic"}, {"factor", c.rope.factor}}; break;
        case RopeScaling::Type::Llama3:
            j["rope_scaling"] = {{"rope_type", "llama3"},
                                 {"factor", c.rope.factor},
                                 {"low_freq_factor", c.rope.lowFreqFactor},
                                 {"high_freq_factor", c.rope.highFreqFactor},
                                 {"original_max_position_embeddings", c.rope.originalMaxPositions}};
            break;
    }
    return j.dump(2) + "\n";
}

}  // namespace cci::model
