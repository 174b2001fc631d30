// Progress reporting and cancellation for long core jobs: a job calls the callback at safe points; the callback
// returns false to cancel. The CLI draws a progress bar from it, the GUI forwards it to a worker's signals.
#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

namespace cci {

struct ProgressEvent {
    std::string_view phase;   // e.g. "refine"
    std::size_t step = 0;     // units done
    std::size_t total = 0;    // units in all (0 when unknown)
    std::string_view detail;  // optional short status, e.g. "loss 1.234 · 5,120 tok/s" (valid during the call)
    std::string_view
        record;  // optional: a JSON line the job also appended to its log (a training run's metrics.jsonl),
                 // so a viewer can follow the job without re-reading the file (valid during the call)
};

using ProgressFn = std::function<bool(const ProgressEvent&)>;

}  // namespace cci
