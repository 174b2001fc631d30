// Prompt token lengths (see token_lengths.h).
#include "stats/token_lengths.h"

#include "prompt/prompt_preview.h"
#include "prompt/prompt_tokens.h"

namespace cci::stats {

std::vector<StyleTokenLengths> promptTokenLengths(const Corpus& corpus, const std::vector<prompt::PromptStyle>& styles,
                                                  const chat::ResolvedTemplate* chatTemplate,
                                                  const tok::Tokenizer& tokenizer, std::size_t maxSeqLength) {
    std::vector<StyleTokenLengths> out;
    const auto eos = chatTemplate && !chatTemplate->options.eosToken.empty()
                         ? tokenizer.tokenToId(chatTemplate->options.eosToken)
                         : std::nullopt;
    for (const auto& style : styles) {
        StyleTokenLengths s;
        s.style = style.name;
        for (const Sample& sample : corpus.samples) {
            std::size_t length = 0, trained = 0;
            if (chatTemplate) {
                length = prompt::promptTokenIds(sample, style, *chatTemplate, tokenizer).size();
                const int gold = sample.goldIndex();
                trained =
                    length + (gold >= 0 && eos ? prompt::targetTokenIds(sample, gold, tokenizer, *eos).size() : 0);
            } else {
                const auto m = prompt::buildPrompt(sample, style);
                trained = length = tokenizer.encode(m.system + "\n\n" + m.user, true).size();
            }
            s.lengths.push_back(length);
            s.overLimit += trained > maxSeqLength;
        }
        s.histogram = histogram(s.lengths, 64);
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace cci::stats
