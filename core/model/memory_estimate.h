// Memory estimates from a model's config.json alone (nothing loaded): weights per dtype, inference, and LoRA /
// QLoRA training on a device - what `cci doctor --model` prints and what the New Run dialog warns with before a run
// that cannot fit is started. Estimates, not measurements: weights are exact, activations approximate.
#pragma once

#include "model/model_config.h"

namespace cci::model {

struct TrainingMemoryInput {
    bool qlora = false;  // NF4 base linear weights
    bool cuda = false;   // bf16 compute on CUDA, fp32 on CPU
    int loraR = 16;
    bool loraOnLmHead = true;  // with the seven projections
    int seqLength = 1024;
    int microBatch = 1;
    bool gradientCheckpointing = true;
};

struct TrainingMemory {
    double weights = 0;       // the frozen base as held (NF4 linear weights with QLoRA)
    double trainable = 0;     // LoRA parameters (count)
    double adapterState = 0;  // LoRA weights, gradients and the two AdamW moments (fp32)
    double activations = 0;   // kept for the backward pass (one layer input per layer with checkpointing)
    double total() const { return weights + adapterState + activations; }
};

TrainingMemory estimateTrainingMemory(const LlamaConfig& config, const TrainingMemoryInput& input);

// Weights plus the activations and KV cache of a batch of `batch` x `seqLength` tokens.
double estimateInferenceMemory(const LlamaConfig& config, bool cuda, int batch = 8, int seqLength = 1024);

}  // namespace cci::model
