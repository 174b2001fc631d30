// Chat template keyword arguments (see template_kwargs.h).
#include "chat/template_kwargs.h"

#include "util/problem.h"
#include "util/utf8.h"

#include <nlohmann/json.hpp>

#include <array>
#include <limits>

namespace cci::chat {

namespace {

// Variables the renderer sets from the run itself, and apply_chat_template's own parameters (a keyword argument of
// that name binds to the parameter in transformers and never reaches the template).
constexpr std::array kReserved = {"messages",
                                  "tools",
                                  "documents",
                                  "add_generation_prompt",
                                  "conversation",
                                  "chat_template",
                                  "continue_final_message",
                                  "tokenize",
                                  "sanitize_control_tokens",
                                  "padding",
                                  "truncation",
                                  "max_length",
                                  "return_tensors",
                                  "return_dict",
                                  "return_assistant_tokens_mask",
                                  "tokenizer_kwargs"};

[[noreturn]] void fail(const std::string& where, const std::string& message) { throw Error(where + ": " + message); }

void checkName(const std::string& name, const std::string& where) {
    const auto isStart = [](char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
    const auto isRest = [&](char c) { return isStart(c) || (c >= '0' && c <= '9'); };
    bool ok = !name.empty() && isStart(name.front());
    for (char c : name) ok = ok && isRest(c);
    if (!ok) fail(where, "\"" + name + "\" is not a template variable name (letters, digits and _)");
    for (const char* reserved : kReserved)
        if (name == reserved)
            fail(where, "\"" + name +
                            "\" cannot be a template keyword argument: the workbench sets it (or it is an argument "
                            "of apply_chat_template, never passed to the template)");
}

// Whole numbers must fit the template engine's 64-bit integers (Python's are unbounded; refuse rather than wrap).
void checkNumbers(const nlohmann::ordered_json& value, const std::string& where, const std::string& name) {
    if (value.is_number_unsigned() &&
        value.get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
        fail(where, "\"" + name + "\": the whole number is beyond 64 bits");
    if (value.is_structured())
        for (const auto& item : value) checkNumbers(item, where, name);
}

std::string valueFromText(const std::string& text) {
    if (text == "True") return "true";
    if (text == "False") return "false";
    if (text == "None") return "null";
    const auto parsed = nlohmann::ordered_json::parse(text, nullptr, false);
    if (!parsed.is_discarded()) return parsed.dump();
    return nlohmann::ordered_json(text).dump();
}

std::string trimmed(const std::string& s) { return std::string(utf8::trimmedAscii(s)); }

// Splits "a=1,b=[1,2],c=\"x,y\"" at the commas outside brackets and double quotes.
std::vector<std::string> splitPairs(const std::string& text) {
    std::vector<std::string> parts;
    std::string current;
    int depth = 0;
    bool quoted = false, escaped = false;
    for (char c : text) {
        if (quoted) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        } else if (c == ',' && depth == 0) {
            parts.push_back(current);
            current.clear();
            continue;
        }
        current += c;
    }
    parts.push_back(current);
    return parts;
}

}  // namespace

TemplateKwargs parseTemplateKwargs(const std::string& text, const std::string& where) {
    TemplateKwargs kwargs;
    const std::string body = trimmed(text);
    if (body.empty()) return kwargs;
    if (body.front() == '{') {
        const auto object = nlohmann::ordered_json::parse(body, nullptr, false);
        if (object.is_discarded() || !object.is_object())
            fail(where, "the template keyword arguments are not a valid JSON object");
        for (auto it = object.begin(); it != object.end(); ++it) {
            checkName(it.key(), where);
            checkNumbers(it.value(), where, it.key());
            kwargs[it.key()] = it.value().dump();
        }
        return kwargs;
    }
    for (const std::string& pair : splitPairs(body)) {
        const auto equals = pair.find('=');
        if (equals == std::string::npos)
            fail(where, "\"" + trimmed(pair) + "\" is not name=value (e.g. enable_thinking=false)");
        const std::string name = trimmed(pair.substr(0, equals));
        checkName(name, where);
        if (kwargs.count(name)) fail(where, "\"" + name + "\" is given twice");
        const std::string value = valueFromText(trimmed(pair.substr(equals + 1)));
        checkNumbers(nlohmann::ordered_json::parse(value), where, name);
        kwargs[name] = value;
    }
    return kwargs;
}

std::string templateKwargsToJson(const TemplateKwargs& kwargs) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const auto& [name, value] : kwargs) object[name] = nlohmann::ordered_json::parse(value);
    return object.dump();
}

std::string describeTemplateKwargs(const TemplateKwargs& kwargs) {
    std::string text;
    for (const auto& [name, value] : kwargs) text += (text.empty() ? "" : ", ") + name + "=" + value;
    return text;
}

}  // namespace cci::chat
