// Chat templates (see chat_template.h).
#include "chat/chat_template.h"

#include "chat/jinja_interpreter.h"
#include "chat/jinja_parser.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

namespace cci::chat {

namespace {

[[noreturn]] void fail(const std::string& origin, const TemplateError& e) {
    Problem p;
    p.file = origin;
    p.line = e.line;
    p.column = e.column;
    p.message = e.what();
    throw Error({p});
}

// Built-in templates, written from the documented prompt formats of each model family.
struct Builtin {
    const char* name;
    const char* source;
};

const Builtin kBuiltins[] = {
    {"llama2",
     "{%- if messages and messages[0]['role'] == 'system' -%}"
     "{%- set system = messages[0]['content'] -%}{%- set turns = messages[1:] -%}"
     "{%- else -%}{%- set system = none -%}{%- set turns = messages -%}{%- endif -%}"
     "{%- for message in turns -%}"
     "{%- if message['role'] == 'user' -%}"
     "{{ bos_token + '[INST] ' }}"
     "{%- if loop.first and system is not none %}<<SYS>>\n{{ system }}\n<</SYS>>\n\n{% endif -%}"
     "{{ message['content'] | trim }} [/INST]"
     "{%- elif message['role'] == 'assistant' %} {{ message['content'] | trim }} {{ eos_token }}"
     "{%- else -%}{{ raise_exception('llama2 template: roles must be system, user or assistant') }}"
     "{%- endif -%}"
     "{%- endfor -%}"},
    {"chatml",
     "{%- for message in messages -%}"
     "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
     "{%- endfor -%}"
     "{%- if add_generation_prompt %}<|im_start|>assistant\n{% endif -%}"},
    {"llama3",
     "{{- bos_token -}}"
     "{%- for message in messages -%}"
     "<|start_header_id|>{{ message['role'] }}<|end_header_id|>\n\n{{ message['content'] | trim }}<|eot_id|>"
     "{%- endfor -%}"
     "{%- if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif -%}"},
    {"solar",
     "{{- bos_token -}}"
     "{%- for message in messages -%}"
     "{%- if message['role'] == 'system' -%}{{ message['content'] + '\\n\\n' }}"
     "{%- elif message['role'] == 'user' -%}{{ '### User:\\n' + message['content'] + '\\n\\n' }}"
     "{%- elif message['role'] == 'assistant' -%}{{ '### Assistant:\\n' + message['content'] + eos_token + '\\n\\n' }}"
     "{%- endif -%}"
     "{%- endfor -%}"
     "{%- if add_generation_prompt %}### Assistant:\n{% endif -%}"},
};

}  // namespace

ChatTemplate ChatTemplate::parse(std::string source, std::string origin) {
    ChatTemplate t;
    try {
        t.m_ast = std::make_shared<const TemplateAst>(parseTemplate(source));
    } catch (const TemplateError& e) {
        fail(origin, e);
    }
    t.m_source = std::move(source);
    t.m_origin = std::move(origin);
    return t;
}

ChatTemplate ChatTemplate::builtin(std::string_view name) {
    for (const auto& b : kBuiltins)
        if (name == b.name) return parse(b.source, std::string("built-in template ") + b.name);
    std::string names;
    for (const auto& n : builtinNames()) names += (names.empty() ? "" : ", ") + n;
    throw Error("unknown built-in chat template \"" + std::string(name) + "\" (built-in: " + names + ")");
}

std::vector<std::string> ChatTemplate::builtinNames() {
    std::vector<std::string> names;
    for (const auto& b : kBuiltins) names.emplace_back(b.name);
    return names;
}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages, const ChatTemplateOptions& options) const {
    Array list;
    for (const auto& m : messages)
        list.push_back(Value::dict({{"role", Value::of(m.role)}, {"content", Value::of(m.content)}}));
    // What apply_chat_template renders with: the special tokens that are set, then the keyword arguments (which
    // may replace them), messages, tools and documents (None here) and add_generation_prompt.
    std::map<std::string, Value> globals;
    for (const auto& [name, token] : {std::pair<const char*, const std::string&>{"bos_token", options.bosToken},
                                      {"eos_token", options.eosToken},
                                      {"unk_token", options.unkToken},
                                      {"pad_token", options.padToken}})
        if (!token.empty()) globals[name] = Value::of(token);
    for (const auto& [name, json] : options.templateKwargs)
        globals[name] = Value::fromJson(nlohmann::ordered_json::parse(json));
    globals["messages"] = Value::list(std::move(list));
    globals["tools"] = Value::none();
    globals["documents"] = Value::none();
    globals["add_generation_prompt"] = Value::of(options.addGenerationPrompt);
    try {
        return renderTemplate(*m_ast, globals);
    } catch (const TemplateError& e) {
        fail(m_origin, e);
    }
}

}  // namespace cci::chat
