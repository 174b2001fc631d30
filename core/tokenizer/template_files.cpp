// Chat template files beside tokenizer_config.json (see template_files.h).
#include "tokenizer/template_files.h"

#include "util/atomic_write.h"
#include "util/problem.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <vector>

namespace cci::tok {

namespace {

std::string readTemplateFile(const std::filesystem::path& path) {
    try {
        return readFile(path.string());
    } catch (const std::exception& e) {
        Problem p;
        p.file = path.string();
        p.message = std::string("cannot read the chat template: ") + e.what();
        throw Error({p});
    }
}

}  // namespace

void readChatTemplateFiles(const std::string& dir, TokenizerConfig& config) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::map<std::string, std::string> templates;
    const fs::path defaultFile = fs::path(dir) / "chat_template.jinja";
    if (fs::is_regular_file(defaultFile, ec)) templates["default"] = readTemplateFile(defaultFile);
    // transformers globs additional_chat_templates/*.jinja; the name is the file name without ".jinja".
    const fs::path namedDir = fs::path(dir) / "additional_chat_templates";
    if (fs::is_directory(namedDir, ec)) {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(namedDir, ec))
            if (entry.path().extension() == ".jinja") files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& file : files) templates[file.stem().string()] = readTemplateFile(file);
    }
    if (templates.empty()) return;
    config.chatTemplate.clear();
    config.namedTemplates.clear();
    config.templateOrigin = dir;
    config.templatesFromFiles = true;
    if (const auto d = templates.find("default"); d != templates.end()) config.chatTemplate = d->second;
    if (!(templates.size() == 1 && templates.count("default"))) config.namedTemplates = std::move(templates);
}

std::string chatTemplateOrigin(const TokenizerConfig& config, const std::string& name) {
    namespace fs = std::filesystem;
    const bool isDefault = name.empty() || name == "default";
    if (config.templatesFromFiles)
        return (isDefault ? fs::path(config.templateOrigin) / "chat_template.jinja"
                          : fs::path(config.templateOrigin) / "additional_chat_templates" / (name + ".jinja"))
            .string();
    return config.templateOrigin + (isDefault ? " (chat_template)" : " (chat_template \"" + name + "\")");
}

}  // namespace cci::tok
