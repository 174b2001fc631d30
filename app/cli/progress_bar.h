// Terminal progress for long `cci` jobs: a one-line bar with rate and ETA on a TTY (redrawn at most 10 times a
// second), plain lines every 10% otherwise. Feeds from core ProgressEvents.
#pragma once

#include "util/progress.h"
#include "util/rate_estimate.h"

#include <chrono>
#include <string>

namespace cci::cli {

class ProgressBar {
public:
    explicit ProgressBar(std::string unit = "items");
    ~ProgressBar();
    bool update(const ProgressEvent& e);  // always returns true (the CLI does not cancel)
    ProgressFn callback() {
        return [this](const ProgressEvent& e) { return update(e); };
    }
    void finish();

private:
    std::string m_unit, m_phase;
    RateEstimate m_rate;
    bool m_tty;
    bool m_drawn = false;
    int m_lastDecile = -1;
    std::chrono::steady_clock::time_point m_lastDraw;
};

}  // namespace cci::cli
