// tokenizer_config.json: the special tokens by role, whether bos/eos are added, the chat template(s) and the
// model's maximum length.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace cci::tok {

struct TokenizerConfig {
    std::string bosToken, eosToken, padToken, unkToken;  // empty when not set
    std::optional<bool> addBosToken, addEosToken;
    std::string chatTemplate;                           // the default template; empty when none
    std::map<std::string, std::string> namedTemplates;  // when there are several: by name ("default" included)
    // Where the templates came from: this tokenizer_config.json's "chat_template", or (templatesFromFiles) the
    // template files in this folder (chat_template.jinja, additional_chat_templates/NAME.jinja; template_files.h).
    std::string templateOrigin;
    bool templatesFromFiles = false;
    std::optional<long long> modelMaxLength;  // absent when unset or "unlimited" (1e30)

    bool hasChatTemplate() const { return !chatTemplate.empty() || !namedTemplates.empty(); }
};

// Throws cci::Error naming the file and field on malformed content.
TokenizerConfig readTokenizerConfig(const std::string& path);
TokenizerConfig parseTokenizerConfig(std::string_view text, const std::string& origin);

}  // namespace cci::tok
