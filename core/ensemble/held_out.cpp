// Held-out fits for voting (see held_out.h).
#include "ensemble/held_out.h"

#include "ensemble/answer_reader.h"
#include "ensemble/calibration.h"
#include "run/run_folder.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <unordered_map>

namespace cci::ensemble {

namespace fs = std::filesystem;

std::optional<HeldOutFit> heldOutFit(const std::string& predictionFile) {
    const fs::path file(predictionFile);
    if (file.parent_path().filename() != "predictions") return std::nullopt;
    const run::RunFolder folder(file.parent_path().parent_path().string());
    if (!folder.hasRecord()) return std::nullopt;
    const auto record = folder.readRecord();
    // The dev file the run evaluated on, and the evaluation the prediction's adapter comes from.
    const auto dev = record.find("dev");
    if (dev == record.end() || !dev->is_object() || !dev->contains("file") || !(*dev)["file"].is_string())
        return std::nullopt;
    HeldOutFit fit;
    fit.goldFile = (*dev)["file"].get<std::string>();
    fit.probabilitiesFile = folder.devPredictionsFile();
    if (run::RunFolder::isBestAdapterPrediction(predictionFile)) {
        const auto b = record.find("best");
        if (b == record.end() || !b->is_object() || !b->contains("step") || !(*b)["step"].is_number_unsigned())
            return std::nullopt;
        fit.probabilitiesFile = folder.devEvaluationFile((*b)["step"].get<std::size_t>());
    }
    std::error_code ec;
    if (!fs::exists(fit.probabilitiesFile, ec)) return std::nullopt;
    const Corpus gold = loadReference(fit.goldFile);
    const Probabilities probs = readProbabilities(fit.probabilitiesFile);
    std::unordered_map<std::string, int> goldOf;
    for (const Sample& s : gold.samples) goldOf[s.id] = s.goldIndex();
    std::vector<float> matched;
    std::vector<std::int8_t> answers;
    for (std::size_t i = 0; i < probs.ids.size(); ++i) {
        const auto g = goldOf.find(probs.ids[i]);
        if (g == goldOf.end() || g->second < 0) continue;
        matched.insert(matched.end(), probs.probs.begin() + std::ptrdiff_t(3 * i),
                       probs.probs.begin() + std::ptrdiff_t(3 * i + 3));
        answers.push_back(std::int8_t(g->second));
    }
    if (answers.empty()) return std::nullopt;
    fit.items = answers.size();
    const Calibration measured = measureCalibration(matched, answers);
    fit.accuracy = measured.accuracy;
    fit.temperature = fitTemperature(matched, answers);
    return fit;
}

void applyHeldOut(VoteOptions& options, const std::vector<HeldOutFit>& fits) {
    options.temperatures.clear();
    if (options.method == VoteMethod::Soft)
        for (const HeldOutFit& f : fits) options.temperatures.push_back(f.temperature);
    if (options.method == VoteMethod::Weighted) {
        options.weights.clear();
        for (const HeldOutFit& f : fits) options.weights.push_back(f.accuracy);
    }
}

std::vector<HeldOutFit> heldOutFits(const std::vector<std::string>& predictionFiles) {
    std::vector<HeldOutFit> out;
    for (const auto& file : predictionFiles) {
        auto fit = heldOutFit(file);
        if (!fit)
            throw Error(file +
                        ": no held-out predictions to fit on (only a run's predictions/ files have them: the run's "
                        "dev evaluation, with answers)");
        out.push_back(std::move(*fit));
    }
    return out;
}

}  // namespace cci::ensemble
