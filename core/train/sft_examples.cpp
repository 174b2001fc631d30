// SFT examples (see sft_examples.h).
#include "train/sft_examples.h"

#include "prompt/prompt_tokens.h"
#include "util/problem.h"

namespace cci::train {

SftData buildSftExamples(const Corpus& corpus, const prompt::PromptStyle& style, const chat::ResolvedTemplate& chat,
                         const tok::Tokenizer& tokenizer, std::size_t maxSeqLength) {
    if (chat.options.eosToken.empty())
        throw Error("train: the tokenizer config names no eos_token to end the targets with");
    const auto eos = tokenizer.tokenToId(chat.options.eosToken);
    if (!eos) throw Error("train: the eos token \"" + chat.options.eosToken + "\" is not in the vocabulary");
    SftData data;
    for (const Sample& s : corpus.samples) {
        const int gold = s.goldIndex();
        if (gold < 0) {
            ++data.skippedUnlabeled;
            continue;
        }
        SftExample ex;
        ex.id = s.id;
        ex.gold = gold;
        ex.ids = prompt::promptTokenIds(s, style, chat, tokenizer);
        ex.promptLength = ex.ids.size();
        const auto target = prompt::targetTokenIds(s, gold, tokenizer, *eos);
        ex.ids.insert(ex.ids.end(), target.begin(), target.end());
        if (ex.ids.size() > maxSeqLength) {
            ++data.skippedTooLong;
            continue;
        }
        ex.labels.assign(ex.promptLength, -100);
        ex.labels.insert(ex.labels.end(), ex.ids.begin() + std::ptrdiff_t(ex.promptLength), ex.ids.end());
        data.examples.push_back(std::move(ex));
    }
    return data;
}

}  // namespace cci::train
