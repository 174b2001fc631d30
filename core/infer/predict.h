// Multiple-choice prediction as published: each item's prompt (style + chat template with the generation prompt,
// tokenized without added special tokens - the template writes the bos itself), the next-token logits of the
// vocabulary entries "A", "B", "C" at the last position, softmax over the three, argmax -> inference_1..3.
// Writes the submission (the input corpus with "output" filled, same order) and PRED.probs.json beside it, both
// atomically, only when every item is done. The GUI, `cci predict` and the trainer's dev evaluation all score here.
#pragma once

#include "chat/chat_template.h"
#include "corpus/corpus.h"
#include "model/llama_model.h"
#include "util/progress.h"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace cci::infer {

struct PredictConfig {
    std::string modelDir;
    std::string adapterDir;               // optional PEFT LoRA adapter
    std::string style = "CustomRef";      // bundled style name or file
    std::string templateSpec;             // empty = the model's chat_template
    chat::TemplateKwargs templateKwargs;  // passed to the chat template (enable_thinking=…)
    std::string dataFile;
    std::string outFile;
    std::string device = "cpu";
    int batchSize = 8;
    int threads = 0;
    bool nf4 = false;  // load the base model's linear weights as NF4 (as a QLoRA adapter was trained)
    // Score each item under all 6 orders of its three candidates and average each candidate's probability over the
    // orders (6 times the work): the model's preference for a letter cancels out.
    bool permutations = false;
    bool refine = false;  // score the items after the published refinement (as a run on refined data trained);
                          // the output file keeps the original items, with only "output" filled
};

struct ItemScore {
    std::string id;
    std::array<double, 3> probs{};
    int choice = 0;  // 0..2
    // The probability of the three letters together among all tokens (averaged over the orders scored) and the most
    // probable token of the item's own order (infer/letter_audit.h).
    std::optional<double> letterMass;
    tok::TokenId topToken = -1;
};

struct PredictResult {
    std::vector<ItemScore> scores;
    std::vector<tok::TokenId> letterIds;  // the vocabulary entries scored as A, B, C
    std::size_t promptTokens = 0, longestPrompt = 0;
    double seconds = 0;
    bool cancelled = false;
};

// Scores `corpus` with a loaded model (no files written). Throws cci::Error.
PredictResult scoreCorpus(const model::LlamaModel& model, const tok::Tokenizer& tokenizer, const Corpus& corpus,
                          const PredictConfig& config, const ProgressFn& progress = {});
// Loads everything, scores and writes the outputs (the submission, PRED.probs.json and the letter audit
// PRED.audit.json). Throws cci::Error; writes nothing when cancelled.
PredictResult runPredict(const PredictConfig& config, const ProgressFn& progress = {});
// The sidecar paths for a submission path: pred.json -> pred.probs.json, pred.audit.json.
std::string probsPathFor(const std::string& outFile);
std::string auditPathFor(const std::string& outFile);

}  // namespace cci::infer
