// config.json (see model_config.h).
#include "model/model_config.h"

#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string_view>

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

// A number that may be absent (the family's default applies) or null (the feature is off).
std::optional<double> optionalPositive(const nlohmann::json& root, const char* key, const std::string& origin,
                                       std::optional<double> fallback) {
    const auto it = root.find(key);
    if (it == root.end()) return fallback;
    if (it->is_null()) return std::nullopt;
    if (!it->is_number() || it->get<double>() <= 0) fail(origin, key, "must be a positive number or null");
    return it->get<double>();
}

bool flag(const nlohmann::json& root, const char* key) {
    const auto it = root.find(key);
    return it != root.end() && it->is_boolean() && it->get<bool>();
}

// One rotary-embedding object (rope_scaling, rope_parameters or one layer type's entry of it) into theta and scaling.
void parseRope(const nlohmann::json& rope, const std::string& where, const std::string& origin, double& theta,
               RopeScaling& scaling) {
    if (!rope.is_object()) fail(origin, where, "must be an object or null");
    if (rope.contains("rope_theta")) theta = positiveNumber(rope, "rope_theta", origin + " " + where, theta);
    std::string type;
    if (rope.contains("rope_type") && rope["rope_type"].is_string())
        type = rope["rope_type"].get<std::string>();
    else if (rope.contains("type") && rope["type"].is_string())
        type = rope["type"].get<std::string>();
    if (type == "default" || (type.empty() && where.rfind("rope_parameters", 0) == 0)) {
        scaling.type = RopeScaling::Type::None;
        return;
    }
    if (type == "linear")
        scaling.type = RopeScaling::Type::Linear;
    else if (type == "dynamic")
        scaling.type = RopeScaling::Type::Dynamic;
    else if (type == "llama3")
        scaling.type = RopeScaling::Type::Llama3;
    else
        fail(origin, where + ".type", "unsupported rope scaling \"" + type + "\" (supported: linear, dynamic, llama3)");
    scaling.factor = positiveNumber(rope, "factor", origin + " " + where, 0);
    if (scaling.factor <= 0) fail(origin, where + ".factor", "missing");
    scaling.lowFreqFactor = positiveNumber(rope, "low_freq_factor", origin, 1.0);
    scaling.highFreqFactor = positiveNumber(rope, "high_freq_factor", origin, 4.0);
    scaling.originalMaxPositions =
        static_cast<long>(positiveNumber(rope, "original_max_position_embeddings", origin, 8192));
}

// The MLP activation named by `key`'s value.
Activation parseActivation(const std::string& name, const std::string& family, const std::string& origin,
                           const char* key) {
    if (name == "silu" || name == "swish") return Activation::Silu;
    if (name == "gelu_pytorch_tanh") return Activation::GeluTanh;
    // Gemma's first configs say "gelu" for the tanh approximation, which transformers uses in its place.
    if (name == "gelu") return family == "gemma" ? Activation::GeluTanh : Activation::Gelu;
    fail(origin, key, "\"" + name + "\" is not supported (supported: silu, gelu_pytorch_tanh, gelu)");
}

// The supported model_types with what parsing and writing a config both need: transformers' causal-LM class,
// whether it is one of Gemma's (norms, activation, embedding scale, tying), and whether a sliding window of 4096
// applies when the config names none. (gemma3, the multimodal checkpoint, is read through its text_config.)
struct Family {
    std::string_view name, causalLm;
    bool gemma, windowByDefault;
};
constexpr Family kFamilyTable[] = {
    {"llama", "LlamaForCausalLM", false, false},      {"mistral", "MistralForCausalLM", false, false},
    {"qwen2", "Qwen2ForCausalLM", false, false},      {"qwen3", "Qwen3ForCausalLM", false, false},
    {"gemma", "GemmaForCausalLM", true, false},       {"gemma2", "Gemma2ForCausalLM", true, true},
    {"gemma3_text", "Gemma3ForCausalLM", true, true}, {"exaone", "ExaoneForCausalLM", false, false},
    {"exaone4", "Exaone4ForCausalLM", false, true},
};

