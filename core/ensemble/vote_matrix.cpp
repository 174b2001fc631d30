// Building the vote matrix from prediction files.
#include "ensemble/vote_matrix.h"

#include "corpus/corpus_reader.h"
#include "ensemble/answer_reader.h"
#include "run/run_folder.h"
#include "util/problem.h"

#include <atomic>
#include <exception>
#include <filesystem>
#include <thread>

namespace cci::ensemble {
namespace {

int answerIndex(const std::string& output) {
    for (std::size_t k = 0; k < kOutputKeys.size(); ++k)
        if (output == kOutputKeys[k]) return int(k);
    return -1;
}

}  // namespace

bool VoteMatrix::labelled() const {
    if (gold.empty()) return false;
    for (const std::int8_t g : gold)
        if (g < 0) return false;
    return true;
}

bool VoteMatrix::allHaveProbabilities() const {
    for (const auto& p : probs)
        if (p.empty()) return false;
    return !probs.empty();
}

Corpus loadReference(const std::string& path) { return loadCorpus(path); }

std::string predictionName(const std::string& file) {
    namespace fs = std::filesystem;
    const fs::path path(file);
    const fs::path folder = path.parent_path();
    // RUN/predictions/dev.json (what the Runs tab's Predict… and `cci predict --run` write): "RUN · dev".
    if (folder.filename() == "predictions" && run::RunFolder(folder.parent_path().string()).hasRecord())
        return folder.parent_path().filename().string() + " · " + path.stem().string();
    return path.stem().string();
}

VoteMatrix buildVoteMatrix(const Corpus& reference, const std::vector<std::string>& predictionFiles) {
    if (predictionFiles.empty()) throw Error("no prediction files given");
    VoteMatrix m;
    const std::size_t n = reference.samples.size();
    const std::size_t models = predictionFiles.size();
    for (const Sample& s : reference.samples) {
        m.ids.push_back(s.id);
        m.category.push_back(std::int8_t(categoryIndex(s.category)));
        m.gold.push_back(std::int8_t(s.goldIndex()));
    }
    for (const std::string& f : predictionFiles) {
        m.modelFiles.push_back(f);
        m.modelNames.push_back(predictionName(f));
    }
    m.votes.assign(n * models, -1);
    m.probs.assign(models, {});

    // Each file is independent: read them on two threads, collect the first error of each.
    std::vector<std::exception_ptr> errors(models);
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t f; (f = next++) < models;) {
            try {
                const std::string& path = predictionFiles[f];
                const AnswerFile answers = readAnswers(path);
                if (answers.ids.size() != n)
                    throw Error(path + ": " + std::to_string(answers.ids.size()) + " items, but the reference " +
                                reference.sourcePath + " has " + std::to_string(n));
                for (std::size_t i = 0; i < n; ++i) {
                    if (answers.ids[i] != m.ids[i])
                        throw Error(path + ": item " + std::to_string(i) + " has id " + answers.ids[i] +
                                    " where the reference has " + m.ids[i] +
                                    " (files must list the same ids in the "
                                    "same order)");
                    const int a = answerIndex(answers.outputs[i]);
                    if (a < 0)
                        throw Error(path + ": item " + std::to_string(i) + " (id " + m.ids[i] +
                                    ") has no answer in \"output\"");
                    m.votes[i * models + f] = std::int8_t(a);
                }
                if (const std::string pp = probabilitiesPathFor(path); !pp.empty()) {
                    Probabilities p = readProbabilities(pp);
                    if (p.ids.size() != n)
                        throw Error(pp + ": " + std::to_string(p.ids.size()) + " items, but the reference has " +
                                    std::to_string(n));
                    for (std::size_t i = 0; i < n; ++i)
                        if (p.ids[i] != m.ids[i])
                            throw Error(pp + ": item " + std::to_string(i) + " has id " + p.ids[i] +
                                        " where the reference has " + m.ids[i]);
                    m.probs[f] = std::move(p.probs);
                }
            } catch (...) {
                errors[f] = std::current_exception();
            }
        }
    };
    std::thread helper(work);
    work();
    helper.join();
    std::vector<Problem> problems;
    for (const auto& e : errors) {
        if (!e) continue;
        try {
            std::rethrow_exception(e);
        } catch (const Error& err) {
            problems.insert(problems.end(), err.problems().begin(), err.problems().end());
        }
    }
    if (!problems.empty()) throw Error(std::move(problems));
    return m;
}

}  // namespace cci::ensemble
