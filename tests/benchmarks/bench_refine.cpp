// Benchmark for the refinement issue: refine the demo corpus replicated to N items (default 100,000), single
// thread, with the trace off (the target) and on (its cost), and report items/s against the published Python
// implementation's ~1,400 items/s (target >= 20x, i.e. >= 28,000 items/s) and peak memory.
//   bench_refine [--items N]
#include "bench_support.h"
#include "corpus/corpus_reader.h"
#include "refine/refiner.h"

#include <sys/resource.h>
#include <chrono>
#include <cstdio>
#include <string>

using namespace cci;
using cci::bench::peakRssMiB;

int main(int argc, char** argv) {
    std::size_t items = 100000;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--items") items = std::stoul(argv[i + 1]);
    std::vector<Sample> demo;
    for (const char* f : {"demo_train.json", "demo_dev.json", "demo_test.json"})
        for (Sample& s : loadCorpus(std::string(CCI_DEMO_DIR) + "/" + f).samples) demo.push_back(std::move(s));
    Corpus big;
    std::size_t utterances = 0;
    for (std::size_t i = 0; i < items; ++i) {
        big.samples.push_back(demo[i % demo.size()]);
        utterances += big.samples.back().conversation.size();
    }
    std::printf("corpus: %zu items, %.1f utterances per item, peak RSS before refining %.0f MiB\n", items,
                double(utterances) / double(items), peakRssMiB());
    constexpr double kPythonItemsPerSecond = 1400;
    double untraced = 0;
    for (const bool trace : {false, true}) {
        refine::RefineConfig config;
        config.trace = trace;
        const auto t0 = std::chrono::steady_clock::now();
        const refine::RefineResult r = refine::refineCorpus(big, config);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const double rate = double(items) / s;
        if (!trace) untraced = s;
        std::printf(
            "trace %-3s: %.3f s, %.0f items/s = %.1fx the Python reference (target 20x)%s, "
            "%zu utterances out, peak RSS %.0f MiB\n",
            trace ? "on" : "off", s, rate, rate / kPythonItemsPerSecond,
            trace ? (" — trace costs " + std::to_string(int((s / untraced - 1) * 100)) + "%").c_str() : "",
            r.stats.utterancesOut, peakRssMiB());
    }
    return 0;
}
