// Reading prediction files (the submission format: the corpus with "output" filled) for voting and analysis.
// Only each item's "id" and "output" matter here, so a fast skim reads just those; anything unexpected falls
// back to the validating corpus reader, so errors are as precise as `cci validate`'s.
#pragma once

#include <string>
#include <vector>

namespace cci::ensemble {

struct AnswerFile {
    std::string path;
    std::vector<std::string> ids;      // item ids in file order
    std::vector<std::string> outputs;  // "inference_1".."inference_3" or "" per item
};

// Throws cci::Error (with every problem of the file) when it cannot be read or is not a valid corpus.
AnswerFile readAnswers(const std::string& path);

// Probabilities sidecar "<stem>.probs.json" ([{"id": ..., "probs": [pA, pB, pC]}, ...]) next to a prediction
// file; returns its path when the file exists, else "".
std::string probabilitiesPathFor(const std::string& predictionPath);

// A file that travels beside a prediction file and is none itself: its probabilities (.probs.json) or its
// answer-letter audit (.audit.json). File choosers of prediction files leave them out.
bool isPredictionSidecar(const std::string& path);

struct Probabilities {
    std::vector<std::string> ids;
    std::vector<float> probs;  // (items, 3) row-major
};
// Throws cci::Error naming the file, item and field for malformed content (non-finite or negative values, not
// exactly three numbers, missing ids).
Probabilities readProbabilities(const std::string& path);

}  // namespace cci::ensemble
