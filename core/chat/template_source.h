// Where a chat template comes from: a model folder (its chat_template.jinja, additional_chat_templates/ or
// tokenizer_config.json, as transformers reads them), a tokenizer_config.json, a Jinja file, or a built-in name -
// with the special tokens and keyword arguments the template is rendered with.
#pragma once

#include "chat/chat_template.h"

#include <string>
#include <vector>

namespace cci::chat {

struct ResolvedTemplate {
    ChatTemplate chatTemplate;
    ChatTemplateOptions options;  // bos/eos/unk/pad from the tokenizer config when there is one; the kwargs
    std::string description;      // for messages: "models/x/chat_template.jinja", "built-in template chatml", …
};

// `spec` is a built-in name, a .jinja/.txt file, a tokenizer_config.json, or a model folder; a folder or
// tokenizer_config.json followed by "#NAME" picks the named template (apply_chat_template(chat_template="NAME")).
// Without a name a model with several templates gives its "default" one, as transformers does (and the error
// lists the names when there is none). `kwargs` are set in the options. Throws cci::Error.
ResolvedTemplate resolveChatTemplate(const std::string& spec, const TemplateKwargs& kwargs = {});

// The template a model is run with: its own (modelDir) when `spec` is empty, else `spec`. A Jinja file is rendered
// with the model's special tokens, as tokenizer.apply_chat_template(chat_template=SOURCE) renders it; a built-in
// keeps the tokens of the family it is named for.
ResolvedTemplate resolveModelTemplate(const std::string& modelDir, const std::string& spec,
                                      const TemplateKwargs& kwargs);

// The names of a model folder's templates when it has several ("default" included), for pickers; empty when it has
// one or none. Throws cci::Error when the folder's tokenizer_config.json or a template file cannot be read.
std::vector<std::string> modelTemplateNames(const std::string& folder);

}  // namespace cci::chat
