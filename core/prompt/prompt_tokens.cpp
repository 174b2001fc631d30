// Prompt and target token ids (see prompt_tokens.h).
#include "prompt/prompt_tokens.h"

#include "prompt/prompt_preview.h"

namespace cci::prompt {

std::vector<tok::TokenId> promptTokenIds(const Sample& sample, const PromptStyle& style,
                                         const chat::ResolvedTemplate& chat, const tok::Tokenizer& tokenizer) {
    const auto messages = buildPrompt(sample, style);
    return tokenizer.encode(chat.chatTemplate.render(chatMessages(messages), chat.options), false);
}

std::string targetText(const Sample& sample, int gold) {
    static const char* const kLetters[] = {"A", "B", "C"};
    return std::string(kLetters[gold]) + ". " + sample.inferences[std::size_t(gold)];
}

std::vector<tok::TokenId> targetTokenIds(const Sample& sample, int gold, const tok::Tokenizer& tokenizer,
                                         tok::TokenId eos) {
    auto ids = tokenizer.encode(targetText(sample, gold), false);
    ids.push_back(eos);
    return ids;
}

}  // namespace cci::prompt
