// Hyper-parameter sweeps (see sweep.h).
#include "train/sweep.h"

#include "prompt/prompt_style.h"
#include "util/problem.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>

namespace cci::train {

namespace {

std::vector<std::string> items(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (const char c : text + ",") {
        if (c == ',' || c == ' ' || c == '\t') {
            if (!current.empty()) out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    return out;
}

template <class T>
T parsed(const std::string& item, const char* field) {
    T value{};
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec != std::errc() || end != item.data() + item.size())
        throw Error(std::string("sweep: ") + field + ": \"" + item + "\" is not a number");
    return value;
}

// A prompt style as part of a run folder's name: a style file is named by its file name without the extension; any
// character but letters, digits, '-', '_', '.' and non-ASCII (Hangul) becomes '_', and no part starts with '.', so
// a name can neither make subfolders nor climb out of the sweep's folder ("styles/../x.json" -> "x").
std::string styleNamePart(const std::string& style) {
    std::string name = style;
    if (name.find('/') != std::string::npos || name.ends_with(".json"))
        name = std::filesystem::path(style).stem().string();
    for (char& c : name) {
        const auto u = static_cast<unsigned char>(c);
        if (!(std::isalnum(u) || c == '-' || c == '_' || c == '.' || u >= 0x80)) c = '_';
    }
    if (name.empty() || name[0] == '.') name.insert(name.begin(), '_');
    return name;
}

}  // namespace

std::vector<SweepRun> expandSweep(const TrainConfig& base, const SweepGrid& grid, const std::string& parentDir,
                                  const std::string& namePrefix) {
    const std::vector<double> rates =
        grid.learningRates.empty() ? std::vector<double>{base.learningRate} : grid.learningRates;
    const std::vector<int> ranks = grid.ranks.empty() ? std::vector<int>{base.loraR} : grid.ranks;
    const std::vector<std::string> styles = grid.styles.empty() ? std::vector<std::string>{base.style} : grid.styles;
    const std::vector<bool> refined = grid.refined.empty() ? std::vector<bool>{base.refine} : grid.refined;
    const std::size_t count = rates.size() * ranks.size() * styles.size() * refined.size();
    if (count > kMaxSweepRuns)
        throw Error("sweep: " + std::to_string(count) + " runs; at most " + std::to_string(kMaxSweepRuns) +
                    " in one sweep");
    for (const double rate : rates)
        if (!(rate > 0) || !std::isfinite(rate)) throw Error("sweep: learning rates must be positive numbers");
    for (const int r : ranks)
        if (r <= 0) throw Error("sweep: LoRA ranks must be positive, not " + std::to_string(r));
    for (const auto& style : styles) (void)prompt::findPromptStyle(style);  // throws naming it
    const double alphaPerRank = base.loraAlpha / double(base.loraR);
    std::vector<SweepRun> out;
    for (const double rate : rates)
        for (const int r : ranks)
            for (const auto& style : styles)
                for (const bool refine : refined) {
                    SweepRun run;
                    run.config = base;
                    run.config.learningRate = rate;
                    run.config.loraR = r;
                    run.config.loraAlpha = alphaPerRank * double(r);
                    run.config.style = style;
                    run.config.refine = refine;
                    char name[160];
                    std::snprintf(name, sizeof name, "lr%g-r%d-%s-%s", rate, r, styleNamePart(style).c_str(),
                                  refine ? "refined" : "raw");
                    run.name = namePrefix.empty() ? std::string(name) : namePrefix + "-" + name;
                    run.config.runDir = parentDir + "/" + run.name;
                    for (const SweepRun& earlier : out)
                        if (earlier.name == run.name)
                            throw Error("sweep: " + run.name + " twice (a value is listed twice)");
                    out.push_back(std::move(run));
                }
    return out;
}

SweepGrid parseSweepGrid(const std::string& learningRates, const std::string& ranks, const std::string& styles,
                         const std::string& refined) {
    SweepGrid grid;
    for (const auto& item : items(learningRates)) grid.learningRates.push_back(parsed<double>(item, "learning rates"));
    for (const auto& item : items(ranks)) grid.ranks.push_back(parsed<int>(item, "LoRA ranks"));
    grid.styles = items(styles);
    if (refined == "raw")
        grid.refined = {false};
    else if (refined == "refined")
        grid.refined = {true};
    else if (refined == "both")
        grid.refined = {false, true};
    else if (!refined.empty())
        throw Error("sweep: data must be raw, refined or both, not \"" + refined + "\"");
    return grid;
}

}  // namespace cci::train
