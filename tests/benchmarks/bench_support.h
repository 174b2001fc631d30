// Helpers shared by the benchmarks.
#pragma once

#include <sys/resource.h>
#include <chrono>

namespace cci::bench {

// Peak resident memory of this process so far, in MiB.
inline double peakRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_maxrss) / 1024.0;
}

inline double secondsSince(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace cci::bench
