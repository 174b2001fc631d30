// How the BLAS libtorch resolved runs its threads, and a scope in which its products run on the calling thread
// alone - for code that calls matrix products from inside its own parallel regions (model/cpu_inference).
#pragma once

#include <string>

namespace cci::system {

// OpenBLAS's threading: "OpenMP" (shares libtorch's pool and runs sequentially inside parallel regions),
// "pthreads" (a pool of its own), "sequential"; empty for other BLAS libraries.
std::string blasThreading();

// While alive, OpenBLAS's pthread build computes on the calling thread only (so that two threads calling products
// at once do not queue for its pool); restores the previous thread count. Does nothing for other builds, which
// already run sequentially inside OpenMP parallel regions.
class SequentialBlasScope {
public:
    SequentialBlasScope();
    ~SequentialBlasScope();
    SequentialBlasScope(const SequentialBlasScope&) = delete;
    SequentialBlasScope& operator=(const SequentialBlasScope&) = delete;

private:
    int m_previous = 0;  // 0: nothing to restore
};

}  // namespace cci::system
