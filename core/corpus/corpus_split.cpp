// Merge and k-fold split.
#include "corpus/corpus_split.h"

#include "util/problem.h"

#include <algorithm>
#include <unordered_map>

namespace cci {
namespace {

// SplitMix64: tiny, well-mixed and fully specified, so folds are reproducible everywhere.
struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, n) by multiply-shift (bias < 2^-40 for the sizes used here).
    std::size_t below(std::size_t n) { return std::size_t((unsigned __int128)next() * n >> 64); }
};

void shuffle(std::vector<std::size_t>& v, SplitMix64& rng) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

}  // namespace

Corpus mergeCorpora(const std::vector<const Corpus*>& parts) {
    Corpus merged;
    std::unordered_map<std::string, std::string> seenIn;  // id -> file
    std::vector<Problem> problems;
    for (const Corpus* part : parts) {
        for (std::size_t i = 0; i < part->samples.size(); ++i) {
            const Sample& s = part->samples[i];
            auto [it, inserted] = seenIn.emplace(s.id, part->sourcePath);
            if (!inserted)
                problems.push_back(Problem{.file = part->sourcePath,
                                           .itemIndex = long(i),
                                           .itemId = s.id,
                                           .path = "[" + std::to_string(i) + "].id",
                                           .message = "duplicate id across merged files (also in " + it->second + ")"});
            merged.samples.push_back(s);
        }
    }
    if (!problems.empty()) throw Error(std::move(problems));
    merged.split = Split::Train;
    return merged;
}

std::vector<Fold> kFoldSplit(const Corpus& corpus, int k, std::uint64_t seed, bool stratify) {
    const std::size_t n = corpus.samples.size();
    if (k < 2) throw Error("k-fold split: k must be at least 2 (got " + std::to_string(k) + ")");
    if (std::size_t(k) > n)
        throw Error("k-fold split: k = " + std::to_string(k) + " exceeds the number of items (" + std::to_string(n) +
                    ")");
    SplitMix64 rng{seed};
    // Groups (one per category when stratifying, unknown categories last), each shuffled, then dealt round-robin
    // as one sequence so fold sizes differ by at most one and every category is spread evenly.
    std::vector<std::vector<std::size_t>> groups(stratify ? kCategories.size() + 1 : 1);
    for (std::size_t i = 0; i < n; ++i) {
        std::size_t g = 0;
        if (stratify) {
            const int c = categoryIndex(corpus.samples[i].category);
            g = c < 0 ? kCategories.size() : std::size_t(c);
        }
        groups[g].push_back(i);
    }
    std::vector<std::size_t> foldOf(n);
    std::size_t dealt = 0;
    for (auto& group : groups) {
        shuffle(group, rng);
        for (std::size_t idx : group) foldOf[idx] = dealt++ % std::size_t(k);
    }
    std::vector<Fold> folds(static_cast<std::size_t>(k));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t f = 0; f < folds.size(); ++f)
            (foldOf[i] == f ? folds[f].validation : folds[f].train).push_back(i);
    return folds;
}

}  // namespace cci
