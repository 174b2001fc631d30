// Combining and splitting corpora: train+dev merge for final training, deterministic k-fold cross-validation.
#pragma once

#include "corpus/corpus.h"

#include <cstdint>
#include <vector>

namespace cci {

// Concatenates the corpora in the given order. Throws cci::Error listing every id that appears twice (with the
// files involved), since a merged training set with duplicate ids would silently weight those items twice.
Corpus mergeCorpora(const std::vector<const Corpus*>& parts);

struct Fold {
    std::vector<std::size_t> train;       // item indices, ascending
    std::vector<std::size_t> validation;  // item indices, ascending
};

// Splits item indices into k folds; the same (corpus order, k, seed) always gives the same folds, on any
// platform (own PRNG, no std::shuffle). With `stratify`, each category is spread evenly over the folds.
// Throws cci::Error when k < 2 or k exceeds the number of items.
std::vector<Fold> kFoldSplit(const Corpus& corpus, int k, std::uint64_t seed = 42, bool stratify = true);

}  // namespace cci
