// Data parallelism over c10d (see data_parallel.h).
#include "train/data_parallel.h"

#include "system/device_spec.h"

#include "util/problem.h"

#ifdef CCI_WITH_C10D
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif
#ifdef CCI_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef CCI_WITH_NCCL
#include <c10/cuda/CUDAFunctions.h>
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <chrono>
#include <cstdlib>
#include <functional>
#include <optional>
#include <thread>

namespace cci::train {

namespace {

int intVariable(const char* name, int fallback) {
    const char* value = std::getenv(name);
    if (!value || !*value) return fallback;
    char* end = nullptr;
    const long n = std::strtol(value, &end, 10);
    if (*end != '\0' || n < 0 || n > 1000000)
        throw Error(std::string("environment: ") + name + "=\"" + value + "\" is not a non-negative integer");
    return int(n);
}

}  // namespace

DistributedEnv distributedEnvironment() {
    DistributedEnv env;
    env.worldSize = intVariable("WORLD_SIZE", 1);
    if (env.worldSize < 1) throw Error("environment: WORLD_SIZE must be at least 1");
    env.rank = intVariable("RANK", 0);
    env.localRank = intVariable("LOCAL_RANK", env.rank);
    if (env.rank >= env.worldSize)
        throw Error("environment: RANK=" + std::to_string(env.rank) +
                    " is outside [0, WORLD_SIZE=" + std::to_string(env.worldSize) + ")");
    if (const char* addr = std::getenv("MASTER_ADDR"); addr && *addr) env.masterAddr = addr;
    env.masterPort = intVariable("MASTER_PORT", env.masterPort);
    if (env.masterPort < 1 || env.masterPort > 65535)
        throw Error("environment: MASTER_PORT=" + std::to_string(env.masterPort) + " is not a TCP port");
    return env;
}

#ifdef CCI_WITH_C10D

// libtorch 1.x derives the process groups from c10d::ProcessGroup, 2.x from c10d::Backend; both have allreduce and
// barrier with the same signatures, so the group is held through those two calls and its concrete type stays here.
struct DataParallelGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    std::function<void(std::vector<torch::Tensor>&)> allreduce;
    std::function<void()> barrier;
    std::optional<torch::Device> ncclDevice;  // NCCL reduces this GPU's memory only

    template <class Group>
    void hold(c10::intrusive_ptr<Group> group) {
        allreduce = [group](std::vector<torch::Tensor>& tensors) { group->allreduce(tensors)->wait(); };
        barrier = [group] { group->barrier()->wait(); };
    }
};

DataParallelGroup::DataParallelGroup(const DistributedEnv& env, const std::string& device,
                                     std::chrono::seconds rendezvous)
    : m_env(env), m_impl(std::make_unique<Impl>()) {
    const bool cuda = parseDevice(device).cuda;
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(env.masterPort);
        options.isServer = env.rank == 0;
        options.numWorkers = env.worldSize;
        options.timeout = rendezvous;
        m_impl->store = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, options);
        // Our own rendezvous, bounded: TCPStore's server stops waiting for workers silently, and the process groups
        // would then wait for the missing ranks as long as a collective may take (30 minutes).
        m_impl->store->add("cci/joined", 1);
        const auto start = std::chrono::steady_clock::now();
        for (std::int64_t joined = 0; (joined = m_impl->store->add("cci/joined", 0)) < env.worldSize;) {
            if (std::chrono::steady_clock::now() - start > rendezvous)
                throw Error("only " + std::to_string(joined) + " of " + std::to_string(env.worldSize) +
                            " ranks joined");
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
#ifdef CCI_WITH_NCCL
        if (cuda) {
            // One GPU per process: LOCAL_RANK picks it, as torchrun arranges.
            m_impl->ncclDevice = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(env.localRank));
            c10::cuda::set_device(m_impl->ncclDevice->index());
            auto ncclOptions = c10d::ProcessGroupNCCL::Options::create();
            ncclOptions->timeout = std::chrono::minutes(30);
            m_impl->hold(
                c10::make_intrusive<c10d::ProcessGroupNCCL>(m_impl->store, env.rank, env.worldSize, ncclOptions));
            return;
        }
#endif
#ifdef CCI_WITH_GLOO
        // Gloo: CPU tensors, and CUDA tensors in CUDA builds without NCCL's header (the LoRA gradients are small).
        auto glooOptions = c10d::ProcessGroupGloo::Options::create(std::chrono::minutes(30));
        glooOptions->devices.push_back(env.masterAddr == "127.0.0.1" || env.masterAddr == "localhost"
                                           ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                                           : c10d::ProcessGroupGloo::createDefaultDevice());
        glooOptions->threads = 2;
        m_impl->hold(c10::make_intrusive<c10d::ProcessGroupGloo>(m_impl->store, env.rank, env.worldSize, glooOptions));
#else
        throw Error("this build's only process group is NCCL, for CUDA devices; training on " + device +
                    " needs Gloo's (install gloo's headers and rebuild)");
#endif
    } catch (const std::exception& e) {
        // libtorch's own message without its stack trace.
        const auto* torchError = dynamic_cast<const c10::Error*>(&e);
        throw Error("data parallel: rank " + std::to_string(env.rank) + " of " + std::to_string(env.worldSize) +
                    (cuda ? " (" + device + ")" : std::string()) + " could not join the group at " + env.masterAddr +
                    ":" + std::to_string(env.masterPort) + " within " + std::to_string(rendezvous.count()) +
                    " s: " + (torchError ? torchError->what_without_backtrace() : e.what()) +
                    " (WORLD_SIZE, RANK, MASTER_ADDR and MASTER_PORT come from the environment: unset them to train "
                    "alone)");
    }
}

DataParallelGroup::~DataParallelGroup() = default;

void DataParallelGroup::allReduceSum(std::vector<torch::Tensor>& tensors) {
    if (tensors.empty()) return;
    // One flat buffer: one collective per step instead of one per tensor.
    const auto device = tensors.front().device();
    std::vector<torch::Tensor> flat = {torch::cat([&] {
        std::vector<torch::Tensor> parts;
        for (const auto& t : tensors) parts.push_back(t.reshape({-1}).to(device, torch::kFloat32));
        return parts;
    }())};
    // NCCL reduces GPU memory only: CPU tensors (step statistics, the cancel flag) travel through this rank's GPU.
    if (m_impl->ncclDevice && flat[0].device() != *m_impl->ncclDevice) flat[0] = flat[0].to(*m_impl->ncclDevice);
    m_impl->allreduce(flat);
    flat[0] = flat[0].to(device);
    std::int64_t offset = 0;
    for (auto& t : tensors) {
        const auto n = t.numel();
        t.copy_(flat[0].narrow(0, offset, n).view_as(t));
        offset += n;
    }
}

void DataParallelGroup::barrier() { m_impl->barrier(); }

#else  // a build without gloo's headers

struct DataParallelGroup::Impl {};

DataParallelGroup::DataParallelGroup(const DistributedEnv& env, const std::string&, std::chrono::seconds) : m_env(env) {
    throw Error("data parallel: WORLD_SIZE=" + std::to_string(env.worldSize) +
                " but this build has no c10d process groups (install libgloo-dev and rebuild)");
}
DataParallelGroup::~DataParallelGroup() = default;
void DataParallelGroup::allReduceSum(std::vector<torch::Tensor>&) {}
void DataParallelGroup::barrier() {}

#endif

}  // namespace cci::train
