// LoraSet: LoRA adapters held apart from a model's frozen weights and applied in its forward pass,
// y = W x + scale · B A dropout(x), as PEFT wraps each target Linear. The trainer creates one, attaches it to a
// LlamaModel (model/trainable_model.h) and optimises its parameters; an adapter on an NF4 base is one too. The PEFT
// files it comes from and goes to are read and written by model/lora_adapter. Includes libtorch: .cpp files only.
#pragma once

#include "model/lora_adapter.h"
#include "model/model_config.h"

#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cci::model {

// One module's adapter: A [r, in], B [out, r]; with DoRA the magnitude of each output row [out] (undefined for LoRA)
// and, for an adapter that no longer changes (scoring), its rows' norms ||W + scale B A|| computed once at load
// (undefined while training: recomputed every forward pass).
struct LoraWeights {
    torch::Tensor a, b, magnitude, rowNorm;
};

// W + scale · B A of one PEFT delta, in fp32 (`weight` as stored in the base model): with DoRA each output row then
// rescaled to the delta's magnitude, magnitude / ||W + scale B A||_row, as PEFT's merge and its (eval-mode) forward
// compute it.
torch::Tensor mergedWeight(const torch::Tensor& weight, const LoraDelta& delta);

class LoraSet {
public:
    LoraSet(std::size_t layers, double scale, double dropout);

    // Trainable adapters on `modules` of every layer (and lm_head when listed): A Kaiming-uniform with a = sqrt(5),
    // i.e. U(-1/sqrt(in), 1/sqrt(in)), B zeros, as PEFT initialises. Drawn on the CPU (the same adapter whatever the
    // device), held in fp32 on `device` whatever the base weights' dtype: the optimizer updates fp32 masters, as PEFT
    // with a bf16 base does.
    // With `dora` every module also has a trainable magnitude [out], zero until initDoraMagnitudes sets it.
    static std::shared_ptr<LoraSet> fresh(const LlamaConfig& base, const std::vector<std::string>& modules, int r,
                                          double scale, double dropout, const torch::Device& device, bool dora = false);
    // DoRA's initial magnitudes, as PEFT sets them: the norm of each output row of W + scale B A, `weightOf` giving
    // a module's frozen W [out, in] (layer -1: lm_head).
    void initDoraMagnitudes(const std::function<torch::Tensor(int layer, const std::string& module)>& weightOf);
    bool dora() const { return m_dora; }

    // Puts an adapter on a module (layer -1: lm_head).
    void set(int layer, const std::string& module, LoraWeights weights);
    const LoraWeights* find(std::size_t layer, std::string_view module) const;
    const LoraWeights* head() const { return m_head ? &*m_head : nullptr; }
    bool empty() const;
    std::size_t moduleCount() const;
    double scale() const { return m_scale; }
    double dropout() const { return m_dropout; }

    // A and B of every module: layers in order, a layer's modules by name, lm_head last (the checkpoint's order).
    std::vector<torch::Tensor> parameters() const;
    std::vector<torch::Tensor> layerParameters(std::size_t layer) const;

    // Replaces A and B by a PEFT adapter's: every module of this set must be there with the same rank, and no other.
    // Throws cci::Error naming `origin`.
    void copyFrom(const std::vector<LoraDelta>& deltas, const std::string& origin);
    // The adapters as fp32 deltas on the CPU, for writeLoraAdapter.
    std::vector<LoraDelta> deltas() const;

private:
    std::vector<std::map<std::string, LoraWeights, std::less<>>> m_layers;
    std::optional<LoraWeights> m_head;
    double m_scale = 1.0, m_dropout = 0.0;
    bool m_dora = false;
};

}  // namespace cci::model
