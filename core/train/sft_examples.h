// Supervised fine-tuning examples as published: the prompt (style + chat template + generation prompt, tokenized
// without added special tokens) with labels -100, then the target "{letter}. {inference}" and the eos token with
// their ids as labels. Items longer than max_seq_length are skipped and counted.
#pragma once

#include "chat/template_source.h"
#include "corpus/corpus.h"
#include "prompt/prompt_style.h"
#include "tokenizer/tokenizer.h"

#include <string>
#include <vector>

namespace cci::train {

struct SftExample {
    std::string id;
    std::vector<tok::TokenId> ids;
    std::vector<tok::TokenId> labels;  // -100 for prompt tokens
    int gold = -1;
    std::size_t promptLength = 0;
};

struct SftData {
    std::vector<SftExample> examples;
    std::size_t skippedTooLong = 0, skippedUnlabeled = 0;
};

// Throws cci::Error when the tokenizer has no eos token.
SftData buildSftExamples(const Corpus& corpus, const prompt::PromptStyle& style, const chat::ResolvedTemplate& chat,
                         const tok::Tokenizer& tokenizer, std::size_t maxSeqLength);

}  // namespace cci::train
