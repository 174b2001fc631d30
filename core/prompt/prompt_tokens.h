// The token ids a model sees for an item, built in one place for scoring, training and statistics: the chat
// template's rendering of the style's messages (generation prompt included), encoded without added special tokens,
// and for training the target "{letter}. {inference}" and the eos token after it. Training skips an item whose
// prompt + target exceed max_seq_length; Statistics counts exactly those.
#pragma once

#include "chat/template_source.h"
#include "corpus/corpus.h"
#include "prompt/prompt_style.h"
#include "tokenizer/tokenizer.h"

#include <string>
#include <vector>

namespace cci::prompt {

std::vector<tok::TokenId> promptTokenIds(const Sample& sample, const PromptStyle& style,
                                         const chat::ResolvedTemplate& chat, const tok::Tokenizer& tokenizer);

// "{letter}. {inference}" of the gold answer (0..2): what the model is trained to answer.
std::string targetText(const Sample& sample, int gold);

// targetText encoded without added special tokens, then `eos`.
std::vector<tok::TokenId> targetTokenIds(const Sample& sample, int gold, const tok::Tokenizer& tokenizer,
                                         tok::TokenId eos);

}  // namespace cci::prompt
