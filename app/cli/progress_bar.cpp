// ProgressBar: rate/ETA computation and drawing on stderr.
#include "progress_bar.h"

#include <unistd.h>
#include <algorithm>
#include <cstdio>

namespace cci::cli {

ProgressBar::ProgressBar(std::string unit) : m_unit(std::move(unit)), m_tty(::isatty(STDERR_FILENO) != 0) {}

ProgressBar::~ProgressBar() { finish(); }

bool ProgressBar::update(const ProgressEvent& e) {
    using namespace std::chrono;
    const auto now = steady_clock::now();
    if (e.phase != m_phase) {
        // A new phase (or the first event): rates count from here, and from the step it starts at (a resumed run).
        if (m_tty && m_drawn) std::fputc('\n', stderr);
        m_phase = std::string(e.phase);
        m_rate.start(e.step > 0 ? e.step - 1 : 0, now);
        m_lastDecile = -1;
        m_drawn = false;
    }
    const double rate = m_rate.rate(e.step, now);
    const double fraction = e.total > 0 ? double(e.step) / double(e.total) : 0;
    if (m_tty) {
        if (m_drawn && now - m_lastDraw < milliseconds(100) && e.step < e.total) return true;
        m_lastDraw = now;
        constexpr int kWidth = 30;
        const int filled = int(fraction * kWidth);
        const double eta = m_rate.secondsLeft(e.step, e.total, now);
        std::fprintf(stderr, "\r%.*s [%-*s] %zu/%zu %s  %.*f %s/s  ETA %s  %.*s\033[K", int(e.phase.size()),
                     e.phase.data(), kWidth, std::string(std::size_t(filled), '#').c_str(), e.step, e.total,
                     m_unit.c_str(), rate < 10 ? 2 : 0, rate, m_unit.c_str(), formatDuration(eta).c_str(),
                     int(e.detail.size()), e.detail.data());
        m_drawn = true;
    } else if (e.total > 0) {
        const int decile = int(fraction * 10);
        if (decile > m_lastDecile) {
            m_lastDecile = decile;
            std::fprintf(stderr, "%.*s: %zu/%zu %s (%d%%) %.*s\n", int(e.phase.size()), e.phase.data(), e.step, e.total,
                         m_unit.c_str(), decile * 10, int(e.detail.size()), e.detail.data());
        }
    }
    return true;
}

void ProgressBar::finish() {
    if (m_tty && m_drawn) std::fputc('\n', stderr);
    m_drawn = false;
}

}  // namespace cci::cli
