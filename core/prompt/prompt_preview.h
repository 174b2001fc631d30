// The full preview of one item's prompt: the style's messages, the chat-formatted text a model sees (when a chat
// template is chosen), its tokens under a tokenizer and whether it exceeds max_seq_length (the published training
// skipped such items).
#pragma once

#include "chat/chat_template.h"
#include "prompt/prompt_builder.h"
#include "tokenizer/tokenizer.h"

#include <optional>
#include <string>
#include <vector>

namespace cci::prompt {

struct TokenPiece {
    tok::TokenId id = 0;
    std::string text;        // the token decoded on its own, or its vocabulary string when that is not whole UTF-8
    std::string vocabulary;  // the token's string in the vocabulary ("▁안녕", "Ġhello", "<0xEA>")
    bool special = false;
};

struct PromptPreview {
    PromptMessages messages;
    std::string chatText;  // empty without a template
    bool templated = false;
    std::vector<TokenPiece> tokens;  // empty without a tokenizer
    bool tokenized = false;
    // What max_seq_length limits in training: for a labelled item with a template, the prompt plus the target
    // "{letter}. {inference}" and eos; otherwise the prompt. overLimit: trainingLength > maxSeqLength (the item is
    // skipped in training, as Statistics and `cci train` count it).
    std::size_t trainingLength = 0;
    bool overLimit = false;
};

struct PreviewOptions {
    std::optional<text::ParticleMode> particles;
    const chat::ChatTemplate* chatTemplate = nullptr;  // may be null
    chat::ChatTemplateOptions templateOptions;
    const tok::Tokenizer* tokenizer = nullptr;  // may be null
    std::size_t maxSeqLength = 1024;
};

// The messages as the model receives them: [system (when not empty), user].
std::vector<chat::ChatMessage> chatMessages(const PromptMessages& m);

// Throws cci::Error when the template fails on this item (e.g. raise_exception).
PromptPreview previewPrompt(const Sample& sample, const PromptStyle& style, const PreviewOptions& options);

}  // namespace cci::prompt
