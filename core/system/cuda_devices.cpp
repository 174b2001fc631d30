// CUDA device queries (see cuda_devices.h). The CUDA calls are compiled only against a CUDA libtorch (CCI_WITH_CUDA).
#include "system/cuda_devices.h"

#include "system/device_spec.h"

#include "util/problem.h"

#ifdef CCI_WITH_CUDA
#include <c10/cuda/CUDACachingAllocator.h>
#include <c10/cuda/CUDAFunctions.h>
#include <cuda_runtime_api.h>
#endif

namespace cci {

bool cudaBuild() {
#ifdef CCI_WITH_CUDA
    return true;
#else
    return false;
#endif
}

std::vector<GpuInfo> cudaDevices() {
    std::vector<GpuInfo> gpus;
#ifdef CCI_WITH_CUDA
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        (void)cudaGetLastError();  // no driver or no GPU: not an error here
        return gpus;
    }
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
        GpuInfo g;
        g.index = i;
        g.name = prop.name;
        g.totalBytes = double(prop.totalGlobalMem);
        g.major = prop.major;
        g.minor = prop.minor;
        int previous = 0;
        size_t freeBytes = 0, totalBytes = 0;
        if (cudaGetDevice(&previous) == cudaSuccess && cudaSetDevice(i) == cudaSuccess &&
            cudaMemGetInfo(&freeBytes, &totalBytes) == cudaSuccess)
            g.freeBytes = double(freeBytes);
        (void)cudaSetDevice(previous);
        (void)cudaGetLastError();
        gpus.push_back(g);
    }
#endif
    return gpus;
}

std::optional<GpuInfo> gpuFor(const std::string& device) {
    const DeviceSpec spec = parseDevice(device);
    if (!spec.cuda) return std::nullopt;
    if (!cudaBuild())
        throw Error("--device " + device +
                    ": this build of the workbench uses a CPU-only libtorch; build the CUDA "
                    "variant (bash tools/build-cuda.sh, see the README's \"On a GPU machine\")");
    const int index = spec.index;
    const auto gpus = cudaDevices();
    for (const GpuInfo& g : gpus)
        if (g.index == index) return g;
    std::string seen;
    for (const GpuInfo& g : gpus) seen += (seen.empty() ? "" : ", ") + g.deviceName() + " " + g.name;
    throw Error("--device " + device + ": no such GPU" +
                (gpus.empty() ? std::string(" (no GPU is visible: check nvidia-smi and "
                                            "CUDA_VISIBLE_DEVICES)")
                              : "; this machine has " + seen));
}

double cudaPeakAllocatedBytes(int device) {
#ifdef CCI_WITH_CUDA
    const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(static_cast<c10::DeviceIndex>(device));
    return double(stats.allocated_bytes[0].peak);  // index 0: the aggregate over small and large pools
#else
    (void)device;
    return 0;
#endif
}

void resetCudaPeak(int device) {
#ifdef CCI_WITH_CUDA
    c10::cuda::CUDACachingAllocator::resetPeakStats(static_cast<c10::DeviceIndex>(device));
#else
    (void)device;
#endif
}

bool isCudaOutOfMemory(const std::string& message) {
    return message.find("CUDA out of memory") != std::string::npos ||
           message.find("CUBLAS_STATUS_ALLOC_FAILED") != std::string::npos ||
           message.find("cudaErrorMemoryAllocation") != std::string::npos;
}

}  // namespace cci
