// Memory estimates (see memory_estimate.h).
#include "model/memory_estimate.h"

namespace cci::model {

TrainingMemory estimateTrainingMemory(const LlamaConfig& c, const TrainingMemoryInput& in) {
    TrainingMemory m;
    const double params = double(c.parameterCount()), linear = double(c.linearParameterCount());
    const double bytesPerValue = in.cuda ? 2.0 : 4.0;  // bf16 on CUDA, fp32 on CPU
    // NF4: 4 bits per value, one 8-bit absmax per 64 values, one fp32 scale per 256 absmax values.
    const double nf4 = linear * 0.5 + linear / 64.0 + linear / (64.0 * 256.0) * 4.0;
    m.weights = in.qlora ? nf4 + (params - linear) * bytesPerValue : params * bytesPerValue;
    const double r = in.loraR;
    // q, k, v, o, gate, up, down: r x (in + out) each.
    const double qDim = double(c.heads) * c.headDim, kvDim = double(c.kvHeads) * c.headDim;
    const double perLayer = r * ((c.hidden + qDim) * 2 + (c.hidden + kvDim) * 2 + (c.hidden + c.intermediate) * 3.0);
    m.trainable = c.layers * perLayer + (in.loraOnLmHead ? r * (c.hidden + c.vocab) : 0.0);
    m.adapterState = m.trainable * 4.0 * 4.0;  // weights, gradients, two moments; fp32
    const double tokens = double(in.seqLength) * in.microBatch;
    // Per layer without checkpointing: norms, q/k/v/o, attention output, MLP gate/up/activation (~ 6 hidden + 4
    // intermediate values per token) and the attention scores (heads x T per token).
    const double layerActivations = tokens * (6.0 * c.hidden + 4.0 * c.intermediate + double(c.heads) * in.seqLength);
    const double head = tokens * c.vocab * 4.0 / 4.0;  // logits of the labelled tail (a quarter of the tokens), fp32
    m.activations =
        (in.gradientCheckpointing ? tokens * c.hidden * c.layers + layerActivations : layerActivations * c.layers) *
            bytesPerValue +
        head;
    return m;
}

double estimateInferenceMemory(const LlamaConfig& c, bool cuda, int batch, int seqLength) {
    const double bytesPerValue = cuda ? 2.0 : 4.0;
    const double tokens = double(batch) * seqLength;
    const double activations = tokens * (4.0 * c.hidden + 2.0 * c.intermediate) * bytesPerValue;
    const double kvCache = tokens * 2.0 * c.kvHeads * c.headDim * c.layers * bytesPerValue;
    return double(c.parameterCount()) * bytesPerValue + activations + kvCache;
}

}  // namespace cci::model
