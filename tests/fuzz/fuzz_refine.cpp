// Fuzz target: refinement of arbitrary text with every rule and variant on; traced edits stay inside the original.
#include "refine/refiner.h"
#include "text/unicode_text.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    cci::refine::RefineConfig config;
    for (bool& on : config.enabled) on = true;
    config.enabled[0] = false;
    cci::Sample s;
    s.id = "f";
    s.conversation = {{1, std::string(text), {"u1"}, false}, {1, std::string(text.substr(0, size / 2)), {"u2"}, false}};
    s.referenceIds = {"u2"};
    cci::refine::ItemTrace trace;
    cci::refine::RefineStats stats;
    (void)cci::refine::refineSample(s, config, &trace, stats);
    const std::size_t n = cci::text::toUtf32(text).size();
    for (const cci::refine::RuleEdit& e : trace.utterances[0].edits)
        if (e.begin > e.end || e.end > n) std::abort();
    (void)cci::refine::refineText(text);
    return 0;
}
