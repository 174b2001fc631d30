// BLAS threading (see blas_threading.h): OpenBLAS's run-time API, looked up in the process, since libtorch links
// libblas.so.3 and the build never sees which implementation the system resolves it to.
#include "system/blas_threading.h"

#include <dlfcn.h>

namespace cci::system {

namespace {

template <typename Fn>
Fn lookup(const char* name) {
    return reinterpret_cast<Fn>(::dlsym(RTLD_DEFAULT, name));
}

int openblasParallel() {
    static const int parallel = [] {
        const auto fn = lookup<int (*)()>("openblas_get_parallel");
        return fn ? fn() : -1;
    }();
    return parallel;
}

}  // namespace

std::string blasThreading() {
    switch (openblasParallel()) {
        case 0: return "sequential";
        case 1: return "pthreads";
        case 2: return "OpenMP";
        default: return {};
    }
}

SequentialBlasScope::SequentialBlasScope() {
    if (openblasParallel() != 1) return;
    const auto get = lookup<int (*)()>("openblas_get_num_threads");
    const auto set = lookup<void (*)(int)>("openblas_set_num_threads");
    if (!get || !set) return;
    m_previous = get();
    if (m_previous > 1)
        set(1);
    else
        m_previous = 0;
}

SequentialBlasScope::~SequentialBlasScope() {
    if (m_previous > 1)
        if (const auto set = lookup<void (*)(int)>("openblas_set_num_threads")) set(m_previous);
}

}  // namespace cci::system
