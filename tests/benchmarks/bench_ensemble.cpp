// Benchmark for the ensemble issue: 11 prediction files x N items (default 100,000, the demo corpus replicated,
// each model right ~85% of the time) — load, vote and full statistics, seconds and peak memory (target: < 2 s).
//   bench_ensemble [--items N] [--models M] [--dir DIR]   (DIR keeps the generated files between runs)
#include "bench_support.h"
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"
#include "ensemble/analysis.h"
#include "ensemble/vote_matrix.h"

#include <sys/resource.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

using namespace cci;
using cci::bench::peakRssMiB;

int main(int argc, char** argv) {
    std::size_t items = 100000, models = 11;
    std::string dir = "/tmp/cci-bench-ensemble";
    for (int i = 1; i + 1 < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--items") items = std::stoul(argv[i + 1]);
        if (a == "--models") models = std::stoul(argv[i + 1]);
        if (a == "--dir") dir = argv[i + 1];
    }
    std::filesystem::create_directories(dir);
    const std::string goldPath = dir + "/gold.json";
    std::vector<std::string> files;
    for (std::size_t k = 0; k < models; ++k) files.push_back(dir + "/model" + std::to_string(k) + ".json");
    if (!std::filesystem::exists(files.back()) || !std::filesystem::exists(goldPath)) {
        std::vector<Sample> demo;
        for (const char* f : {"demo_train.json", "demo_dev.json"})
            for (Sample& s : loadCorpus(std::string(CCI_DEMO_DIR) + "/" + f).samples) demo.push_back(std::move(s));
        Corpus gold;
        for (std::size_t i = 0; i < items; ++i) {
            Sample s = demo[i % demo.size()];
            s.id += "-r" + std::to_string(i / demo.size());
            gold.samples.push_back(std::move(s));
        }
        saveCorpus(gold, goldPath);
        std::mt19937 rng(7);
        for (std::size_t k = 0; k < models; ++k) {
            Corpus pred = gold;
            for (Sample& s : pred.samples)
                if (rng() % 100 >= 85)
                    s.output = std::string(kOutputKeys[(std::size_t(s.goldIndex()) + 1 + rng() % 2) % 3]);
            saveCorpus(pred, files[k]);
        }
        std::printf("generated %zu files of %zu items in %s\n", models + 1, items, dir.c_str());
    }
    const auto t0 = std::chrono::steady_clock::now();
    const Corpus reference = ensemble::loadReference(goldPath);
    const double tGold = cci::bench::secondsSince(t0);
    const auto t1 = std::chrono::steady_clock::now();
    const ensemble::VoteMatrix m = ensemble::buildVoteMatrix(reference, files);
    const double tLoad = cci::bench::secondsSince(t1);
    const auto t2 = std::chrono::steady_clock::now();
    const ensemble::VoteResult v = ensemble::vote(m);
    const double tVote = cci::bench::secondsSince(t2);
    const auto t3 = std::chrono::steady_clock::now();
    const ensemble::Analysis a = ensemble::analyze(m);
    const double tStats = cci::bench::secondsSince(t3);
    const double total = tLoad + tVote + tStats;
    std::printf(
        "%zu models x %zu items: read gold (full validation) %.2f s; read predictions %.2f s; vote %.3f s; "
        "full statistics %.2f s\n",
        models, items, tGold, tLoad, tVote, tStats);
    std::printf(
        "load + vote + statistics: %.2f s (target 2 s: %.2fx), peak RSS %.0f MiB; ensemble accuracy %.4f, "
        "no-majority items %zu\n",
        total, total / 2.0, peakRssMiB(), a.ensembleAccuracy, v.noMajority);
    return 0;
}