const Family* findFamily(std::string_view name) {
    for (const Family& f : kFamilyTable)
        if (f.name == name) return &f;
    return nullptr;
}

// "llama, mistral, …, gemma3, exaone4" for messages.
std::string familyList() {
    std::string list;
    for (const Family& f : kFamilyTable) {
        list += (list.empty() ? "" : ", ") + std::string(f.name);
        if (f.name == "gemma3_text") list += ", gemma3";
    }
    return list;
}

// What transformers' GemmaConfig, Gemma2Config and Gemma3TextConfig give a key the config leaves out.
struct FamilyDefaults {
    int vocab, hidden, intermediate, layers, heads, kvHeads, headDim, maxPositions;
};
std::optional<FamilyDefaults> familyDefaults(const std::string& family) {
    if (family == "gemma") return FamilyDefaults{256000, 3072, 24576, 28, 16, 16, 256, 8192};
    if (family == "gemma2") return FamilyDefaults{256000, 2304, 9216, 26, 8, 4, 256, 8192};
    if (family == "gemma3_text") return FamilyDefaults{262208, 2304, 9216, 26, 8, 4, 256, 131072};
    return std::nullopt;
}

// A multimodal Gemma 3 config (Gemma3ForConditionalGeneration): its text_config as a gemma3_text config, with what
// the top level says for the whole model (dtype, tying, token ids).
nlohmann::json gemma3TextConfig(const nlohmann::json& root, const std::string& origin) {
    const auto it = root.find("text_config");
    if (it == root.end() || !it->is_object())
        fail(origin, "text_config", "a multimodal Gemma 3 config needs its text_config object");
    nlohmann::json text = *it;
    text["model_type"] = "gemma3_text";
    for (const char* key : {"torch_dtype", "dtype", "tie_word_embeddings", "bos_token_id", "eos_token_id"})
        if (root.contains(key) && !text.contains(key)) text[key] = root[key];
    text.erase("architectures");
    return text;
}

}  // namespace

std::string causalLmClass(const std::string& family) {
    const Family* f = findFamily(family);
    return std::string(f ? f->causalLm : "LlamaForCausalLM");
}

std::string describeLayers(const LlamaConfig& c) {
    std::vector<std::string> parts;
    auto number = [](double v) {
        std::string text = std::to_string(v);
        text.erase(text.find_last_not_of('0') + 1);
        if (!text.empty() && text.back() == '.') text.pop_back();
        return text;
    };
    if (c.normPlacement == NormPlacement::Sandwich) parts.push_back("norms around attention and MLP");
    if (c.normPlacement == NormPlacement::Post) parts.push_back("norms after attention and MLP only");
    if (c.normWeighting == NormWeighting::OnePlusScale) parts.push_back("(1 + weight) norms");
    if (c.qkNorm) parts.push_back("q/k norms");
    if (c.qkvBias || c.oBias) parts.push_back(c.oBias ? "q/k/v/o biases" : "q/k/v biases");
    if (c.activation == Activation::GeluTanh) parts.push_back("GELU (tanh) gate");
    if (c.activation == Activation::Gelu) parts.push_back("GELU gate");
    if (c.scaleEmbeddings) parts.push_back("embeddings scaled by sqrt(hidden)");
    if (c.queryPreAttnScalar) parts.push_back("attention scale 1/sqrt(" + number(*c.queryPreAttnScalar) + ")");
    if (c.attnSoftcap) parts.push_back("scores capped at " + number(*c.attnSoftcap));
    if (c.finalSoftcap) parts.push_back("logits capped at " + number(*c.finalSoftcap));
    if (c.slidingWindow) {
        int sliding = 0;
        for (int i = 0; i < c.layers; ++i) sliding += c.slidingLayer(std::size_t(i));
        parts.push_back("sliding window " + std::to_string(*c.slidingWindow) + " on " + std::to_string(sliding) +
                        " of " + std::to_string(c.layers) + " layers");
    }
    if (c.localRopeTheta) parts.push_back("local rotary base " + number(*c.localRopeTheta));
    if (c.fullLayersWithoutRope) parts.push_back("global layers without rotary embedding");
    if (c.family == "exaone") parts.push_back("EXAONE 3 weight names");
    if (c.multimodal) parts.push_back("the language model of a multimodal checkpoint (its vision tower is not used)");
    std::string text;
    for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text;
}

