// Supervised fine-tuning examples as published: the prompt (style + chat template + generation prompt, tokenized
// without added special tokens) with labels -100, then the target "{letter}. {inference}" and the eos token with
// their ids as labels. Items longer than max_seq_length are skipped and counted. For option-shuffle augmentation each
// example also holds the item under the other five orders of its three candidates (the gold letter moved with its
// candidate); the trainer picks one order per epoch.
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
    // With allOrders: the item under candidate orders 1..5 of kCandidateOrders (this example is order 0).
    std::vector<SftExample> otherOrders;
};

// The six orders of three candidates: shown[j] = original candidate order[j] (the identity first).
inline constexpr int kCandidateOrders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

struct SftData {
    std::vector<SftExample> examples;
    std::size_t skippedTooLong = 0, skippedUnlabeled = 0;
};

// Throws cci::Error when the tokenizer has no eos token. With allOrders an item is skipped as too long when any of
// its orders is.
SftData buildSftExamples(const Corpus& corpus, const prompt::PromptStyle& style, const chat::ResolvedTemplate& chat,
                         const tok::Tokenizer& tokenizer, std::size_t maxSeqLength, bool allOrders = false);

// The item with its candidates shown in kCandidateOrders[order] and its answer following the gold candidate.
Sample withCandidateOrder(const Sample& sample, int order);

}  // namespace cci::train
