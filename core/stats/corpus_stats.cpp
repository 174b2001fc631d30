// Corpus statistics (see corpus_stats.h).
#include "stats/corpus_stats.h"

#include "util/utf8.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cci::stats {

std::size_t totalUtteranceLength(const Sample& sample) {
    std::size_t n = 0;
    for (const auto& u : sample.conversation) n += utf8::codePointCount(u.text);
    return n;
}

Histogram histogram(const std::vector<std::size_t>& values, double binWidth) {
    Histogram h;
    h.binWidth = binWidth;
    if (values.empty()) return h;
    const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    h.min = double(*lo);
    h.max = double(*hi);
    h.mean = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    h.start = std::floor(h.min / binWidth) * binWidth;
    const auto bins = std::size_t(std::floor((h.max - h.start) / binWidth)) + 1;
    h.counts.assign(bins, 0);
    h.items.assign(bins, {});
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto bin = std::size_t(std::floor((double(values[i]) - h.start) / binWidth));
        ++h.counts[bin];
        h.items[bin].push_back(i);
    }
    return h;
}

CorpusStats computeStats(const Corpus& corpus) {
    CorpusStats s;
    s.items = corpus.samples.size();
    std::vector<std::size_t> turns;
    for (const Sample& sample : corpus.samples) {
        const auto category = std::find(kCategories.begin(), kCategories.end(), sample.category);
        if (category == kCategories.end())
            ++s.otherCategories;
        else
            ++s.categories[std::size_t(category - kCategories.begin())];
        const int gold = sample.goldIndex();
        if (gold < 0)
            ++s.unlabeled;
        else
            ++s.outputs[std::size_t(gold)];
        turns.push_back(sample.conversation.size());
        s.totalLengths.push_back(totalUtteranceLength(sample));
    }
    s.turns = histogram(turns, 1);
    s.totalLength = histogram(s.totalLengths, 50);
    return s;
}

std::string totalLengthsCsv(const Corpus& corpus, const CorpusStats& stats) {
    std::string out = "id,total_utterance_length\n";
    for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
        const std::string& id = corpus.samples[i].id;
        const bool quote = id.find_first_of(",\"\n") != std::string::npos;
        if (quote) {
            out += '"';
            for (char c : id) out += c == '"' ? std::string("\"\"") : std::string(1, c);
            out += '"';
        } else {
            out += id;
        }
        out += "," + std::to_string(stats.totalLengths[i]) + "\n";
    }
    return out;
}

}  // namespace cci::stats
