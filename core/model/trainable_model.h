// What training needs from a loaded LlamaModel - attach adapters, switch to training, the loss of an example's answer
// tokens - so the trainer works through this and never through the model's internals. Includes libtorch: .cpp files
// only.
#pragma once

#include "model/llama_model.h"
#include "model/lora_set.h"

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace cci::model {

struct TrainingMode {
    bool on = false;                     // dropout on the adapters' inputs, NEFTune noise, gradient checkpointing
    double neftuneAlpha = 0;             // NEFTune: uniform noise on the embeddings (0 = off)
    bool gradientCheckpointing = false;  // recompute each decoder layer in the backward pass
};

// Attaches `adapters` (nullptr detaches): the forward pass adds them from now on. The base weights stay frozen.
void attachAdapters(LlamaModel& model, std::shared_ptr<const LoraSet> adapters);
void setTrainingMode(LlamaModel& model, const TrainingMode& mode);
// DoRA's initial magnitudes of `adapters` from the model's frozen weights (as PEFT initialises them).
void initDoraMagnitudes(const LlamaModel& model, LoraSet& adapters);
torch::Device modelDevice(const LlamaModel& model);

// The summed cross-entropy of ids[promptLength..] each predicted from the tokens before it: one example's supervised
// loss before averaging. Vocabulary logits are computed only at the positions that predict a labelled token, in
// fp32 (fp64 for a double-precision model). Differentiable unless a NoGradGuard is active.
torch::Tensor answerLossSum(const LlamaModel& model, const std::vector<tok::TokenId>& ids, std::size_t promptLength);

}  // namespace cci::model
