// A training run's configuration: LoRA settings and the published recipe's hyper-parameters (AdamW 0.9/0.999/1e-8,
// weight decay 0.1, cosine schedule with 20 warm-up steps, gradient accumulation 64, micro-batch 1, 4 epochs,
// seed 42, max_seq_length 1024, clipping 1.0), as stored in run.json; and the 11 published recipes as presets.
#pragma once

#include "chat/chat_template.h"
#include "model/lora_adapter.h"

#include <optional>
#include <string>
#include <vector>

namespace cci::train {

struct TrainConfig {
    std::string modelDir, style = "CustomRef", templateSpec;  // templateSpec empty = the model's chat template
    chat::TemplateKwargs templateKwargs;                      // passed to the chat template (enable_thinking=…)
    std::string trainFile, devFile, runDir;
    bool useAllTrainableData = false;  // train on train + dev (then no dev evaluation)
    bool refine = false;  // clean train and dev with the published 9 refinement rules before building the examples
    int epochs = 4;
    double learningRate = 2e-4;
    int gradientAccumulation = 64, microBatch = 1, warmupSteps = 20;
    double weightDecay = 0.1, maxGradNorm = 1.0, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
    int loraR = 16;
    double loraAlpha = 32, loraDropout = 0.01;
    bool rsLora = false;
    bool useDora = false;  // DoRA: a trained magnitude per output row of every adapted weight, as PEFT's use_dora
    std::vector<std::string> targetModules =
        model::allLoraModules();  // the published recipes: every projection + lm_head
    int maxSeqLength = 1024;
    std::uint64_t seed = 42;
    double neftuneAlpha = 0;  // NEFTune noise (0 = off)
    // Option-shuffle augmentation: each epoch trains every item under one of the six orders of its candidates (the
    // answer letter following the gold candidate), drawn from the seed, so no letter is favoured by the data.
    bool shuffleOptions = false;
    int threads = 0;
    std::string device = "cpu";
    bool loadIn4bit = false;    // QLoRA: the base model's linear weights held as NF4
    std::string baseModelName;  // written as base_model_name_or_path
    int checkpointEvery = 50;   // optimizer steps between checkpoints (and one when cancelled)
    // Dev evaluation (loss and A/B/C accuracy) every evalEvery optimizer steps as well as at every epoch's end
    // (0: at epoch ends only). The best evaluation's adapter is kept in adapter_best/; with a patience > 0 training
    // stops after that many evaluations without improvement (run/dev_evaluations.h says what improves).
    int evalEvery = 0;
    int earlyStoppingPatience = 0;
    bool gradientCheckpointing = true;  // recompute each decoder layer in the backward pass (less memory)
    int kFolds = 0;           // >= 2: one run per fold of train (+ dev with useAllTrainableData), see runKFold
    std::string initAdapter;  // start from this PEFT adapter's A and B (same r and targets) instead of PEFT's init
    int rendezvousTimeoutSeconds = 300;  // data parallel: how long rank 0 waits for the others to join
};

// The configuration as stored in run.json ("config") and read back for --resume or `cci train --config`. Reading
// accepts a bare configuration object or a whole run.json; fields left out take the recipe's defaults ("model"
// and "train" are required); unknown fields are errors. Throws cci::Error.
std::string configToJson(const TrainConfig& config);
TrainConfig configFromJson(const std::string& json, const std::string& origin);

// The configuration with its files (model, train, dev, init adapter, a template or style file) as absolute paths,
// as run.json records them: `cci train --config RUN/run.json` and --resume then work from any folder.
TrainConfig withAbsolutePaths(TrainConfig config);

// Checks everything that can be checked before any work: files exist, r > 0, known target modules, …
// Throws cci::Error naming the field.
void validateConfig(const TrainConfig& config);

// The settings for the tiny demo model (`cci make-tiny-model`, the New Run dialog's first-start model): the
// recipe with accumulation 4 and learning rate 3e-3, so a run on the demo corpus shows learning within a minute.
TrainConfig demoModelRecipe();

struct Preset {
    std::string name, baseModel, method, style;
    double learningRate;
    bool refined;
};
const std::vector<Preset>& publishedPresets();
// The preset of that name (case-insensitive); throws cci::Error listing the names when there is none.
const Preset& findPreset(const std::string& name);
// Sets what the preset fixes: the published recipe (4 epochs, accumulation 64, r 16, alpha 32, dropout 0.01, all
// seven projections and lm_head), its learning rate, prompt style, LoRA or QLoRA, and refined or raw data.
void applyPreset(TrainConfig& config, const Preset& preset);

}  // namespace cci::train
