// `--template-kwargs` (see template_kwargs_option.h).
#include "template_kwargs_option.h"

#include "chat/template_kwargs.h"
#include "util/problem.h"

namespace cci::cli {

OptionSpec templateKwargsOptionSpec() {
    return {"template-kwargs", "K=V[,K=V]|JSON",
            "keyword arguments for the chat template, as apply_chat_template(**kwargs) passes them (e.g. "
            "enable_thinking=false for Qwen3 and EXAONE 4.0); values are JSON, True/False/None, or text"};
}

chat::TemplateKwargs templateKwargsOption(const ParsedArgs& args) {
    if (!args.has("template-kwargs")) return {};
    try {
        return chat::parseTemplateKwargs(args.value("template-kwargs"), "--template-kwargs");
    } catch (const Error& e) {
        throw UsageError(e.what());
    }
}

}  // namespace cci::cli
