// VoteMatrix: the answers of M models on N items, aligned with a reference file (ids, categories and, when the
// reference is labelled, gold answers), plus per-model probabilities when a <name>.probs.json sidecar exists.
#pragma once

#include "corpus/corpus.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cci::ensemble {

struct VoteMatrix {
    std::vector<std::string> modelNames;  // predictionName of each file, in the given order
    std::vector<std::string> modelFiles;
    std::vector<std::string> ids;           // (N) item ids, reference order
    std::vector<std::int8_t> category;      // (N) index into kCategories, -1 unknown
    std::vector<std::int8_t> gold;          // (N) 0..2, -1 unlabelled
    std::vector<std::int8_t> votes;         // (N, M) row-major: votes[i * M + m] in 0..2
    std::vector<std::vector<float>> probs;  // per model: (N, 3) or empty when the model has no sidecar

    std::size_t items() const { return ids.size(); }
    std::size_t models() const { return modelNames.size(); }
    int vote(std::size_t item, std::size_t model) const { return votes[item * models() + model]; }
    bool labelled() const;  // every item has a gold answer
    bool allHaveProbabilities() const;
};

// Aligns prediction files with `reference` (ids in the same order, same count) and reads their sidecars.
// Gold answers come from the reference's "output" fields. Throws cci::Error naming the file and the first
// mismatching id or the length difference, or an item without an answer. Files are read on two threads.
VoteMatrix buildVoteMatrix(const Corpus& reference, const std::vector<std::string>& predictionFiles);

// How a prediction file is named in tables and reports: its stem, or "RUN · stem" for RUN/predictions/stem.json of
// a training run (every run's Predict… writes dev.json; the run tells them apart).
std::string predictionName(const std::string& file);

// Reads the reference corpus itself with validation (throws cci::Error with its problems).
Corpus loadReference(const std::string& path);

}  // namespace cci::ensemble
