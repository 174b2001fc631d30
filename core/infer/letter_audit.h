// The answer-letter audit of a scoring: which vocabulary entries are scored as A, B and C, which token the training
// target "{letter}. {inference}" starts with under the same tokenizer (a SentencePiece tokenizer may train "▁A"
// while "A" is scored), and how much of the next-token probability the model puts on the three letters together -
// the rest goes to tokens the A/B/C softmax never sees. `cci predict` writes it beside the predictions
// (PRED.audit.json); a training run records its last dev evaluation's in run.json ("letter_audit").
#pragma once

#include "corpus/corpus.h"
#include "infer/predict.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cci::infer {

struct LetterToken {
    std::string letter;                   // "A", "B", "C"
    tok::TokenId scored = -1;             // the vocabulary entry whose logit is scored
    std::optional<tok::TokenId> trained;  // the first token of the training target (none for an empty corpus)
    std::string scoredText, trainedText;  // the two vocabulary entries
};

struct LetterAudit {
    std::array<LetterToken, 3> letters;
    std::size_t items = 0;
    double meanMass = 0, minMass = 0;     // probability on A, B and C together at the answer position
    std::size_t itemsBelowHalf = 0;       // items whose letters hold less than half of it
    std::array<std::size_t, 3> picked{};  // how many items were answered A, B and C
    // The most probable next token, where it is not one of the three letters: its vocabulary entry and how many items
    // (most frequent first, at most 5).
    std::vector<std::pair<std::string, std::size_t>> otherTopTokens;

    bool trainedAsScored() const;  // every letter is trained as the entry that is scored
};

// The audit of `scored` (from scoreCorpus over `corpus`, in its order) under `tokenizer`.
LetterAudit auditLetters(const Corpus& corpus, const PredictResult& scored, const tok::Tokenizer& tokenizer);

// What a user should know, in sentences (empty when nothing is wrong).
std::vector<std::string> letterAuditFindings(const LetterAudit& audit);

nlohmann::ordered_json letterAuditToJson(const LetterAudit& audit);
// Reads what letterAuditToJson wrote; nullopt for anything else (a hand-edited run.json never throws).
std::optional<LetterAudit> letterAuditFromJson(const nlohmann::json& j);
// The audit a training run recorded at its last dev evaluation (run.json's "letter_audit"); nullopt when there is
// none or run.json cannot be read.
std::optional<LetterAudit> letterAuditOfRun(const std::string& runFolder);
// A few lines for people: the letters and their tokens, the mass on them, the findings.
std::string letterAuditText(const LetterAudit& audit);

}  // namespace cci::infer
