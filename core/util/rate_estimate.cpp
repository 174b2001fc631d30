// Rate and ETA (see rate_estimate.h).
#include "util/rate_estimate.h"

#include <cmath>
#include <cstdio>

namespace cci {

void RateEstimate::start(std::size_t firstStep, std::chrono::steady_clock::time_point now) {
    m_start = now;
    m_first = firstStep;
}

double RateEstimate::rate(std::size_t step, std::chrono::steady_clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    return elapsed > 0 && step > m_first ? double(step - m_first) / elapsed : 0.0;
}

double RateEstimate::secondsLeft(std::size_t step, std::size_t total, std::chrono::steady_clock::time_point now) const {
    const double r = rate(step, now);
    return r > 0 && total > step ? double(total - step) / r : 0.0;
}

std::string formatDuration(double seconds) {
    if (!std::isfinite(seconds) || seconds <= 0) return "-";
    const long long s = std::llround(seconds);
    char buf[48];
    if (s >= 3600)
        std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s / 60) % 60);
    else if (s >= 60)
        std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
    else
        std::snprintf(buf, sizeof buf, "%llds", s);
    return buf;
}

}  // namespace cci
