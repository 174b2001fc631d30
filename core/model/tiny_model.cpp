// Tiny random models (see tiny_model.h).
#include "model/tiny_model.h"

#include "chat/chat_template.h"
#include "model/model_check.h"
#include "model/safetensors.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <random>
#include <set>

namespace cci::model {

namespace {

void addCharacters(std::set<std::string>& chars, const std::string& text) {
    for (std::size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        const std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
        const std::string c = text.substr(i, n);
        if (c != " ") chars.insert(c);
        i += n;
    }
}

std::string tokenizerJson(const std::vector<std::string>& vocab) {
    nlohmann::ordered_json v = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < vocab.size(); ++i) v[vocab[i]] = i;
    auto special = [](int id, const char* content) {
        return nlohmann::ordered_json{{"id", id},        {"content", content}, {"single_word", false},
                                      {"lstrip", false}, {"rstrip", false},    {"normalized", false},
                                      {"special", true}};
    };
    nlohmann::ordered_json j = {
        {"version", "1.0"},
        {"truncation", nullptr},
        {"padding", nullptr},
        {"added_tokens", {special(0, "<unk>"), special(1, "<s>"), special(2, "</s>")}},
        // Spaces become ▁ without a prepended one, so "A. …" targets start with the "A" that scoring reads.
        {"normalizer", {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\u2581"}}},
        {"pre_tokenizer", nullptr},
        {"post_processor",
         {{"type", "TemplateProcessing"},
          {"single",
           {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
          {"pair",
           {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
            {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
            {{"SpecialToken", {{"id", "<s>"}, {"type_id", 1}}}},
            {{"Sequence", {{"id", "B"}, {"type_id", 1}}}}}},
          {"special_tokens", {{"<s>", {{"id", "<s>"}, {"ids", {1}}, {"tokens", {"<s>"}}}}}}}},
        {"decoder",
         {{"type", "Sequence"},
          {"decoders",
           {{{"type", "Replace"}, {"pattern", {{"String", "\u2581"}}}, {"content", " "}},
            {{"type", "ByteFallback"}},
            {{"type", "Fuse"}}}}}},
        {"model",
         {{"type", "BPE"},
          {"dropout", nullptr},
          {"unk_token", "<unk>"},
          {"continuing_subword_prefix", nullptr},
          {"end_of_word_suffix", nullptr},
          {"fuse_unk", true},
          {"byte_fallback", true},
          {"ignore_merges", false},
          {"vocab", v},
          {"merges", nlohmann::ordered_json::array()}}},
    };
    return j.dump(1) + "\n";
}

}  // namespace

LlamaConfig makeTinyModel(const std::string& folder, const std::vector<Corpus>& corpora, const TinyModelSpec& spec) {
    if (spec.hidden <= 0 || spec.layers <= 0 || spec.heads <= 0 || spec.kvHeads <= 0 || spec.intermediate <= 0)
        throw Error("make-tiny-model: sizes must be positive");
    if (spec.hidden % spec.heads != 0) throw Error("make-tiny-model: --heads must divide --hidden");
    if ((spec.hidden / spec.heads) % 2 != 0)
        throw Error("make-tiny-model: the head size (hidden / heads) must be even");
    if (spec.heads % spec.kvHeads != 0) throw Error("make-tiny-model: --kv-heads must divide --heads");
    DType dtype = DType::F32;
    if (spec.dtype == "bfloat16")
        dtype = DType::BF16;
    else if (spec.dtype == "float16")
        dtype = DType::F16;
    else if (spec.dtype != "float32")
        throw Error("make-tiny-model: --dtype must be float32, bfloat16 or float16");

    std::vector<std::string> vocab = {"<unk>", "<s>", "</s>"};
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        vocab.emplace_back(name);
    }
    std::set<std::string> chars;
    for (char c = '!'; c <= '~'; ++c) chars.insert(std::string(1, c));
    chars.insert("\u2581");
    for (const auto& corpus : corpora)
        for (const auto& s : corpus.samples) {
            for (const auto& u : s.conversation) addCharacters(chars, u.text);
            for (const auto& inf : s.inferences) addCharacters(chars, inf);
            addCharacters(chars, s.category);
        }
    for (const char* letter : {"A", "B", "C"}) {
        chars.erase(letter);
        vocab.emplace_back(letter);
    }
    vocab.insert(vocab.end(), chars.begin(), chars.end());
    for (int k = 0; int(vocab.size()) < spec.vocabAtLeast; ++k) vocab.push_back("<unused_" + std::to_string(k) + ">");

    // The family's config.json read back: its defaults (norms, activation, caps, layer types) are the parser's.
    nlohmann::json config = {{"model_type", spec.family},
                             {"hidden_size", spec.hidden},
                             {"intermediate_size", spec.intermediate},
                             {"num_hidden_layers", spec.layers},
                             {"num_attention_heads", spec.heads},
                             {"num_key_value_heads", spec.kvHeads},
                             {"head_dim", spec.hidden / std::max(1, spec.heads)},
                             {"vocab_size", int(vocab.size())},
                             {"rms_norm_eps", 1e-5},
                             {"max_position_embeddings", spec.maxPositions},
                             {"tie_word_embeddings", spec.tieEmbeddings},
                             {"torch_dtype", spec.dtype},
                             {"query_pre_attn_scalar", spec.hidden / std::max(1, spec.heads)},
                             {"bos_token_id", 1},
                             {"eos_token_id", 2}};
    if (spec.slidingWindow > 0)
        config["sliding_window"] = spec.slidingWindow;
    else
        config["sliding_window"] = nullptr;
    LlamaConfig c = parseLlamaConfig(config.dump(), "the tiny model's config");
    c.rope = spec.rope;

    std::mt19937_64 rng(spec.seed);
    std::normal_distribution<float> normal(0.0f, 0.02f);
    std::vector<TensorData> tensors;
    // A tensor of random normal values, or of `constant`.
    auto add = [&](const std::string& name, std::vector<std::int64_t> shape, std::optional<float> constant) {
        std::int64_t n = 1;
        for (auto d : shape) n *= d;
        TensorData t{name, dtype, std::move(shape), {}};
        t.bytes.resize(std::size_t(n) * dtypeSize(dtype));
        for (std::int64_t i = 0; i < n; ++i) {
            const float value = constant ? *constant : normal(rng);
            if (dtype == DType::F32) {
                std::memcpy(t.bytes.data() + 4 * i, &value, 4);
            } else if (dtype == DType::BF16) {
                const std::uint16_t h = floatToBf16(value);
                std::memcpy(t.bytes.data() + 2 * i, &h, 2);
            } else {
                // float16 through bfloat16's exponent range is not exact: write half precision directly.
                std::uint32_t bits;
                std::memcpy(&bits, &value, 4);
                const std::uint32_t sign = (bits >> 16) & 0x8000u;
                const int exponent = int((bits >> 23) & 0xFF) - 127 + 15;
                std::uint16_t h = static_cast<std::uint16_t>(sign);
                if (exponent > 0 && exponent < 31)
                    h = static_cast<std::uint16_t>(sign | (exponent << 10) | ((bits >> 13) & 0x3FF));
                std::memcpy(t.bytes.data() + 2 * i, &h, 2);
            }
        }
        tensors.push_back(std::move(t));
    };
    // Every weight the family's model holds, in the checker's order; norms are the identity ((1 + 0) for Gemma's).
    const bool onePlus = c.normWeighting == NormWeighting::OnePlusScale;
    for (const ExpectedWeight& w : llamaWeights(c)) {
        const bool norm = w.name.size() >= 11 && w.name.compare(w.name.size() - 11, 11, "norm.weight") == 0;
        add(w.name, w.shape, norm ? (onePlus ? 0.0f : 1.0f) : std::optional<float>());
    }

    std::error_code ec;
    // Never over what a folder holds: a model, tokenizer files (a user's own tokenizer), or a run (a run folder's
    // run.json or adapter).
    for (const char* file : {"config.json", "model.safetensors", "model.safetensors.index.json", "tokenizer.json",
                             "tokenizer_config.json", "tokenizer.model", "run.json", "adapter_config.json"})
        if (std::filesystem::exists(folder + "/" + file, ec))
            throw Error(folder + ": already holds " + file + "; choose a new folder for the model");
    // Every file is written into a staging folder first and moved in only when all are complete: a full disk leaves
    // no folder with a config.json but no weights.
    namespace fs = std::filesystem;
    const bool created = !fs::exists(folder, ec);
    fs::create_directories(folder, ec);
    if (ec) throw Error(folder + ": cannot create the folder: " + ec.message());
    std::string staging = (fs::path(folder) / ".make-tiny-model-XXXXXX").string();
    if (!::mkdtemp(staging.data()))
        throw Error(folder + ": cannot create a staging folder in it: " + std::strerror(errno));
    const std::vector<std::string> files = {"config.json", "model.safetensors", "tokenizer.json",
                                            "tokenizer_config.json"};
    std::vector<std::string> moved;
    try {
        writeFileAtomic(staging + "/config.json", llamaConfigJson(c));
        writeSafetensors(staging + "/model.safetensors", tensors, {{"format", "pt"}});
        writeFileAtomic(staging + "/tokenizer.json", tokenizerJson(vocab));
        // PreTrainedTokenizerFast: transformers applies tokenizer.json as written. ("LlamaTokenizer" would make
        // transformers 5 rebuild it with SentencePiece-Llama conventions - a leading "▁" - that this vocabulary lacks.)
        const nlohmann::ordered_json tokenizerConfig = {
            {"tokenizer_class", "PreTrainedTokenizerFast"},
            {"bos_token", "<s>"},
            {"eos_token", "</s>"},
            {"unk_token", "<unk>"},
            {"pad_token", nullptr},
            {"add_bos_token", true},
            {"add_eos_token", false},
            {"model_max_length", c.maxPositions},
            {"chat_template", chat::ChatTemplate::builtin(spec.chatTemplate).source()}};
        writeFileAtomic(staging + "/tokenizer_config.json", tokenizerConfig.dump(2) + "\n");
        // config.json last: a folder is a model once it has one.
        for (auto it = files.rbegin(); it != files.rend(); ++it) {
            fs::rename(staging + "/" + *it, folder + "/" + *it);
            moved.push_back(folder + "/" + *it);
        }
    } catch (const std::exception& e) {
        for (const std::string& path : moved) fs::remove(path, ec);
        fs::remove_all(staging, ec);
        if (created) fs::remove(folder, ec);  // only when empty
        throw Error(folder + ": cannot write the model (" + std::string(e.what()) +
                    "); nothing was left in the folder");
    }
    fs::remove_all(staging, ec);
    return c;
}

}  // namespace cci::model