bool LlamaConfig::plainLlamaLayers() const {
    return normPlacement == NormPlacement::Pre && normWeighting == NormWeighting::Scale &&
           activation == Activation::Silu && !scaleEmbeddings && !queryPreAttnScalar && !attnSoftcap && !finalSoftcap &&
           !qkvBias && !oBias && !qkNorm && !localRopeTheta && !fullLayersWithoutRope;
}

long long LlamaConfig::linearParameterCount() const {
    const long long q = 1LL * hidden * heads * headDim, kv = 2LL * hidden * kvHeads * headDim,
                    o = 1LL * heads * headDim * hidden, mlp = 3LL * hidden * intermediate;
    return layers * (q + kv + o + mlp);
}

long long LlamaConfig::parameterCount() const {
    const long long embeddings = 1LL * vocab * hidden * (tieEmbeddings ? 1 : 2);
    const long long normsPerLayer = normPlacement == NormPlacement::Sandwich ? 4 : 2;
    const long long norms = 1LL * hidden * (normsPerLayer * layers + 1) + (qkNorm ? 2LL * headDim * layers : 0);
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
    c.architecture.clear();
    if (const auto it = root.find("architectures");
        it != root.end() && it->is_array() && !it->empty() && (*it)[0].is_string())
        c.architecture = (*it)[0].get<std::string>();
    std::string& type = c.family;
    if (const auto it = root.find("model_type"); it != root.end() && it->is_string()) {
        type = it->get<std::string>();
        if (type == "gemma3") {  // the language model of a multimodal checkpoint; the vision tower is not used
            LlamaConfig text = parseLlamaConfig(gemma3TextConfig(root, origin).dump(), origin + " text_config");
            text.architecture = c.architecture.empty() ? "Gemma3ForConditionalGeneration" : c.architecture;
            text.multimodal = true;
            return text;
        }
        if (!findFamily(type))
            fail(origin, "model_type",
                 "\"" + type + "\" is not a supported model family (supported: " + familyList() + ")");
    }
    if (c.architecture.empty()) c.architecture = causalLmClass(type);
    const Family& family = *findFamily(type);
    const bool gemma = family.gemma;
    // EXAONE 3.x: Llama's layers under its own names (model/weight_names.h) and config keys.
    const bool exaone3 = type == "exaone";
    // Biases and norms of the attention, as each family's transformers module builds them.
    const bool attentionBias = flag(root, "attention_bias");
    const bool biasesPossible = type != "mistral" && type != "exaone4" && !exaone3;
    c.qkvBias = type == "qwen2" || (biasesPossible && attentionBias);
    c.oBias = type != "qwen2" && biasesPossible && attentionBias;
    c.qkNorm = type == "qwen3" || type == "gemma3_text" || type == "exaone4";
    c.normPlacement = type == "gemma2" || type == "gemma3_text" ? NormPlacement::Sandwich
                      : type == "exaone4"                       ? NormPlacement::Post
                                                                : NormPlacement::Pre;
    c.normWeighting = gemma ? NormWeighting::OnePlusScale : NormWeighting::Scale;
    c.scaleEmbeddings = gemma;
    if (flag(root, "mlp_bias")) fail(origin, "mlp_bias", "true is not supported (MLP projections with biases)");
    if (gemma && flag(root, "use_bidirectional_attention"))
        fail(origin, "use_bidirectional_attention", "true is not supported (a causal language model is needed)");
    // The MLP's activation: Gemma's modules read hidden_activation (older configs) or hidden_act.
    {
        const char* key = exaone3 ? "activation_function" : "hidden_act";
        if (gemma && root.contains("hidden_activation") && !root["hidden_activation"].is_null())
            key = "hidden_activation";
        std::string name = gemma ? "gelu_pytorch_tanh" : "silu";
        if (const auto it = root.find(key); it != root.end() && !it->is_null())
            name = it->is_string() ? it->get<std::string>() : it->dump();
        c.activation = parseActivation(name, type, origin, key);
    }
    // Gemma's config classes fill what a config leaves out (Gemma 3's text_config names little more than its
    // sizes); the other families need every dimension.
    const std::optional<FamilyDefaults> defaults = familyDefaults(type);
    auto fallback = [&](int FamilyDefaults::*field) {
        return defaults ? std::optional<int>((*defaults).*field) : std::nullopt;
    };
    c.hidden = positiveInt(root, "hidden_size", origin, fallback(&FamilyDefaults::hidden));
    c.intermediate = exaone3 ? positiveInt(root, "intermediate_size", origin, 4 * c.hidden)
                             : positiveInt(root, "intermediate_size", origin, fallback(&FamilyDefaults::intermediate));
    c.layers = positiveInt(root, exaone3 && !root.contains("num_hidden_layers") ? "num_layers" : "num_hidden_layers",
                           origin, fallback(&FamilyDefaults::layers));
    c.heads = positiveInt(root, "num_attention_heads", origin, fallback(&FamilyDefaults::heads));
    c.kvHeads = positiveInt(root, "num_key_value_heads", origin, defaults ? defaults->kvHeads : c.heads);
    c.vocab = positiveInt(root, "vocab_size", origin, fallback(&FamilyDefaults::vocab));
    if (c.hidden % c.heads != 0 && !root.contains("head_dim") && !defaults)
        fail(origin, "num_attention_heads", "does not divide hidden_size and no head_dim is given");
    c.headDim = positiveInt(root, "head_dim", origin, defaults ? defaults->headDim : c.hidden / c.heads);
    if (c.headDim % 2 != 0) fail(origin, "head_dim", "must be even (rotary embedding)");
    if (c.heads % c.kvHeads != 0) fail(origin, "num_key_value_heads", "must divide num_attention_heads");
    c.rmsEps = exaone3 ? positiveNumber(root, "layer_norm_epsilon", origin, 1e-6)
                       : positiveNumber(root, "rms_norm_eps", origin, 1e-6);
    c.ropeTheta = positiveNumber(root, "rope_theta", origin, type == "gemma3_text" ? 1e6 : 10000.0);
    c.maxPositions = positiveInt(root, "max_position_embeddings", origin, defaults ? defaults->maxPositions : 4096);
    c.tieEmbeddings = gemma || exaone3;  // Gemma and EXAONE 3 tie by default; the others do not
    if (const auto it = root.find("tie_word_embeddings"); it != root.end() && it->is_boolean())
        c.tieEmbeddings = it->get<bool>();
    for (const char* key : {"torch_dtype", "dtype"})  // transformers 4.x, 5.x
        if (const auto it = root.find(key); it != root.end() && it->is_string()) c.torchDtype = it->get<std::string>();
    if (gemma && type != "gemma") {
        c.queryPreAttnScalar = optionalPositive(root, "query_pre_attn_scalar", origin, 256.0);
        if (!c.queryPreAttnScalar) fail(origin, "query_pre_attn_scalar", "must be a positive number");
    }
    if (type == "gemma2") {
        c.attnSoftcap = optionalPositive(root, "attn_logit_softcapping", origin, 50.0);
        c.finalSoftcap = optionalPositive(root, "final_logit_softcapping", origin, 30.0);
    } else if (type == "gemma3_text") {
        c.attnSoftcap = optionalPositive(root, "attn_logit_softcapping", origin, std::nullopt);
        c.finalSoftcap = optionalPositive(root, "final_logit_softcapping", origin, std::nullopt);
    }

    // Sliding windows (Mistral, Qwen2/3, Gemma 2/3, EXAONE 4.0). Qwen2/3 configs name a sliding_window that only
    // applies with use_sliding_window; Gemma 2/3 and EXAONE 4.0 default to 4096 when the key is absent.
    const bool windowUsed = !root.contains("use_sliding_window") || !root["use_sliding_window"].is_boolean() ||
                            root["use_sliding_window"].get<bool>();
    std::optional<long long> window;
    if (const auto it = root.find("sliding_window"); it != root.end()) {
        if (!it->is_null() && (!it->is_number_integer() || it->get<long long>() <= 0))
            fail(origin, "sliding_window", "must be a positive integer or null");
        if (!it->is_null()) window = it->get<long long>();
    } else if (family.windowByDefault) {
        window = 4096;
    }
    // Llama's and Gemma's modules have no sliding window, whatever the config says.
    const bool windowed = type != "llama" && type != "gemma" && !exaone3;
    if (window && windowUsed && windowed) c.slidingWindow = long(std::min<long long>(*window, 1LL << 40));
    if (const auto it = root.find("layer_types"); it != root.end() && !it->is_null()) {
        if (!it->is_array() || it->size() != std::size_t(c.layers))
            fail(origin, "layer_types", "must list one type for each of the " + std::to_string(c.layers) + " layers");
        for (std::size_t i = 0; i < it->size(); ++i) {
            const auto& t = (*it)[i];
            if (t == "sliding_attention")
                c.slidingLayers.push_back(true);
            else if (t == "full_attention")
                c.slidingLayers.push_back(false);
            else
                fail(origin, "layer_types[" + std::to_string(i) + "]",
                     t.dump() + " is not supported (supported: sliding_attention, full_attention)");
        }
    } else if (c.slidingWindow) {
        // Each family's default pattern when the config lists no layer types (transformers' config classes).
        auto every = [&](auto isSliding) {
            for (int i = 0; i < c.layers; ++i) c.slidingLayers.push_back(isSliding(i));
        };
        if (type == "gemma2") {
            every([](int i) { return (i + 1) % 2 != 0; });
        } else if (type == "gemma3_text") {
            const int pattern = positiveInt(root, "sliding_window_pattern", origin, 6);
            every([&](int i) { return (i + 1) % pattern != 0; });
        } else if (type == "exaone4") {
            const auto it = root.find("sliding_window_pattern");
            if (it != root.end() && it->is_string()) {  // e.g. "LLLG", repeating from layer 0
                const std::string pattern = it->get<std::string>();
                if (pattern.empty() || pattern.find_first_not_of("LG") != std::string::npos)
                    fail(origin, "sliding_window_pattern", "must be a positive integer or a string of L and G");
                every([&](int i) { return pattern[std::size_t(i) % pattern.size()] == 'L'; });
            } else {
                const int pattern = positiveInt(root, "sliding_window_pattern", origin, 4);
                every([&](int i) { return (i + 1) % pattern != 0; });
            }
        } else if (type == "qwen2" || type == "qwen3") {
            const int from = positiveInt(root, "max_window_layers", origin, 28);
            every([&](int i) { return i >= from; });
        }
        // Others (Mistral): every layer.
    }
    c.fullLayersWithoutRope = type == "exaone4" && window.has_value();
    c.bosId = tokenId(root, "bos_token_id");
    c.eosId = tokenId(root, "eos_token_id");

    // Rotary embedding. transformers 5.x keeps rope_theta and the scaling together in rope_parameters (Gemma 3: one
    // entry per layer type); 4.x has rope_theta, rope_scaling and Gemma 3's rope_local_base_freq.
    const bool v5 = root.contains("rope_parameters") && !root["rope_parameters"].is_null();
    const nlohmann::json* rope = nullptr;
    std::string where = v5 ? "rope_parameters" : "rope_scaling";
    if (const auto it = root.find(where); it != root.end() && !it->is_null()) rope = &*it;
    if (type == "gemma3_text") {
        double local = positiveNumber(root, "rope_local_base_freq", origin, 10000.0);
        if (rope && rope->is_object() && (rope->contains("full_attention") || rope->contains("sliding_attention"))) {
            if (const auto it = rope->find("sliding_attention"); it != rope->end() && !it->is_null()) {
                RopeScaling localScaling;
                parseRope(*it, where + ".sliding_attention", origin, local, localScaling);
                if (localScaling.type != RopeScaling::Type::None)
                    fail(origin, where + ".sliding_attention", "rope scaling on the sliding layers is not supported");
            }
            const auto full = rope->find("full_attention");
            rope = full != rope->end() && !full->is_null() ? &*full : nullptr;
            where += ".full_attention";
        }
        c.localRopeTheta = local;
    }
    if (rope) parseRope(*rope, where, origin, c.ropeTheta, c.rope);
    return c;
}

