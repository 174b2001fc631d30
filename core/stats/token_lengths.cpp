// Prompt token lengths (see token_lengths.h).
#include "stats/token_lengths.h"

#include "prompt/prompt_preview.h"

namespace cci::stats {

std::vector<StyleTokenLengths> promptTokenLengths(const Corpus& corpus, const std::vector<prompt::PromptStyle>& styles,
                                                  const chat::ResolvedTemplate* chatTemplate,
                                                  const tok::Tokenizer& tokenizer, std::size_t maxSeqLength) {
    std::vector<StyleTokenLengths> out;
    for (const auto& style : styles) {
        StyleTokenLengths s;
        s.style = style.name;
        for (const Sample& sample : corpus.samples) {
            const auto m = prompt::buildPrompt(sample, style);
            const auto ids = chatTemplate
                                 ? tokenizer.encode(chatTemplate->chatTemplate.render(prompt::chatMessages(m), chatTemplate->options), false)
                                 : tokenizer.encode(m.system + "\n\n" + m.user, true);
            s.lengths.push_back(ids.size());
            s.overLimit += ids.size() > maxSeqLength;
        }
        s.histogram = histogram(s.lengths, 64);
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace cci::stats
