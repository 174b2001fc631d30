// System information from libtorch, ICU, the dynamic loader (which BLAS is mapped) and the build.
#include "system/system_info.h"

#include "system/blas_threading.h"
#include "util/problem.h"

#include "cci_version.h"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>
#include <unicode/uversion.h>
#include <nlohmann/json.hpp>

#include <dlfcn.h>
#include <link.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

namespace cci {
namespace {

int collectBlasPath(dl_phdr_info* info, size_t, void* data) {
    auto* out = static_cast<std::string*>(data);
    const std::string name = info->dlpi_name ? info->dlpi_name : "";
    // cuBLAS and NVBLAS (the CUDA wheels' libraries) are GPU libraries, not the CPU BLAS.
    const bool gpu = name.find("cublas") != std::string::npos || name.find("nvblas") != std::string::npos;
    if (!gpu && (name.find("blas") != std::string::npos || name.find("mkl_rt") != std::string::npos)) {
        char resolved[PATH_MAX];
        *out = ::realpath(name.c_str(), resolved) ? std::string(resolved) : name;
        return 1;
    }
    return 0;
}

}  // namespace

SystemInfo collectSystemInfo() {
    SystemInfo s;
    s.workbenchVersion = CCI_VERSION;
    s.codeRevision = CCI_REVISION;
    s.torchVersion = TORCH_VERSION;
    s.icuVersion = U_ICU_VERSION;
    s.jsonVersion = std::to_string(NLOHMANN_JSON_VERSION_MAJOR) + "." + std::to_string(NLOHMANN_JSON_VERSION_MINOR) +
                    "." + std::to_string(NLOHMANN_JSON_VERSION_PATCH);
    s.sentencepieceVersion = CCI_SENTENCEPIECE_VERSION;
    s.hardwareThreads = int(std::thread::hardware_concurrency());
    s.computeThreads = at::get_num_threads();
    s.cudaBuilt = torch::cuda::is_available() || torch::cuda::device_count() > 0;
    s.cudaDevices = int(torch::cuda::device_count());

    dl_iterate_phdr(collectBlasPath, &s.blasLibrary);
    using ConfigFn = char* (*)();
    if (auto cfg = reinterpret_cast<ConfigFn>(::dlsym(RTLD_DEFAULT, "openblas_get_config"))) {
        s.blasKind = "OpenBLAS";
        s.blasDetails = cfg();
        s.blasThreading = system::blasThreading();
    } else if (::dlsym(RTLD_DEFAULT, "mkl_get_version") || ::dlsym(RTLD_DEFAULT, "MKL_Get_Version")) {
        s.blasKind = "MKL";
    } else if (at::globalContext().hasMKL()) {
        s.blasKind = "MKL";  // linked into libtorch itself (the PyTorch wheel)
        s.blasLibrary.clear();
    } else if (!s.blasLibrary.empty()) {
        s.blasKind = "reference BLAS";
    } else {
        s.blasKind = "unknown";
    }
    if (s.blasKind == "reference BLAS")
        s.warnings.push_back("libtorch uses the reference BLAS (" + s.blasLibrary +
                             "): CPU matmul runs ~30x slower. Fix: sudo apt-get install libopenblas0-pthread");
    if (s.blasThreading == "pthreads" && s.hardwareThreads > 1)
        s.warnings.push_back(
            "OpenBLAS's pthread build keeps a thread pool beside libtorch's OpenMP pool; they spin "
            "against each other (CPU prediction ~1.6x, training ~1.8x slower). Fix: sudo apt-get "
            "install libopenblas0-openmp, then rebuild (cmake/BlasThreading.cmake)");
    if (s.computeThreads < s.hardwareThreads)
        s.notes.push_back("libtorch computes on " + std::to_string(s.computeThreads) + " of " +
                          std::to_string(s.hardwareThreads) + " hardware threads; use --threads " +
                          std::to_string(s.hardwareThreads) + " to use them all");
    return s;
}

int setComputeThreads(int n) {
    // More threads than hardware threads only adds contention (and 100,000 would exhaust the process): cap them,
    // whether they come from --threads or from the environment libtorch starts with.
    const int hardware = int(std::max(1u, std::thread::hardware_concurrency()));
    std::string source = "--threads " + std::to_string(n);
    if (n <= 0) {
        // libtorch's start value comes from OMP_NUM_THREADS or MKL_NUM_THREADS (libtorch 1.13 takes them as they
        // are; the PyPI wheel's caps them itself): a count above the hardware is named and capped either way.
        n = at::get_num_threads();
        source = "the thread count from the environment (" + std::to_string(n) + ")";
        for (const char* variable : {"OMP_NUM_THREADS", "MKL_NUM_THREADS"})
            if (const char* value = std::getenv(variable); value && std::atoi(value) > hardware) {
                n = std::max(n, std::atoi(value));
                source = std::string(variable) + "=" + value;
            }
        if (n <= hardware) return n;
    }
    if (n > hardware) {
        reportWarnings({Problem{.message = source + " is more than this machine's " + std::to_string(hardware) +
                                           " hardware threads: using " + std::to_string(hardware),
                                .warning = true}});
        n = hardware;
    }
    at::set_num_threads(n);
    return n;
}

double availableMemoryBytes() {
    std::ifstream meminfo("/proc/meminfo");
    std::string line;
    while (std::getline(meminfo, line))
        if (line.rfind("MemAvailable:", 0) == 0) return std::strtod(line.c_str() + 13, nullptr) * 1024.0;
    return 0;
}

ProcessMemory processMemory() {
    ProcessMemory m;
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        const auto kib = [&] { return std::strtod(line.c_str() + line.find(':') + 1, nullptr) * 1024.0; };
        if (line.rfind("VmRSS:", 0) == 0) m.residentBytes = kib();
        if (line.rfind("VmHWM:", 0) == 0) m.peakBytes = kib();
    }
    return m;
}

}  // namespace cci
