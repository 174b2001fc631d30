// `cci prompt IN.json --style NAME|FILE [--particles correct|legacy] [--jsonl]`: the system and user messages each
// item becomes under a prompt style (bundled styles by name or alias, or a style file).
#include "commands.h"
#include "model_option.h"
#include "template_kwargs_option.h"

#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "prompt/chat_export.h"
#include "prompt/prompt_builder.h"
#include "prompt/prompt_preview.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace cci::cli {

Command promptCommand() {
    CommandSpec spec{
        .name = "prompt",
        .summary = "Show the prompt (system and user messages) of every item under a prompt style.",
        .usage =
            "cci prompt IN.json --style NAME|FILE [--particles correct|legacy] [--template SPEC | --model DIR]\n"
            "                  [--template-kwargs K=V,…] [--item ID] [--jsonl]\n"
            "       cci prompt IN.json --style NAME|FILE --export chat-jsonl -o OUT.jsonl",
        .details =
            "Bundled styles: Baseline, CustomRef, CustomRefOfficialTerm, CustomRefDefinition,\n"
            "CustomRefInstruction, SystemRefOfficialTerm (the published class names with a Dataset suffix are\n"
            "accepted too). --particles legacy reproduces the published particle code exactly, including the\n"
            "questions it cut short; the default picks the particle from the last Hangul syllable.\n"
            "--template (a built-in name: llama2, chatml, llama3, solar; a Jinja file; a tokenizer_config.json)\n"
            "or --model (a model folder) adds the chat-formatted text with the generation prompt, as scoring sees it.\n"
            "--jsonl prints one JSON object per item: {\"id\", \"style\", \"system\", \"user\"[, \"text\"]}.\n"
            "--export chat-jsonl writes the styled data for other trainers (LLaMA-Factory, Axolotl, TRL): one\n"
            "{\"messages\": [system, user, assistant]} line per item in the file's order, the assistant message being\n"
            "the \"{letter}. {inference}\" cci train trains on (left out for items without an answer).",
        .options = {{"style", "NAME|FILE", "prompt style (required)"},
                    {"particles", "correct|legacy", "particle mode (default: the style's, normally correct)"},
                    {"template", "SPEC", "chat template: built-in name, Jinja file or tokenizer_config.json"},
                    {"model", "DIR|ORG/NAME",
                     "model folder (or cached hub id) whose chat template is used (chat_template.jinja or "
                     "tokenizer_config.json's)"},
                    revisionOptionSpec(),
                    templateKwargsOptionSpec(),
                    {"item", "ID", "only this item"},
                    {"jsonl", "", "one JSON line per item instead of readable text"},
                    {"export", "chat-jsonl", "write the items as chat messages for other trainers (with -o)"},
                    {"o", "OUT.jsonl", "file --export writes", false, FileRole::Output}},
        .minPositionals = 1,
        .maxPositionals = 1,
    };
    return {
        spec, [](const ParsedArgs& args) {
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
            if (args.has("export")) {
                if (args.value("export") != "chat-jsonl")
                    throw UsageError("--export takes chat-jsonl, not \"" + args.value("export") + "\"");
                if (!args.has("o")) throw UsageError("--export chat-jsonl needs -o OUT.jsonl");
                for (const char* other : {"template", "model", "revision", "template-kwargs", "jsonl", "item"})
                    if (args.has(other))
                        throw UsageError(std::string("--export writes messages, not chat text: leave out --") + other);
                const Corpus corpus = loadCorpus(args.positionals.front());
                const auto counts = prompt::writeChatJsonl(corpus, style, particles, args.value("o"));
                std::cerr << args.value("o") << ": " << counts.withAnswer + counts.withoutAnswer << " items ("
                          << counts.withAnswer << " with the answer as the assistant message, " << counts.withoutAnswer
                          << " without an answer)\n";
                return kExitOk;
            }
            if (args.has("o")) throw UsageError("-o is for --export");
            if (args.has("template") && args.has("model")) throw UsageError("give --template or --model, not both");
            std::optional<chat::ResolvedTemplate> chatTemplate;
            const auto kwargs = templateKwargsOption(args);
            if (args.has("template-kwargs") && !args.has("template") && !args.has("model"))
                throw UsageError("--template-kwargs needs --template or --model");
            if (args.has("template")) chatTemplate = chat::resolveChatTemplate(args.value("template"), kwargs);
            if (args.has("model"))
                chatTemplate = chat::resolveChatTemplate(resolveModelOption(args.value("model"), args), kwargs);
            const Corpus corpus = loadCorpus(args.positionals.front());
            const std::string only = args.value("item");
            bool found = only.empty();
            for (const Sample& s : corpus.samples) {
                if (!only.empty() && s.id != only) continue;
                found = true;
                const prompt::PromptMessages m = prompt::buildPrompt(s, style, particles);
                std::string text;
                if (chatTemplate)
                    text = chatTemplate->chatTemplate.render(prompt::chatMessages(m), chatTemplate->options);
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
