// Rate and time-left of a long job from its progress events, counted from the step the job started at (a resumed
// run starts part-way), and durations written for people ("1h02m", "3m05s", "42s"). Used by the CLI's progress
// bar and the GUI's job progress.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace cci {

class RateEstimate {
public:
    // Starts counting at `firstStep` (units already done when the job started).
    void start(std::size_t firstStep, std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now());
    // Units per second since start, and seconds left to reach `total` (0 when unknown).
    double rate(std::size_t step, std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) const;
    double secondsLeft(std::size_t step, std::size_t total,
                       std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now()) const;

private:
    std::chrono::steady_clock::time_point m_start{};
    std::size_t m_first = 0;
};

// "1h02m", "3m05s", "42s"; "-" for zero, negative or not finite.
std::string formatDuration(double seconds);

}  // namespace cci
