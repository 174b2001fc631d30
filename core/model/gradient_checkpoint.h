// Gradient checkpointing for libtorch 1.13 (which has no checkpoint utility): a custom autograd function that runs
// a block without keeping its activations and recomputes it in the backward pass, with the random-number state of
// the forward pass restored so dropout draws the same masks. Includes libtorch: only .cpp files include this.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <vector>

namespace cci::model {

using CheckpointBody = std::function<torch::Tensor(const torch::Tensor& input)>;

// body(input), holding only `input` for the backward pass. `parameters` are the tensors inside the body that need
// gradients (the LoRA factors); they receive them when the result's backward runs.
torch::Tensor checkpointed(const CheckpointBody& body, const torch::Tensor& input,
                           const std::vector<torch::Tensor>& parameters);

}  // namespace cci::model
