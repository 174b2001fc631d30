// Prompt lengths in tokens: for each prompt style, the token count of every item's chat-formatted prompt under a
// model's tokenizer, as a histogram with the max_seq_length cut-off and the number of items over it (the
// published training skipped those).
#pragma once

#include "chat/template_source.h"
#include "prompt/prompt_style.h"
#include "stats/corpus_stats.h"
#include "tokenizer/tokenizer.h"

#include <string>
#include <vector>

namespace cci::stats {

struct StyleTokenLengths {
    std::string style;
    std::vector<std::size_t> lengths;  // per item, file order
    Histogram histogram;               // bins of 64 tokens
    // Items over maxSeqLength as training counts them (what `cci train` skips): a labelled item's prompt plus its
    // target "{letter}. {inference}" and eos; an unlabelled item's prompt alone.
    std::size_t overLimit = 0;
};

// `chatTemplate` may be null (then the system and user messages are tokenized with the tokenizer's special tokens).
std::vector<StyleTokenLengths> promptTokenLengths(const Corpus& corpus, const std::vector<prompt::PromptStyle>& styles,
                                                  const chat::ResolvedTemplate* chatTemplate,
                                                  const tok::Tokenizer& tokenizer, std::size_t maxSeqLength);

}  // namespace cci::stats
