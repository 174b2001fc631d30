// `cci template SPEC [--messages FILE.json | --cases FILE.jsonl] [--no-generation-prompt]`: renders a chat template
// (built-in name, Jinja file, tokenizer_config.json or model folder) over messages, as apply_chat_template does.
#include "commands.h"
#include "jsonl_input.h"
#include "template_kwargs_option.h"

#include "chat/template_kwargs.h"
#include "chat/template_source.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cci::cli {
namespace {

std::vector<chat::ChatMessage> messagesFrom(const nlohmann::json& list, const std::string& where) {
    if (!list.is_array()) throw Error(where + ": \"messages\" must be a list of {\"role\", \"content\"}");
    std::vector<chat::ChatMessage> messages;
    for (const auto& m : list) {
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string() || !m.contains("content") ||
            !m["content"].is_string())
            throw Error(where + ": each message needs string \"role\" and \"content\"");
        messages.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
    }
    return messages;
}

}  // namespace

Command templateCommand() {
    CommandSpec spec{
        .name = "template",
        .summary = "Render a chat template over a list of messages.",
        .usage =
            "cci template SPEC [--messages FILE.json | --cases FILE.jsonl] [--no-generation-prompt]\n"
            "                    [--template-kwargs K=V,…]",
        .details =
            "SPEC is a built-in template (llama2, chatml, llama3, solar), a Jinja file, a tokenizer_config.json\n"
            "or a model folder (its chat_template.jinja, else tokenizer_config.json's, as transformers reads them);\n"
            "FOLDER#NAME picks a named template (additional_chat_templates/NAME.jinja). --messages takes a JSON list "
            "of {\"role\", \"content\"} and prints the text.\n"
            "--cases takes lines {\"id\", \"messages\", \"add_generation_prompt\"} and prints lines {\"id\", "
            "\"text\"}\n"
            "(or {\"id\", \"error\"} when the template raises an error for that case).",
        .options = {{"messages", "FILE.json", "a list of messages"},
                    {"cases", "FILE.jsonl", "one case per line"},
                    {"no-generation-prompt", "", "do not add the assistant's generation prompt"},
                    {"show-source", "",
                     "print the template's Jinja source, the special tokens and keyword arguments it is rendered with"},
                    templateKwargsOptionSpec()},
        .minPositionals = 1,
        .maxPositionals = 1,
    };
    return {spec, [](const ParsedArgs& args) -> int {
                const auto resolved = chat::resolveChatTemplate(args.positionals.front(), templateKwargsOption(args));
                auto options = resolved.options;
                options.addGenerationPrompt = !args.has("no-generation-prompt");
                if (args.has("show-source")) {
                    const nlohmann::ordered_json info = {
                        {"origin", resolved.description},
                        {"bos_token", options.bosToken},
                        {"eos_token", options.eosToken},
                        {"unk_token", options.unkToken},
                        {"pad_token", options.padToken},
                        {"source", resolved.chatTemplate.source()},
                        {"template_kwargs",
                         nlohmann::ordered_json::parse(chat::templateKwargsToJson(options.templateKwargs))}};
                    std::cout << info.dump(2) << '\n';
                    return kExitOk;
                }
                if (args.has("messages")) {
                    const std::string path = args.value("messages");
                    nlohmann::json list;
                    try {
                        list = nlohmann::json::parse(readFile(path));
                    } catch (const nlohmann::json::exception& e) {
                        throw Error(path + ": not valid JSON");
                    }
                    std::cout << resolved.chatTemplate.render(messagesFrom(list, path), options);
                    return kExitOk;
                }
                if (!args.has("cases")) throw UsageError("give --messages FILE.json or --cases FILE.jsonl");
                const std::string path = args.value("cases");
                forEachJsonLine(path, [&](const nlohmann::json& row, const std::string& where) {
                    auto caseOptions = options;
                    if (const auto g = row.find("add_generation_prompt"); g != row.end()) {
                        if (!g->is_boolean()) throw Error(where + ": \"add_generation_prompt\" must be true or false");
                        caseOptions.addGenerationPrompt = g->get<bool>();
                    }
                    nlohmann::ordered_json out = {{"id", row.value("id", nlohmann::json())}};
                    try {
                        const auto messages = row.find("messages");
                        out["text"] = resolved.chatTemplate.render(
                            messagesFrom(messages == row.end() ? nlohmann::json() : *messages, where), caseOptions);
                    } catch (const Error& e) {
                        out["error"] = e.what();
                    }
                    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
                });
                return kExitOk;
            }};
}

}  // namespace cci::cli
