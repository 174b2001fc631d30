// Where a chat template comes from: a model folder (its tokenizer_config.json), a tokenizer_config.json, a Jinja
// file, or a built-in name - with the special tokens the template is rendered with.
#pragma once

#include "chat/chat_template.h"

#include <string>

namespace cci::chat {

struct ResolvedTemplate {
    ChatTemplate chatTemplate;
    ChatTemplateOptions options;  // bos/eos/unk/pad from the tokenizer config when there is one
    std::string description;      // for messages: "models/x/tokenizer_config.json", "built-in template chatml", …
};

// `spec` is a built-in name, a .jinja/.txt file, a tokenizer_config.json, or a model folder. Throws cci::Error.
ResolvedTemplate resolveChatTemplate(const std::string& spec);

}  // namespace cci::chat
