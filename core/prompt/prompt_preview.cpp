// Prompt preview (see prompt_preview.h).
#include "prompt/prompt_preview.h"

#include "prompt/prompt_tokens.h"

namespace cci::prompt {

std::vector<chat::ChatMessage> chatMessages(const PromptMessages& m) {
    std::vector<chat::ChatMessage> messages;
    if (!m.system.empty()) messages.push_back({"system", m.system});
    messages.push_back({"user", m.user});
    return messages;
}

PromptPreview previewPrompt(const Sample& sample, const PromptStyle& style, const PreviewOptions& options) {
    PromptPreview preview;
    preview.messages = buildPrompt(sample, style, options.particles);
    if (options.chatTemplate) {
        preview.chatText = options.chatTemplate->render(chatMessages(preview.messages), options.templateOptions);
        preview.templated = true;
    }
    if (options.tokenizer) {
        // With a template the text carries its own bos (as apply_chat_template tokenizes it); without one the
        // messages are tokenized as plain text with the tokenizer's special tokens.
        const auto ids = preview.templated ? options.tokenizer->encode(preview.chatText, false)
                                           : options.tokenizer->encode(
                                                 preview.messages.system + "\n\n" + preview.messages.user, true);
        preview.tokens.reserve(ids.size());
        for (const auto id : ids) {
            const std::string vocabulary = options.tokenizer->idToToken(id);
            TokenPiece piece{id, options.tokenizer->decode({id}), vocabulary, options.tokenizer->isSpecial(id)};
            if (piece.text.find("\xEF\xBF\xBD") != std::string::npos || piece.text.empty()) piece.text = vocabulary;
            // Decoders strip the word-start marker of a lone token; keep it visible as a space.
            if (vocabulary.starts_with("\xE2\x96\x81") && !piece.text.starts_with(' ') && piece.text != vocabulary)
                piece.text.insert(0, 1, ' ');
            preview.tokens.push_back(std::move(piece));
        }
        preview.tokenized = true;
        preview.trainingLength = ids.size();
        const int gold = sample.goldIndex();
        if (preview.templated && gold >= 0 && !options.templateOptions.eosToken.empty())
            if (const auto eos = options.tokenizer->tokenToId(options.templateOptions.eosToken))
                preview.trainingLength += targetTokenIds(sample, gold, *options.tokenizer, *eos).size();
        preview.overLimit = preview.trainingLength > options.maxSeqLength;
    }
    return preview;
}

}  // namespace cci::prompt
