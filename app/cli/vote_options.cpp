// --method / --weights parsing.
#include "vote_options.h"

#include "ensemble/held_out.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace cci::cli {

std::vector<OptionSpec> voteOptionSpecs() {
    return {
        {"method", "hard|soft|weighted", "voting method (default hard, as published)"},
        {"weights", "W,W,...",
         "weights for --method weighted, one per prediction file in order (e.g. dev "
         "accuracies); comma-separated or repeated"},
        {"held-out", "",
         "fit on each model's held-out data - its run's dev evaluation (out-of-fold for a k-fold fold): soft voting "
         "calibrates each model by temperature first, weighted voting weights it by that accuracy. Needs "
         "prediction files in run folders (RUN/predictions/)"}};
}

ensemble::VoteOptions voteOptionsFrom(const ParsedArgs& args, const std::vector<std::string>& predictionFiles) {
    const std::size_t models = predictionFiles.size();
    const bool heldOut = args.has("held-out");
    ensemble::VoteOptions o;
    const std::string method = args.value("method", "hard");
    if (method == "hard")
        o.method = ensemble::VoteMethod::Hard;
    else if (method == "soft")
        o.method = ensemble::VoteMethod::Soft;
    else if (method == "weighted")
        o.method = ensemble::VoteMethod::Weighted;
    else
        throw UsageError("--method must be hard, soft or weighted, not \"" + method + "\"");
    for (const std::string& item : args.list("weights")) {
        double w = 0;
        const auto [ptr, ec] = std::from_chars(item.data(), item.data() + item.size(), w);
        if (ec != std::errc() || ptr != item.data() + item.size() || !std::isfinite(w) || w < 0)
            throw UsageError("--weights: \"" + item + "\" is not a non-negative number");
        o.weights.push_back(w);
    }
    if (heldOut && o.method == ensemble::VoteMethod::Hard)
        throw UsageError("--held-out applies to --method soft (temperatures) and weighted (weights)");
    if (heldOut && !o.weights.empty()) throw UsageError("--held-out fits the weights; leave out --weights");
    if (heldOut) {
        const auto fits = ensemble::heldOutFits(predictionFiles);
        ensemble::applyHeldOut(o, fits);
        for (std::size_t k = 0; k < models; ++k)
            std::fprintf(stderr, "%s: held-out accuracy %.4f, temperature %.3f on %zu items of %s\n",
                         predictionFiles[k].c_str(), fits[k].accuracy, fits[k].temperature, fits[k].items,
                         fits[k].probabilitiesFile.c_str());
    }
    if (o.method == ensemble::VoteMethod::Weighted && o.weights.size() != models)
        throw UsageError("--method weighted needs " + std::to_string(models) +
                         " weights (one per prediction file), got " + std::to_string(o.weights.size()));
    if (o.method != ensemble::VoteMethod::Weighted && !o.weights.empty())
        throw UsageError("--weights only applies to --method weighted");
    if (o.method == ensemble::VoteMethod::Weighted &&
        std::none_of(o.weights.begin(), o.weights.end(), [](double w) { return w > 0; }))
        throw UsageError("--weights: at least one weight must be positive (all zero leaves no vote)");
    return o;
}

}  // namespace cci::cli
