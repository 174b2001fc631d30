// tokenizer_config.json (see tokenizer_config.h).
#include "tokenizer/tokenizer_config.h"

#include "util/atomic_write.h"
#include "util/json_stream.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

namespace cci::tok {

namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& path, const std::string& message) {
    Problem p;
    p.file = origin;
    p.path = path;
    p.message = message;
    throw Error({p});
}

// A token given as "text" or as {"content": "text", …} (AddedToken serialisation).
std::string tokenField(const nlohmann::json& root, const char* key, const std::string& origin) {
    const auto it = root.find(key);
    if (it == root.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string())
        return (*it)["content"].get<std::string>();
    fail(origin, key, "expected a token string or an object with \"content\"");
}

std::optional<bool> boolField(const nlohmann::json& root, const char* key, const std::string& origin) {
    const auto it = root.find(key);
    if (it == root.end() || it->is_null()) return std::nullopt;
    if (!it->is_boolean()) fail(origin, key, "expected true or false");
    return it->get<bool>();
}

}  // namespace

TokenizerConfig parseTokenizerConfig(std::string_view text, const std::string& origin) {
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        Problem p;
        p.file = origin;
        std::tie(p.line, p.column) = lineAndColumn(text, e.byte > 0 ? e.byte - 1 : 0);
        p.message = "not valid JSON";
        throw Error({p});
    }
    if (!root.is_object()) fail(origin, "", "a tokenizer_config.json must be a JSON object");
    TokenizerConfig config;
    config.bosToken = tokenField(root, "bos_token", origin);
    config.eosToken = tokenField(root, "eos_token", origin);
    config.padToken = tokenField(root, "pad_token", origin);
    config.unkToken = tokenField(root, "unk_token", origin);
    config.addBosToken = boolField(root, "add_bos_token", origin);
    config.addEosToken = boolField(root, "add_eos_token", origin);
    if (const auto it = root.find("chat_template"); it != root.end() && !it->is_null()) {
        if (it->is_string()) {
            config.chatTemplate = it->get<std::string>();
        } else if (it->is_array()) {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const auto& entry = (*it)[i];
                if (!entry.is_object() || !entry.contains("name") || !entry["name"].is_string() ||
                    !entry.contains("template") || !entry["template"].is_string())
                    fail(origin, "chat_template[" + std::to_string(i) + "]", "expected {\"name\", \"template\"}");
                config.namedTemplates[entry["name"].get<std::string>()] = entry["template"].get<std::string>();
            }
            if (const auto d = config.namedTemplates.find("default"); d != config.namedTemplates.end())
                config.chatTemplate = d->second;
        } else {
            fail(origin, "chat_template", "expected a string or a list of {name, template}");
        }
        config.templateOrigin = origin;
    }
    if (const auto it = root.find("model_max_length"); it != root.end() && it->is_number()) {
        const double value = it->get<double>();
        if (value > 0 && value < 1e15) config.modelMaxLength = static_cast<long long>(value);
    }
    return config;
}

TokenizerConfig readTokenizerConfig(const std::string& path) {
    std::string text;
    try {
        text = readFile(path);
    } catch (const std::exception& e) {
        fail(path, "", std::string("cannot read: ") + e.what());
    }
    return parseTokenizerConfig(text, path);
}

}  // namespace cci::tok
