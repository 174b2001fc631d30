// Selecting and ordering items of a vote matrix for the Ensemble view: filters (ensemble wrong, split vote, all
// wrong, category, a given model wrong) and orders (file order, smallest margin first, most disagreement first).
#pragma once

#include "ensemble/vote_matrix.h"
#include "ensemble/voting.h"

#include <cstdint>
#include <vector>

namespace cci::ensemble {

enum class ItemOrder { File, Margin, Disagreement };

struct ItemFilter {
    bool ensembleWrong = false;  // the ensemble's answer differs from gold (labelled items only)
    bool splitVote = false;      // the member models do not all agree
    bool allWrong = false;       // every member model is wrong (labelled items only)
    int category = -1;           // index into kCategories; -1 = any
    int modelWrong = -1;         // a model index that must be wrong; -1 = none
    ItemOrder order = ItemOrder::File;
};

// Number of member models whose answer differs from the ensemble's.
int disagreement(const VoteMatrix& m, const VoteResult& ensemble, const std::vector<std::size_t>& members,
                 std::size_t item);

std::vector<std::uint32_t> selectItems(const VoteMatrix& m, const VoteResult& ensemble,
                                       const std::vector<std::size_t>& members, const ItemFilter& filter);

}  // namespace cci::ensemble
