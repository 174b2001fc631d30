// The chat template files transformers (4.50 and later, 5.x always) saves beside tokenizer_config.json:
// chat_template.jinja (the default template) and additional_chat_templates/NAME.jinja (named ones). When any of
// them exists they replace tokenizer_config.json's "chat_template" entirely, as AutoTokenizer.from_pretrained reads
// them: one file alone is the single template; with named files the templates are a dict ("default" is
// chat_template.jinja), from which apply_chat_template takes "default" unless a name is asked for.
#pragma once

#include "tokenizer/tokenizer_config.h"

#include <string>

namespace cci::tok {

// Overlays the template files of model folder `dir` on `config` (read from its tokenizer_config.json, or defaults
// when there is none). Leaves `config` as it is when the folder has no template file. Throws cci::Error naming the
// file that cannot be read.
void readChatTemplateFiles(const std::string& dir, TokenizerConfig& config);

// Where template `name` ("" or "default": the default one) of `config` was read, for messages:
// "DIR/chat_template.jinja", "DIR/additional_chat_templates/NAME.jinja", "…/tokenizer_config.json (chat_template)".
std::string chatTemplateOrigin(const TokenizerConfig& config, const std::string& name);

}  // namespace cci::tok
