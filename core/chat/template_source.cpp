// Resolving a chat template (see template_source.h).
#include "chat/template_source.h"

#include "tokenizer/tokenizer_config.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <filesystem>

namespace cci::chat {

namespace {

ResolvedTemplate fromConfig(const std::string& configPath) {
    const auto config = tok::readTokenizerConfig(configPath);
    if (config.chatTemplate.empty()) {
        std::string names;
        for (const auto& n : ChatTemplate::builtinNames()) names += (names.empty() ? "" : ", ") + n;
        throw Error(configPath + ": no chat_template; give a template file or a built-in name (" + names + ")");
    }
    ResolvedTemplate r{ChatTemplate::parse(config.chatTemplate, configPath + " (chat_template)"), {}, configPath};
    r.options.bosToken = config.bosToken;
    r.options.eosToken = config.eosToken;
    r.options.unkToken = config.unkToken;
    r.options.padToken = config.padToken;
    return r;
}

}  // namespace

ResolvedTemplate resolveChatTemplate(const std::string& spec) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(spec, ec)) {
        const auto config = fs::path(spec) / "tokenizer_config.json";
        if (!fs::exists(config, ec)) throw Error(spec + ": the model folder has no tokenizer_config.json");
        return fromConfig(config.string());
    }
    if (fs::is_regular_file(spec, ec)) {
        if (spec.ends_with(".json")) return fromConfig(spec);
        return {ChatTemplate::parse(readFile(spec), spec), {}, spec};
    }
    for (const auto& name : ChatTemplate::builtinNames()) {
        if (spec == name) {
            ResolvedTemplate r{ChatTemplate::builtin(name), {}, "built-in template " + name};
            if (name == "llama2" || name == "solar") r.options = {true, "<s>", "</s>", "<unk>", ""};
            if (name == "llama3") r.options = {true, "<|begin_of_text|>", "<|eot_id|>", "", ""};
            if (name == "chatml") r.options = {true, "", "<|im_end|>", "", ""};
            return r;
        }
    }
    std::string names;
    for (const auto& n : ChatTemplate::builtinNames()) names += (names.empty() ? "" : ", ") + n;
    throw Error("\"" + spec + "\" is neither a file, a model folder nor a built-in template (" + names + ")");
}

}  // namespace cci::chat
