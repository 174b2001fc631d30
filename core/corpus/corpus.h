// The corpus model of the NIKL 2024 Conversational Context Inference task: utterances, items (samples), corpora.
// Plain value types; loading, saving and validation live in corpus_reader / corpus_writer.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/problem.h"

namespace cci {

// The five inference categories, in the order the task lists them.
inline constexpr std::array<std::string_view, 5> kCategories = {"원인", "후행사건", "전제", "동기", "반응"};
// Index in kCategories, or -1 when `category` is not one of them.
int categoryIndex(std::string_view category);

// Allowed values of "output": the gold answer names one of the three candidate fields.
inline constexpr std::array<std::string_view, 3> kOutputKeys = {"inference_1", "inference_2", "inference_3"};

struct Utterance {
    int speaker = 0;               // 1 or 2 in the official data; any integer is accepted
    std::string text;              // the "utterance" field, UTF-8
    std::vector<std::string> ids;  // "utterance_id": one id, or several after merging consecutive utterances
    bool idIsList = false;         // the JSON held a list (kept for an exact round trip)
    std::string literal;           // the JSON text when "utterance" was a number, true, false or null; `text` is then
                                   // what Python's str() makes of it, and the writer keeps the literal while `text`
                                   // is unchanged
};

// What the published code's str() makes of a JSON number, true, false or null read by json.load: "40", "2.5",
// "1e+16", "True", "False", "None".
std::string pythonStrOfJsonLiteral(std::string_view literal);

struct Sample {
    std::string id;
    std::vector<Utterance> conversation;
    std::vector<std::string> referenceIds;  // "reference_id"
    std::string category;                   // one of kCategories
    std::array<std::string, 3> inferences;  // inference_1..inference_3
    std::string output;                     // "inference_1".."inference_3", or "" when unlabeled

    // 0..2 for a labeled item, -1 when `output` is empty (test split).
    int goldIndex() const;
    // Indices into `conversation` of the utterances whose ids are referenced, in conversation order.
    std::vector<std::size_t> referenceUtteranceIndices() const;
    // Total length = number of code points summed over the utterance texts.
    std::size_t totalCharacters() const;
};

enum class Split { Train, Dev, Test, Other };
std::string_view splitName(Split split);
std::optional<Split> splitFromName(std::string_view name);
// Guesses the split from a file name ("..._train.json", "dev", "test"); Other when nothing matches.
Split guessSplit(std::string_view fileName);

struct Corpus {
    std::string sourcePath;  // file it was loaded from (empty for a merged or generated corpus)
    Split split = Split::Other;
    std::vector<Sample> samples;
    std::vector<Problem> warnings;  // what the published code tolerates in the file (see corpus_reader.h)
};

}  // namespace cci
