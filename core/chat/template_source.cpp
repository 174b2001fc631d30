// Resolving a chat template (see template_source.h).
#include "chat/template_source.h"

#include "tokenizer/template_files.h"
#include "tokenizer/tokenizer_config.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <filesystem>

namespace cci::chat {

namespace {

std::string builtinList() {
    std::string names;
    for (const auto& n : ChatTemplate::builtinNames()) names += (names.empty() ? "" : ", ") + n;
    return names;
}

void setSpecialTokens(ChatTemplateOptions& options, const tok::TokenizerConfig& config) {
    options.bosToken = config.bosToken;
    options.eosToken = config.eosToken;
    options.unkToken = config.unkToken;
    options.padToken = config.padToken;
}

// A model folder's tokenizer_config.json (defaults when it has none) with its template files over it.
tok::TokenizerConfig folderConfig(const std::string& folder, bool* hasConfigFile = nullptr) {
    std::error_code ec;
    tok::TokenizerConfig config;
    const auto configFile = std::filesystem::path(folder) / "tokenizer_config.json";
    const bool hasConfig = std::filesystem::exists(configFile, ec);
    if (hasConfig) config = tok::readTokenizerConfig(configFile.string());
    tok::readChatTemplateFiles(folder, config);
    if (hasConfigFile) *hasConfigFile = hasConfig;
    return config;
}

// The config of a folder or a tokenizer_config.json file.
tok::TokenizerConfig readConfig(const std::string& path, bool isFolder) {
    if (!isFolder) return tok::readTokenizerConfig(path);
    bool hasConfig = false;
    auto config = folderConfig(path, &hasConfig);
    if (!hasConfig && !config.hasChatTemplate())
        throw Error(path + ": the model folder has no tokenizer_config.json and no chat_template.jinja");
    return config;
}

ResolvedTemplate fromConfig(const std::string& path, bool isFolder, const std::string& name) {
    const auto config = readConfig(path, isFolder);
    const std::string& where = path;
    if (!config.hasChatTemplate())
        throw Error(where + ": no chat template (" + (isFolder ? "no chat_template.jinja, " : "") +
                    "no chat_template in tokenizer_config.json); give a template file or a built-in name (" +
                    builtinList() + ")");
    std::string names;
    for (const auto& [n, source] : config.namedTemplates) names += (names.empty() ? "" : ", ") + n;
    std::string source;
    if (!name.empty()) {
        const auto it = config.namedTemplates.find(name);
        if (it == config.namedTemplates.end())
            throw Error(where + ": no chat template named \"" + name + "\" (" +
                        (names.empty() ? std::string("the model has a single template; give the folder alone")
                                       : "its templates: " + names) +
                        ")");
        source = it->second;
    } else if (!config.chatTemplate.empty()) {
        source = config.chatTemplate;
    } else {
        throw Error(where + ": the model has several chat templates and no default; name one as " + path +
                    "#NAME (its templates: " + names + ")");
    }
    const std::string origin = tok::chatTemplateOrigin(config, name);
    ResolvedTemplate r{ChatTemplate::parse(source, origin), {}, origin};
    setSpecialTokens(r.options, config);
    return r;
}

ResolvedTemplate resolveWithoutKwargs(const std::string& spec) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::is_directory(spec, ec)) return fromConfig(spec, true, "");
    if (fs::is_regular_file(spec, ec)) {
        if (spec.ends_with(".json")) return fromConfig(spec, false, "");
        return {ChatTemplate::parse(readFile(spec), spec), {}, spec};
    }
    if (const auto hash = spec.rfind('#'); hash != std::string::npos && hash + 1 < spec.size()) {
        const std::string base = spec.substr(0, hash), name = spec.substr(hash + 1);
        if (fs::is_directory(base, ec)) return fromConfig(base, true, name);
        if (fs::is_regular_file(base, ec) && base.ends_with(".json")) return fromConfig(base, false, name);
    }
    for (const auto& name : ChatTemplate::builtinNames()) {
        if (spec == name) {
            ResolvedTemplate r{ChatTemplate::builtin(name), {}, "built-in template " + name};
            if (name == "llama2" || name == "solar") r.options = {true, "<s>", "</s>", "<unk>", "", {}};
            if (name == "llama3") r.options = {true, "<|begin_of_text|>", "<|eot_id|>", "", "", {}};
            if (name == "chatml") r.options = {true, "", "<|im_end|>", "", "", {}};
            return r;
        }
    }
    throw Error("\"" + spec + "\" is neither a file, a model folder (FOLDER#NAME for a named template) nor a " +
                "built-in template (" + builtinList() + ")");
}

}  // namespace

ResolvedTemplate resolveModelTemplate(const std::string& modelDir, const std::string& spec,
                                      const TemplateKwargs& kwargs) {
    if (spec.empty()) return resolveChatTemplate(modelDir, kwargs);
    ResolvedTemplate r = resolveChatTemplate(spec, kwargs);
    std::error_code ec;
    const bool jinjaFile = std::filesystem::is_regular_file(spec, ec) && !spec.ends_with(".json");
    if (jinjaFile && std::filesystem::is_directory(modelDir, ec)) {
        setSpecialTokens(r.options, folderConfig(modelDir));
    }
    return r;
}

std::vector<std::string> modelTemplateNames(const std::string& folder) {
    std::vector<std::string> names;
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) return names;
    for (const auto& [name, source] : folderConfig(folder).namedTemplates) names.push_back(name);
    return names;
}

ResolvedTemplate resolveChatTemplate(const std::string& spec, const TemplateKwargs& kwargs) {
    ResolvedTemplate r = resolveWithoutKwargs(spec);
    r.options.templateKwargs = kwargs;
    return r;
}

}  // namespace cci::chat
