// ProgressBar: rate/ETA computation and drawing on stderr.
#include "progress_bar.h"

#include <cstdio>
#include <unistd.h>

namespace cci::cli {

ProgressBar::ProgressBar(std::string unit)
    : m_unit(std::move(unit)), m_tty(::isatty(STDERR_FILENO) != 0), m_start(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

bool ProgressBar::update(const ProgressEvent& e) {
    using namespace std::chrono;
    const auto now = steady_clock::now();
    const double elapsed = duration<double>(now - m_start).count();
    const double rate = elapsed > 0 ? double(e.step) / elapsed : 0;
    const double fraction = e.total > 0 ? double(e.step) / double(e.total) : 0;
    if (m_tty) {
        if (m_drawn && now - m_lastDraw < milliseconds(100) && e.step < e.total) return true;
        m_lastDraw = now;
        constexpr int kWidth = 30;
        const int filled = int(fraction * kWidth);
        const double eta = rate > 0 && e.total > e.step ? double(e.total - e.step) / rate : 0;
        std::fprintf(stderr, "\r%.*s [%-*s] %zu/%zu %s  %.0f %s/s  ETA %.0fs ", int(e.phase.size()), e.phase.data(),
                     kWidth, std::string(std::size_t(filled), '#').c_str(), e.step, e.total, m_unit.c_str(), rate,
                     m_unit.c_str(), eta);
        m_drawn = true;
    } else if (e.total > 0) {
        const int decile = int(fraction * 10);
        if (decile > m_lastDecile) {
            m_lastDecile = decile;
            std::fprintf(stderr, "%.*s: %zu/%zu %s (%d%%)\n", int(e.phase.size()), e.phase.data(), e.step, e.total,
                         m_unit.c_str(), decile * 10);
        }
    }
    return true;
}

void ProgressBar::finish() {
    if (m_tty && m_drawn) std::fputc('\n', stderr);
    m_drawn = false;
}

}  // namespace cci::cli
