// The forward pass for inference on CPU in fp32 (no gradients, adapters merged): the same equations as
// LlamaModel::Impl::forward, arranged for a few cores. Each decoder layer is three parallel regions - rows
// (norm, q|k|v product, rotary embedding of the keys), attention tasks (a block of queries of one key/value head
// against its keys: two products and a softmax in per-thread buffers, the causal mask as bounds, the cached prefix
// read in place rather than copied), rows again (o product into the residual, norm, gate|up product, SiLU gate,
// down product into the residual) - with the matrix products run by BLAS on each thread, and buffers reused from
// batch to batch instead of allocated per operation. Includes libtorch: only .cpp files include this.
#pragma once

#include <torch/torch.h>

#include "model/llama_model.h"

namespace cci::model {

struct KvCache;

// Buffers a forward pass reuses; keep one across the batches of a job (they grow to the largest batch).
struct CpuWorkspace {
    torch::Tensor qkv, keys, values, merged, gateUp, normed, scratch;
    // A [rows, columns] view of `buffer`, grown when too small.
    static torch::Tensor take(torch::Tensor& buffer, std::int64_t rows, std::int64_t columns);
};

// Whether `m` runs on this path for a sequence ending at position `sequenceEnd`: Llama's own layers, no sliding
// window shorter than the sequence, CPU, fp32, no gradient being recorded, no adapter kept apart from the weights.
bool cpuInferenceApplies(const LlamaModel::Impl& m, std::int64_t sequenceEnd);

// As Impl::forward: runs ids [B, T] after `cache` (appending to it when `extend`); returns the final-normed hidden
// states [B, T, hidden].
torch::Tensor cpuInferenceForward(const LlamaModel::Impl& m, const torch::Tensor& ids, KvCache* cache, bool extend,
                                  CpuWorkspace& workspace);

}  // namespace cci::model
