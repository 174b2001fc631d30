// SFT examples (see sft_examples.h).
#include "train/sft_examples.h"

#include "prompt/prompt_tokens.h"
#include "util/problem.h"

namespace cci::train {

Sample withCandidateOrder(const Sample& sample, int order) {
    Sample shown = sample;
    const int gold = sample.goldIndex();
    for (std::size_t j = 0; j < 3; ++j) {
        const int from = kCandidateOrders[order][j];
        shown.inferences[j] = sample.inferences[std::size_t(from)];
        if (from == gold) shown.output = "inference_" + std::to_string(j + 1);
    }
    return shown;
}

namespace {

SftExample makeExample(const Sample& s, const prompt::PromptStyle& style, const chat::ResolvedTemplate& chat,
                       const tok::Tokenizer& tokenizer, tok::TokenId eos) {
    SftExample ex;
    ex.id = s.id;
    ex.gold = s.goldIndex();
    ex.ids = prompt::promptTokenIds(s, style, chat, tokenizer);
    ex.promptLength = ex.ids.size();
    const auto target = prompt::targetTokenIds(s, ex.gold, tokenizer, eos);
    ex.ids.insert(ex.ids.end(), target.begin(), target.end());
    ex.labels.assign(ex.promptLength, -100);
    ex.labels.insert(ex.labels.end(), ex.ids.begin() + std::ptrdiff_t(ex.promptLength), ex.ids.end());
    return ex;
}

}  // namespace

SftData buildSftExamples(const Corpus& corpus, const prompt::PromptStyle& style, const chat::ResolvedTemplate& chat,
                         const tok::Tokenizer& tokenizer, std::size_t maxSeqLength, bool allOrders) {
    if (chat.options.eosToken.empty())
        throw Error("train: the tokenizer config names no eos_token to end the targets with");
    const auto eos = tokenizer.tokenToId(chat.options.eosToken);
    if (!eos) throw Error("train: the eos token \"" + chat.options.eosToken + "\" is not in the vocabulary");
    SftData data;
    for (const Sample& s : corpus.samples) {
        if (s.goldIndex() < 0) {
            ++data.skippedUnlabeled;
            continue;
        }
        SftExample ex = makeExample(s, style, chat, tokenizer, *eos);
        bool tooLong = ex.ids.size() > maxSeqLength;
        for (int order = 1; allOrders && order < 6 && !tooLong; ++order) {
            ex.otherOrders.push_back(makeExample(withCandidateOrder(s, order), style, chat, tokenizer, *eos));
            tooLong = ex.otherOrders.back().ids.size() > maxSeqLength;
        }
        if (tooLong) {
            ++data.skippedTooLong;
            continue;
        }
        data.examples.push_back(std::move(ex));
    }
    return data;
}

}  // namespace cci::train
