// What the machine and the libraries give the workbench: versions, compute threads, CUDA devices and the BLAS
// library libtorch resolved (reference BLAS makes CPU matmul ~30x slower). Used by `cci doctor` and the GUI.
#pragma once

#include <string>
#include <vector>

namespace cci {

struct SystemInfo {
    std::string workbenchVersion;
    std::string codeRevision;  // git revision at configure time, or "unknown"
    std::string torchVersion;
    std::string icuVersion;
    std::string jsonVersion;  // nlohmann/json
    std::string sentencepieceVersion;
    int hardwareThreads = 0;            // std::thread::hardware_concurrency
    int computeThreads = 0;             // libtorch intra-op threads now in use
    bool cudaBuilt = false;             // libtorch was built with CUDA
    int cudaDevices = 0;                // CUDA devices visible (0 without CUDA)
    std::string blasLibrary;            // resolved path of the loaded BLAS library, empty if none found
    std::string blasKind;               // "OpenBLAS", "MKL", "reference BLAS" or "unknown"
    std::string blasDetails;            // e.g. OpenBLAS config string
    std::string blasThreading;          // OpenBLAS: "OpenMP" (shares libtorch's pool), "pthreads" or "sequential"
    std::vector<std::string> warnings;  // problems a user should fix, with the fix
    std::vector<std::string> notes;     // information worth acting on, not a problem
};

SystemInfo collectSystemInfo();

// Sets libtorch's intra-op thread count (the --threads option), capped at the hardware threads (with a warning
// through the warning sink); n <= 0 keeps the current value. Returns the count in use.
int setComputeThreads(int n);

// This process's resident memory now and at its peak (VmRSS / VmHWM of /proc/self/status), in bytes; 0 where unknown.
struct ProcessMemory {
    double residentBytes = 0, peakBytes = 0;
};
ProcessMemory processMemory();
// Memory the system can give a new job without swapping (MemAvailable of /proc/meminfo), in bytes; 0 if unknown.
double availableMemoryBytes();

}  // namespace cci
