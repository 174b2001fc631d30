// A training run's data (see run_data.h).
#include "train/run_data.h"

#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "corpus/corpus_split.h"
#include "util/problem.h"

namespace cci::train {

RunData prepareRunData(const TrainConfig& config) {
    RunData d;
    d.train = loadCorpus(config.trainFile);
    if (!config.devFile.empty()) d.dev = loadCorpus(config.devFile);
    // The published refinement (9 rules, same-speaker merging) when the recipe asks for refined data.
    d.refinement = refine::RefineConfig::untraced();
    if (config.refine) {
        d.train = refine::refineCorpus(d.train, d.refinement).corpus;
        if (d.dev) d.dev = refine::refineCorpus(*d.dev, d.refinement).corpus;
    }
    if (config.useAllTrainableData && d.dev) {
        d.train = mergeCorpora({&d.train, &*d.dev});
        d.dev.reset();
    }
    d.style = prompt::findPromptStyle(config.style);
    const auto chat = chat::resolveModelTemplate(config.modelDir, config.templateSpec, config.templateKwargs);
    d.tokenizer = tok::loadTokenizer(config.modelDir);
    const auto length = std::size_t(config.maxSeqLength);
    d.examples = buildSftExamples(d.train, d.style, chat, *d.tokenizer.tokenizer, length, config.shuffleOptions);
    if (d.dev) d.devExamples = buildSftExamples(*d.dev, d.style, chat, *d.tokenizer.tokenizer, length);
    return d;
}

// Says which it is when nothing can be trained on: no items, no answers, or every item longer than max_seq_length;
// warns about the items training skips.
void refuseUnusableData(const TrainConfig& config, const RunData& d, bool warn) {
    if (d.examples.examples.empty()) {
        if (d.train.samples.empty()) throw Error(config.trainFile + ": the file holds no items to train on");
        if (d.examples.skippedTooLong == 0)
            throw Error(config.trainFile + ": no item has an answer (\"output\" is empty in all " +
                        std::to_string(d.train.samples.size()) + "); training needs the labelled train split");
        throw Error(config.trainFile + ": every labelled item (" + std::to_string(d.examples.skippedTooLong) +
                    ") is longer than max_seq_length " + std::to_string(config.maxSeqLength) +
                    " tokens with this style and template; raise --max_seq_length");
    }
    if (d.examples.skippedTooLong > 0 && warn)
        reportWarnings({Problem{
            .file = config.trainFile,
            .message = std::to_string(d.examples.skippedTooLong) + " of " +
                       std::to_string(d.examples.skippedTooLong + d.examples.examples.size()) +
                       " labelled items are longer than max_seq_length " + std::to_string(config.maxSeqLength) +
                       " tokens (prompt, answer and eos) with this style and template; training skips them",
            .warning = true}});
}

// A tokenizer larger than the embedding (another model's tokenizer) gives ids with no row: said by item, before the
// run folder exists and before gigabytes are loaded.
void refuseForeignTokenizer(const TrainConfig& config, const RunData& d, int vocab) {
    for (const SftData* data : {&d.examples, &d.devExamples})
        for (const auto& ex : data->examples)
            for (const auto id : ex.ids)
                if (id < 0 || id >= vocab)
                    throw Error(config.modelDir + ": item " + ex.id + " tokenises to id " + std::to_string(id) +
                                ", past the model's vocab_size " + std::to_string(vocab) +
                                "; the tokenizer does not belong to these weights (cci doctor --model checks both)");
}

TrainingDataCount countTrainingData(const TrainConfig& config) {
    const RunData d = prepareRunData(config);
    return {d.examples.examples.size() + d.examples.skippedTooLong, d.examples.examples.size(),
            d.examples.skippedTooLong};
}

}  // namespace cci::train
