// `cci prompt IN.json --style NAME|FILE [--particles correct|legacy] [--jsonl]`: the system and user messages each
// item becomes under a prompt style (bundled styles by name or alias, or a style file).
#include "commands.h"
#include "template_kwargs_option.h"

#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "prompt/prompt_builder.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cci::cli {

Command promptCommand() {
    CommandSpec spec{
        .name = "prompt",
        .summary = "Show the prompt (system and user messages) of every item under a prompt style.",
        .usage =
            "cci prompt IN.json --style NAME|FILE [--particles correct|legacy] [--template SPEC | --model DIR]\n"
            "                  [--template-kwargs K=V,…] [--item ID] [--jsonl]",
        .details =
            "Bundled styles: Baseline, CustomRef, CustomRefOfficialTerm, CustomRefDefinition,\n"
            "CustomRefInstruction, SystemRefOfficialTerm (the published class names with a Dataset suffix are\n"
            "accepted too). --particles legacy reproduces the published particle code exactly, including the\n"
            "questions it cut short; the default picks the particle from the last Hangul syllable.\n"
            "--template (a built-in name: llama2, chatml, llama3, solar; a Jinja file; a tokenizer_config.json)\n"
            "or --model (a model folder) adds the chat-formatted text with the generation prompt, as scoring sees it.\n"
            "--jsonl prints one JSON object per item: {\"id\", \"style\", \"system\", \"user\"[, \"text\"]}.",
        .options = {{"style", "NAME|FILE", "prompt style (required)"},
                    {"particles", "correct|legacy", "particle mode (default: the style's, normally correct)"},
                    {"template", "SPEC", "chat template: built-in name, Jinja file or tokenizer_config.json"},
                    {"model", "DIR",
                     "model folder whose chat template is used (chat_template.jinja or "
                     "tokenizer_config.json's)"},
                    templateKwargsOptionSpec(),
                    {"item", "ID", "only this item"},
                    {"jsonl", "", "one JSON line per item instead of readable text"}},
        .minPositionals = 1,
        .maxPositionals = 1,
    };
    return {spec, [](const ParsedArgs& args) {
                if (!args.has("style")) throw UsageError("missing --style NAME|FILE");
                std::optional<text::ParticleMode> particles;
                if (args.has("particles")) {
                    const std::string p = args.value("particles");
                    if (p == "correct")
                        particles = text::ParticleMode::Correct;
                    else if (p == "legacy")
                        particles = text::ParticleMode::Legacy;
                    else
                        throw UsageError("--particles must be correct or legacy, not \"" + p + "\"");
                }
                const prompt::PromptStyle style = prompt::findPromptStyle(args.value("style"));
                if (args.has("template") && args.has("model")) throw UsageError("give --template or --model, not both");
                std::optional<chat::ResolvedTemplate> chatTemplate;
                const auto kwargs = templateKwargsOption(args);
                if (args.has("template-kwargs") && !args.has("template") && !args.has("model"))
                    throw UsageError("--template-kwargs needs --template or --model");
                if (args.has("template")) chatTemplate = chat::resolveChatTemplate(args.value("template"), kwargs);
                if (args.has("model")) chatTemplate = chat::resolveChatTemplate(args.value("model"), kwargs);
                const Corpus corpus = loadCorpus(args.positionals.front());
                const std::string only = args.value("item");
                bool found = only.empty();
                for (const Sample& s : corpus.samples) {
                    if (!only.empty() && s.id != only) continue;
                    found = true;
                    const prompt::PromptMessages m = prompt::buildPrompt(s, style, particles);
                    std::string text;
                    if (chatTemplate) {
                        std::vector<chat::ChatMessage> messages;
                        if (!m.system.empty()) messages.push_back({"system", m.system});
                        messages.push_back({"user", m.user});
                        text = chatTemplate->chatTemplate.render(messages, chatTemplate->options);
                    }
                    if (args.has("jsonl")) {
                        nlohmann::ordered_json line = {
                            {"id", s.id}, {"style", style.name}, {"system", m.system}, {"user", m.user}};
                        if (chatTemplate) line["text"] = text;
                        std::cout << line.dump() << '\n';
                    } else {
                        std::cout << "=== " << s.id << " (" << style.name << ")"
                                  << (m.legacyDroppedText ? "  [legacy particle dropped text]" : "") << "\n--- system\n"
                                  << m.system << "\n--- user\n"
                                  << m.user << "\n";
                        if (chatTemplate)
                            std::cout << "--- chat text (" << chatTemplate->description << ")\n" << text << "\n";
                        std::cout << "\n";
                    }
                }
                if (!found) throw Error("no item with id " + only + " in " + args.positionals.front());
                return kExitOk;
            }};
}

}  // namespace cci::cli
