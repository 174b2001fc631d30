// EDA summary JSON (see eda_report.h).
#include "stats/eda_report.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace cci::stats {

namespace {

nlohmann::ordered_json histogramJson(const Histogram& h) {
    nlohmann::ordered_json bins = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < h.counts.size(); ++i)
        bins.push_back({{"from", h.start + double(i) * h.binWidth},
                        {"to", h.start + double(i + 1) * h.binWidth},
                        {"count", h.counts[i]}});
    return {{"bin_width", h.binWidth}, {"min", h.min}, {"mean", h.mean}, {"max", h.max}, {"bins", bins}};
}

nlohmann::ordered_json setJson(const EdaSet& set) {
    const auto& s = set.stats;
    nlohmann::ordered_json categories = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < kCategories.size(); ++i)
        categories.push_back({{"category", std::string(kCategories[i])},
                              {"count", s.categories[i]},
                              {"percent", s.items ? 100.0 * double(s.categories[i]) / double(s.items) : 0.0}});
    nlohmann::ordered_json outputs = nlohmann::ordered_json::array();
    const std::size_t labeled = s.items - s.unlabeled;
    for (std::size_t i = 0; i < 3; ++i)
        outputs.push_back({{"output", "inference_" + std::to_string(i + 1)},
                           {"count", s.outputs[i]},
                           {"percent", labeled ? 100.0 * double(s.outputs[i]) / double(labeled) : 0.0}});
    nlohmann::ordered_json words = nlohmann::ordered_json::array();
    for (const auto& w : set.words) words.push_back({{"word", w.word}, {"count", w.count}});
    return {{"items", s.items},
            {"categories", categories},
            {"other_categories", s.otherCategories},
            {"outputs", outputs},
            {"unlabeled", s.unlabeled},
            {"turns", histogramJson(s.turns)},
            {"total_utterance_length", histogramJson(s.totalLength)},
            {"words", words}};
}

}  // namespace

std::string edaSummaryJson(const std::string& file, const EdaSet& raw, const std::optional<EdaSet>& refined,
                           const std::vector<StyleTokenLengths>& tokenLengths, std::size_t maxSeqLength,
                           const std::vector<ShortcutBaseline>& baselines) {
    nlohmann::ordered_json j = {{"file", file}, {"raw", setJson(raw)}};
    if (refined) j["refined"] = setJson(*refined);
    if (!tokenLengths.empty()) {
        nlohmann::ordered_json styles = nlohmann::ordered_json::array();
        for (const auto& s : tokenLengths)
            styles.push_back({{"style", s.style},
                              {"max_seq_length", maxSeqLength},
                              {"over_max_seq_length", s.overLimit},
                              {"tokens", histogramJson(s.histogram)}});
        j["token_lengths"] = styles;
    }
    if (!baselines.empty()) {
        auto list = nlohmann::ordered_json::array();
        for (const ShortcutBaseline& b : baselines)
            list.push_back(
                {{"name", b.name},
                 {"accuracy", std::isnan(b.accuracy) ? nlohmann::ordered_json() : nlohmann::ordered_json(b.accuracy)},
                 {"items", b.items},
                 {"in_sample", b.inSample}});
        j["shortcut_baselines"] = list;
    }
    return j.dump(2) + "\n";
}

}  // namespace cci::stats
