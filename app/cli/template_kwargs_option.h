// `--template-kwargs`, shared by every command that renders a chat template (template, prompt, eda, predict,
// train): the option's help and its value read as chat/template_kwargs.h says.
#pragma once

#include "cli_args.h"

#include "chat/chat_template.h"

namespace cci::cli {

OptionSpec templateKwargsOptionSpec();
// The option's value (empty when not given); a bad value is a UsageError naming the option and the argument.
chat::TemplateKwargs templateKwargsOption(const ParsedArgs& args);

}  // namespace cci::cli
