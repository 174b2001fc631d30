// Multiple-choice prediction (see predict.h).
#include "infer/predict.h"

#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "infer/letter_audit.h"
#include "prompt/prompt_tokens.h"
#include "refine/refiner.h"
#include "tokenizer/load_tokenizer.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

namespace cci::infer {

namespace {

std::string sidecarPath(const std::string& outFile, const char* suffix) {
    const auto dot = outFile.rfind('.');
    const auto slash = outFile.rfind('/');
    const bool hasExtension = dot != std::string::npos && (slash == std::string::npos || dot > slash);
    return (hasExtension ? outFile.substr(0, dot) : outFile) + suffix;
}

}  // namespace

std::string probsPathFor(const std::string& outFile) { return sidecarPath(outFile, ".probs.json"); }
std::string auditPathFor(const std::string& outFile) { return sidecarPath(outFile, ".audit.json"); }

PredictResult scoreCorpus(const model::LlamaModel& model, const tok::Tokenizer& tokenizer, const Corpus& corpus,
                          const PredictConfig& config, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    const auto style = prompt::findPromptStyle(config.style);
    const auto chat = chat::resolveModelTemplate(config.modelDir, config.templateSpec, config.templateKwargs);
    std::vector<tok::TokenId> letters;
    for (const char* letter : {"A", "B", "C"}) {
        const auto id = tokenizer.tokenToId(letter);
        if (!id)
            throw Error(config.modelDir + ": the tokenizer has no vocabulary entry \"" + letter +
                        "\" to score answers with");
        letters.push_back(*id);
    }
    PredictResult result;
    result.letterIds = letters;
    // The candidate orders scored: shown[j] = the item's candidate order[j]. The item's own, or all six.
    std::vector<std::array<int, 3>> orders = {{0, 1, 2}};
    if (config.permutations) orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    std::vector<std::vector<tok::TokenId>> prompts;
    prompts.reserve(corpus.samples.size() * orders.size());
    for (const Sample& s : corpus.samples)
        for (const auto& order : orders) {
            Sample shown = s;
            for (std::size_t j = 0; j < 3; ++j) shown.inferences[j] = s.inferences[std::size_t(order[j])];
            prompts.push_back(prompt::promptTokenIds(shown, style, chat, tokenizer));
            result.promptTokens += prompts.back().size();
            result.longestPrompt = std::max(result.longestPrompt, prompts.back().size());
        }
    const auto logits = model.lastLogits(prompts, letters, {config.batchSize, true, true}, progress);
    if (logits.empty() && !prompts.empty()) {
        result.cancelled = true;
        return result;
    }
    for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
        ItemScore score;
        score.id = corpus.samples[i].id;
        for (std::size_t o = 0; o < orders.size(); ++o) {
            const auto& row = logits[i * orders.size() + o];
            for (std::size_t j = 0; j < 3; ++j)
                if (const float logit = row[j]; !std::isfinite(logit))
                    throw Error("item " + std::to_string(i) + " (id " + score.id +
                                "): the model's A/B/C logits are not finite (" + std::to_string(row[0]) + ", " +
                                std::to_string(row[1]) + ", " + std::to_string(row[2]) +
                                "); its weights or adapter hold NaN/Inf values or overflow. "
                                "cci doctor --model " +
                                config.modelDir + " checks the weights");
            // softmax over the letters; letter j showed candidate orders[o][j].
            const double top = std::max({row[0], row[1], row[2]});
            std::array<double, 3> p{};
            double sum = 0;
            for (std::size_t j = 0; j < 3; ++j) sum += p[j] = std::exp(double(row[j]) - top);
            for (std::size_t j = 0; j < 3; ++j)
                score.probs[std::size_t(orders[o][j])] += p[j] / sum / double(orders.size());
            // row[3], row[4]: the vocabulary's log-sum-exp and most probable token.
            double mass = 0;
            for (std::size_t j = 0; j < 3; ++j) mass += std::exp(double(row[j]) - double(row[3]));
            score.letterMass = score.letterMass.value_or(0) + std::clamp(mass, 0.0, 1.0) / double(orders.size());
            if (o == 0) score.topToken = tok::TokenId(row[4]);
        }
        for (int k = 1; k < 3; ++k)
            if (score.probs[std::size_t(k)] > score.probs[std::size_t(score.choice)]) score.choice = k;
        result.scores.push_back(std::move(score));
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

PredictResult runPredict(const PredictConfig& config, const ProgressFn& progress) {
    if (config.outFile.empty()) throw Error("predict: no output file (-o)");
    refuseToOverwriteInput(config.outFile, {config.dataFile});
    refuseToOverwriteInput(probsPathFor(config.outFile), {config.dataFile});
    Corpus corpus = loadCorpus(config.dataFile);
    const auto tokenizer = tok::loadTokenizer(config.modelDir);
    model::RuntimeOptions runtime;
    runtime.device = config.device;
    runtime.threads = config.threads;
    runtime.adapterDir = config.adapterDir;
    runtime.nf4 = config.nf4;
    const auto model = model::LlamaModel::load(config.modelDir, runtime);
    const Corpus scored =
        config.refine ? refine::refineCorpus(corpus, refine::RefineConfig::untraced()).corpus : Corpus{};
    PredictResult result = scoreCorpus(*model, *tokenizer.tokenizer, config.refine ? scored : corpus, config, progress);
    if (result.cancelled) return result;
    nlohmann::ordered_json probs = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
        const auto& score = result.scores[i];
        corpus.samples[i].output = "inference_" + std::to_string(score.choice + 1);
        probs.push_back({{"id", score.id}, {"probs", score.probs}});
    }
    // The submission and its probabilities are published together.
    if (const auto folder = std::filesystem::path(config.outFile).parent_path(); !folder.empty())
        std::filesystem::create_directories(folder);  // e.g. a run's predictions/ folder
    const auto audit = auditLetters(corpus, result, *tokenizer.tokenizer);
    writeFilesAtomic({{probsPathFor(config.outFile), probs.dump(1) + "\n"},
                      {auditPathFor(config.outFile), letterAuditToJson(audit).dump(1) + "\n"},
                      {config.outFile, corpusToJson(corpus)}});
    return result;
}

}  // namespace cci::infer
