// Voting over a VoteMatrix: hard voting exactly as published (ties go to the option voted by the earliest model),
// soft voting (mean probabilities), weighted voting and strict-majority reporting. A subset of models can vote.
#pragma once

#include "ensemble/vote_matrix.h"

#include <string_view>
#include <vector>

namespace cci::ensemble {

enum class VoteMethod { Hard, Soft, Weighted };
std::string_view methodName(VoteMethod method);

// Hard vote of the given votes (in model order): Python's max(votes, key=votes.count), i.e. the most voted
// option; on a tie the tied option that appears first in `votes`.
int hardVote(const std::int8_t* votes, std::size_t count);

struct VoteOptions {
    VoteMethod method = VoteMethod::Hard;
    std::vector<double> weights;       // Weighted: one per model (e.g. dev accuracy)
    std::vector<double> temperatures;  // Soft: one per model, applied before averaging (empty = none; see held_out.h)
    std::vector<std::size_t> members;  // models taking part, in voting order; empty = all, in file order
};

struct VoteResult {
    std::vector<std::int8_t> answer;  // (N) 0..2
    std::vector<int> margin;          // (N) votes (or weight) of the winner minus the runner-up, hard/weighted
    std::size_t noMajority = 0;       // items where no option has more than half of the votes ("abstentions")
};

// Throws cci::Error for soft voting without probabilities, or weights of the wrong count.
VoteResult vote(const VoteMatrix& m, const VoteOptions& options = {});

}  // namespace cci::ensemble