LlamaConfig readLlamaConfig(const std::string& path) { return parseLlamaConfig(readFile(path), path); }

std::string llamaConfigJson(const LlamaConfig& c) {
    const Family* family = findFamily(c.family);
    const bool gemma = family && family->gemma;
    const char* activation = c.activation == Activation::Silu       ? "silu"
                             : c.activation == Activation::GeluTanh ? "gelu_pytorch_tanh"
                                                                    : "gelu";
    nlohmann::ordered_json j = {
        {"architectures", {c.architecture}},
        {"model_type", c.family},
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
        {"hidden_act", activation},
        {"attention_bias", c.oBias},  // Qwen2's q/k/v biases come with the family
        {"mlp_bias", false},
    };
    if (gemma) j["hidden_activation"] = activation;
    if (c.family == "exaone") {  // EXAONE 3.x's own keys
        for (const auto& [llama, exaone] :
             {std::pair{"num_hidden_layers", "num_layers"}, std::pair{"rms_norm_eps", "layer_norm_epsilon"},
              std::pair{"hidden_act", "activation_function"}}) {
            j[exaone] = j[llama];
            j.erase(llama);
        }
    }
    if (gemma && c.family != "gemma") {
        const double scalar = c.queryPreAttnScalar.value_or(c.headDim);  // an int in transformers' config class
        j["query_pre_attn_scalar"] = scalar == std::floor(scalar)
                                         ? nlohmann::ordered_json(static_cast<long long>(scalar))
                                         : nlohmann::ordered_json(scalar);
        j["attn_logit_softcapping"] = c.attnSoftcap ? nlohmann::ordered_json(*c.attnSoftcap) : nullptr;
        j["final_logit_softcapping"] = c.finalSoftcap ? nlohmann::ordered_json(*c.finalSoftcap) : nullptr;
    }
    if (c.localRopeTheta) j["rope_local_base_freq"] = *c.localRopeTheta;
    if (c.slidingWindow) {
        j["sliding_window"] = *c.slidingWindow;
        if (c.family == "qwen2" || c.family == "qwen3") j["use_sliding_window"] = true;
    } else if (family && family->windowByDefault) {
        j["sliding_window"] = nullptr;  // absent would mean these families' default of 4096
    }
    if (!c.slidingLayers.empty()) {
        auto& types = j["layer_types"] = nlohmann::ordered_json::array();
        for (const bool sliding : c.slidingLayers) types.push_back(sliding ? "sliding_attention" : "full_attention");
    }
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
