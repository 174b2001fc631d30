// The styled items as chat-format JSON lines for other trainers: one {"messages": [{"role", "content"}, …]} per
// item, in the corpus's order - the system message (when the style has one), the user message, and for an item with
// a gold answer the assistant's "{letter}. {inference}" that `cci train` trains on. LLaMA-Factory (sharegpt with
// role/content tags), Axolotl (chat_template) and TRL's SFTTrainer (conversational "messages") read this layout.
#pragma once

#include "corpus/corpus.h"
#include "prompt/prompt_style.h"

#include <optional>
#include <string>

namespace cci::prompt {

struct ChatExportCounts {
    std::size_t withAnswer = 0, withoutAnswer = 0;  // items without a gold answer end at the user message
};

// The JSON line of one item (no newline).
std::string chatJsonLine(const Sample& sample, const PromptStyle& style,
                         std::optional<text::ParticleMode> particles = std::nullopt);

// Writes every item's line to `outPath` atomically (nothing when an item fails). Throws cci::Error.
ChatExportCounts writeChatJsonl(const Corpus& corpus, const PromptStyle& style,
                                std::optional<text::ParticleMode> particles, const std::string& outPath);

}  // namespace cci::prompt
