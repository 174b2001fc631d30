// --method / --weights parsing.
#include "vote_options.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace cci::cli {

std::vector<OptionSpec> voteOptionSpecs() {
    return {{"method", "hard|soft|weighted", "voting method (default hard, as published)"},
            {"weights", "W,W,...",
             "weights for --method weighted, one per prediction file in order (e.g. dev "
             "accuracies); comma-separated or repeated"}};
}

ensemble::VoteOptions voteOptionsFrom(const ParsedArgs& args, std::size_t models) {
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
