// A complete Hugging Face model folder with random weights, for demos, tests and benchmarks: config.json (of any
// supported family: Llama by default, or e.g. Gemma 2 with its norms and caps), model.safetensors, a Llama-2-style
// tokenizer.json (BPE with byte fallback, spaces as ▁ without a prepended one; the corpus's characters, <unk>, <s>,
// </s>, A, B, C and the 256 byte tokens) and tokenizer_config.json with a chat template.
#pragma once

#include "corpus/corpus.h"
#include "model/model_config.h"

#include <string>
#include <vector>

namespace cci::model {

struct TinyModelSpec {
    // The model_type (model_config.h lists them), with that family's defaults for what is not set here.
    std::string family = "llama";
    long slidingWindow = 0;  // > 0: a sliding window on the family's sliding layers (every layer for Llama/Mistral)
    int hidden = 64, layers = 2, heads = 4, kvHeads = 2, intermediate = 172;
    int vocabAtLeast = 0;  // pad the vocabulary with unused tokens up to this size
    long maxPositions = 4096;
    RopeScaling rope;
    bool tieEmbeddings = false;
    std::string dtype = "float32";  // float32, bfloat16 or float16
    std::uint64_t seed = 42;
    std::string chatTemplate = "solar";  // a built-in template name
};

// Writes the folder (created if needed; files written atomically). Throws cci::Error.
LlamaConfig makeTinyModel(const std::string& folder, const std::vector<Corpus>& corpora, const TinyModelSpec& spec);

}  // namespace cci::model
