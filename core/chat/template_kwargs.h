// Reading and writing chat template keyword arguments (chat_template.h's TemplateKwargs): what `--template-kwargs`,
// run.json's "template_kwargs" and the GUI's field hold. A name must be a template variable, not one of the
// variables the workbench sets itself (messages, add_generation_prompt, tools, documents) nor one of
// apply_chat_template's own arguments, which transformers would never pass to the template.
#pragma once

#include "chat/chat_template.h"

#include <string>

namespace cci::chat {

// `text` is a JSON object ({"enable_thinking": false}) or "name=value[,name=value…]" where each value is JSON
// (false, 3, 0.5, "text", [1, 2]), Python's True/False/None, or else the text itself (a string); commas inside
// brackets or quotes do not separate. Empty text gives no arguments. Throws cci::Error naming `where`, the argument
// and what is wrong.
TemplateKwargs parseTemplateKwargs(const std::string& text, const std::string& where);

// The arguments as one JSON object (keys sorted, nested objects in their order); "{}" when there are none.
std::string templateKwargsToJson(const TemplateKwargs& kwargs);

// "enable_thinking=false, effort=\"low\"" for messages and the GUI ("" when none).
std::string describeTemplateKwargs(const TemplateKwargs& kwargs);

}  // namespace cci::chat
