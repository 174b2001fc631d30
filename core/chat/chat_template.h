// Chat templates: a model's tokenizer_config.json "chat_template" (Jinja) rendered over a list of messages the way
// transformers' apply_chat_template does, plus built-in templates for models that ship none.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cci::chat {

struct ChatMessage {
    std::string role;  // "system", "user", "assistant"
    std::string content;
};

// Keyword arguments passed on to the template (apply_chat_template(..., enable_thinking=False)): variable name ->
// its value as JSON text (template_kwargs.h reads and checks them).
using TemplateKwargs = std::map<std::string, std::string>;

struct ChatTemplateOptions {
    bool addGenerationPrompt = true;
    std::string bosToken, eosToken, unkToken, padToken;  // an empty one is not defined for the template
    TemplateKwargs templateKwargs;                       // set over the special tokens, as transformers does
};

struct TemplateAst;

class ChatTemplate {
public:
    // Throws cci::Error naming `origin`, the line and column, and what is wrong.
    static ChatTemplate parse(std::string source, std::string origin);
    // "llama2" ([INST] <<SYS>>), "chatml", "llama3", "solar" (### User: / ### Assistant:).
    static ChatTemplate builtin(std::string_view name);
    static std::vector<std::string> builtinNames();

    // Throws cci::Error naming the origin and the template's line/column for runtime errors (including
    // raise_exception and exceeded limits).
    std::string render(const std::vector<ChatMessage>& messages, const ChatTemplateOptions& options) const;

    const std::string& source() const { return m_source; }
    const std::string& origin() const { return m_origin; }

private:
    std::string m_source, m_origin;
    std::shared_ptr<const TemplateAst> m_ast;
};

}  // namespace cci::chat
