// A training run's data, prepared and checked before anything is written or loaded: the corpora after the recipe's
// refinement (train and dev merged under use_all_trainable_data), the prompt style and tokenizer, the supervised
// examples, and the refusals that say what is wrong (no items, no answers, every item too long, another model's
// tokenizer). Torch-free: the New Run dialog counts with it before a run starts.
#pragma once

#include "corpus/corpus.h"
#include "prompt/prompt_style.h"
#include "refine/refiner.h"
#include "tokenizer/load_tokenizer.h"
#include "train/sft_examples.h"
#include "train/train_config.h"

#include <optional>

namespace cci::train {

// A run's data: the corpora after the recipe's refinement, its style and tokenizer, and the supervised examples
// built from them - for the run itself and for countTrainingData before it starts.
struct RunData {
    Corpus train;
    std::optional<Corpus> dev;
    refine::RefineConfig refinement;
    prompt::PromptStyle style;
    tok::LoadedTokenizer tokenizer;
    SftData examples, devExamples;
};
// Throws cci::Error as the run would (unreadable files, unknown style, no tokenizer).
RunData prepareRunData(const TrainConfig& config);

// Says which it is when nothing can be trained on: no items, no answers, or every item longer than max_seq_length;
// warns about the items training skips.
void refuseUnusableData(const TrainConfig& config, const RunData& d, bool warn);
// A tokenizer larger than the embedding (another model's tokenizer) gives ids with no row: said by item, before the
// run folder exists and before gigabytes are loaded.
void refuseForeignTokenizer(const TrainConfig& config, const RunData& d, int vocab);

// What a run would train on, before it starts (the New Run dialog asks with it): labelled items, those kept and those
// over max_seq_length (prompt, answer and eos), with the run's refinement, style, template and tokenizer - the data
// the trainer builds. Throws cci::Error as the run would.
struct TrainingDataCount {
    std::size_t labelled = 0, kept = 0, tooLong = 0;
};
TrainingDataCount countTrainingData(const TrainConfig& config);

}  // namespace cci::train
