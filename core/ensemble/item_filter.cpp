// Item filters and orders for the Ensemble view.
#include "ensemble/item_filter.h"

#include <algorithm>

namespace cci::ensemble {

int disagreement(const VoteMatrix& m, const VoteResult& ensemble, const std::vector<std::size_t>& members,
                 std::size_t item) {
    int n = 0;
    for (std::size_t model : members) n += m.vote(item, model) != ensemble.answer[item];
    return n;
}

std::vector<std::uint32_t> selectItems(const VoteMatrix& m, const VoteResult& ensemble,
                                       const std::vector<std::size_t>& members, const ItemFilter& f) {
    std::vector<std::uint32_t> rows;
    for (std::size_t i = 0; i < m.items(); ++i) {
        const int gold = m.gold[i];
        if (f.category >= 0 && m.category[i] != f.category) continue;
        if (f.ensembleWrong && (gold < 0 || ensemble.answer[i] == gold)) continue;
        if (f.modelWrong >= 0 && (gold < 0 || m.vote(i, std::size_t(f.modelWrong)) == gold)) continue;
        if (f.splitVote && disagreement(m, ensemble, members, i) == 0) continue;
        if (f.allWrong) {
            if (gold < 0) continue;
            bool anyRight = false;
            for (std::size_t model : members) anyRight = anyRight || m.vote(i, model) == gold;
            if (anyRight) continue;
        }
        rows.push_back(std::uint32_t(i));
    }
    if (f.order == ItemOrder::Margin)
        std::stable_sort(rows.begin(), rows.end(),
                         [&](std::uint32_t a, std::uint32_t b) { return ensemble.margin[a] < ensemble.margin[b]; });
    else if (f.order == ItemOrder::Disagreement) {
        std::vector<int> d(m.items(), 0);
        for (std::uint32_t r : rows) d[r] = disagreement(m, ensemble, members, r);
        std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) { return d[a] > d[b]; });
    }
    return rows;
}

}  // namespace cci::ensemble
