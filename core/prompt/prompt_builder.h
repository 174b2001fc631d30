// Turning an item into the system and user messages of a prompt style, with the span of every block in the user
// message (for highlighting) and a flag when legacy particles dropped text.
#pragma once

#include "corpus/corpus.h"
#include "prompt/prompt_style.h"

#include <optional>
#include <string>
#include <vector>

namespace cci::prompt {

struct BlockSpan {
    PromptBlock::Type type;
    std::size_t begin = 0, end = 0;  // byte offsets in PromptMessages::user
};

struct PromptMessages {
    std::string system;
    std::string user;
    std::vector<BlockSpan> blocks;
    bool legacyDroppedText = false;  // a legacy particle replaced a block's text (as the published code did)
};

// `particles` overrides the style's particle mode when given.
PromptMessages buildPrompt(const Sample& sample, const PromptStyle& style,
                           std::optional<text::ParticleMode> particles = std::nullopt);

}  // namespace cci::prompt
