// Shortcut baselines (see shortcut_baselines.h).
#include "stats/shortcut_baselines.h"

#include "text/unicode_text.h"
#include "util/utf8.h"

#include <array>
#include <functional>
#include <limits>
#include <tuple>
#include <unordered_set>

namespace cci::stats {

namespace {

// Distinct character bigrams (code points), spaces left out.
std::unordered_set<std::u32string> bigrams(const std::string& text) {
    std::u32string chars;
    for (const char32_t c : text::toUtf32(text))
        if (c != U' ' && c != U'\n' && c != U'\t') chars += c;
    std::unordered_set<std::u32string> out;
    for (std::size_t i = 0; i + 1 < chars.size(); ++i) out.insert(chars.substr(i, 2));
    return out;
}

int argmax(const std::array<double, 3>& v) {
    int best = 0;
    for (int k = 1; k < 3; ++k)
        if (v[std::size_t(k)] > v[std::size_t(best)]) best = k;
    return best;
}

int categoryIndex(const std::string& category) {
    for (std::size_t c = 0; c < kCategories.size(); ++c)
        if (category == kCategories[c]) return int(c);
    return -1;
}

}  // namespace

int mostOverlappingCandidate(const Sample& sample, const std::string& text) {
    const auto context = bigrams(text);
    std::array<double, 3> shared{};
    for (std::size_t k = 0; k < 3; ++k)
        for (const auto& b : bigrams(sample.inferences[k])) shared[k] += context.count(b);
    return argmax(shared);
}

std::vector<ShortcutBaseline> shortcutBaselines(const Corpus& fitted, const Corpus& measured) {
    // The priors: gold letter counts overall and per category on the fitted corpus.
    std::array<double, 3> overall{};
    std::array<std::array<double, 3>, 5> perCategory{};
    for (const Sample& s : fitted.samples) {
        const int gold = s.goldIndex();
        if (gold < 0) continue;
        overall[std::size_t(gold)] += 1;
        if (const int c = categoryIndex(s.category); c >= 0) perCategory[std::size_t(c)][std::size_t(gold)] += 1;
    }
    const int majority = argmax(overall);
    const bool inSample = &fitted == &measured;

    using Rule = std::function<int(const Sample&)>;
    const auto length = [](const Sample& s, bool longest) {
        std::array<double, 3> n{};
        for (std::size_t k = 0; k < 3; ++k) n[k] = double(utf8::codePointCount(s.inferences[k])) * (longest ? 1 : -1);
        return argmax(n);
    };
    const std::vector<std::tuple<std::string, std::string, Rule, bool>> rules = {
        {"most frequent letter", "always the letter most often right in the fitted data",
         [&](const Sample&) { return majority; }, true},
        {"category prior", "per category, the letter most often right in the fitted data",
         [&](const Sample& s) {
             const int c = categoryIndex(s.category);
             const bool seen = c >= 0 && perCategory[std::size_t(c)] != std::array<double, 3>{};
             return seen ? argmax(perCategory[std::size_t(c)]) : majority;
         },
         true},
        {"longest candidate", "the candidate with the most characters",
         [&](const Sample& s) { return length(s, true); }, false},
        {"shortest candidate", "the candidate with the fewest characters",
         [&](const Sample& s) { return length(s, false); }, false},
        {"overlap with references", "the candidate sharing the most character bigrams with the reference utterances",
         [](const Sample& s) {
             std::string text;
             for (const std::size_t u : s.referenceUtteranceIndices()) text += s.conversation[u].text + "\n";
             return mostOverlappingCandidate(s, text);
         },
         false},
        {"overlap with conversation", "the candidate sharing the most character bigrams with the whole conversation",
         [](const Sample& s) {
             std::string text;
             for (const Utterance& u : s.conversation) text += u.text + "\n";
             return mostOverlappingCandidate(s, text);
         },
         false},
    };
    std::vector<ShortcutBaseline> out;
    out.push_back({"chance", "a letter at random (expected accuracy)", 1.0 / 3.0, 0, false});
    for (const auto& [name, description, rule, prior] : rules) {
        ShortcutBaseline b{name, description, 0, 0, prior && inSample};
        std::size_t right = 0;
        for (const Sample& s : measured.samples) {
            const int gold = s.goldIndex();
            if (gold < 0) continue;
            ++b.items;
            right += rule(s) == gold;
        }
        b.accuracy = b.items ? double(right) / double(b.items) : std::numeric_limits<double>::quiet_NaN();
        out.push_back(b);
    }
    out.front().items = out.back().items;
    if (!out.front().items) out.front().accuracy = std::numeric_limits<double>::quiet_NaN();
    return out;
}

}  // namespace cci::stats
