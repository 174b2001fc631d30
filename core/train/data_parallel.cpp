// Data parallelism over c10d (see data_parallel.h).
#include "train/data_parallel.h"

#include "util/problem.h"

#ifdef CCI_WITH_C10D
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

#include <chrono>
#include <cstdlib>

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
        throw Error("environment: RANK=" + std::to_string(env.rank) + " is outside [0, WORLD_SIZE=" +
                    std::to_string(env.worldSize) + ")");
    if (const char* addr = std::getenv("MASTER_ADDR"); addr && *addr) env.masterAddr = addr;
    env.masterPort = intVariable("MASTER_PORT", env.masterPort);
    if (env.masterPort < 1 || env.masterPort > 65535)
        throw Error("environment: MASTER_PORT=" + std::to_string(env.masterPort) + " is not a TCP port");
    return env;
}

#ifdef CCI_WITH_C10D

struct DataParallelGroup::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<c10d::ProcessGroup> group;
};

DataParallelGroup::DataParallelGroup(const DistributedEnv& env, const std::string& device)
    : m_env(env), m_impl(std::make_unique<Impl>()) {
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(env.masterPort);
        options.isServer = env.rank == 0;
        options.numWorkers = env.worldSize;
        options.timeout = std::chrono::minutes(5);
        m_impl->store = c10::make_intrusive<c10d::TCPStore>(env.masterAddr, options);
        // Gloo everywhere: it reduces CPU tensors, and CUDA tensors in CUDA builds (NCCL would be faster on many
        // GPUs; the gradients of LoRA are small).
        (void)device;
        auto glooOptions = c10d::ProcessGroupGloo::Options::create(std::chrono::minutes(30));
        glooOptions->devices.push_back(env.masterAddr == "127.0.0.1" || env.masterAddr == "localhost"
                                           ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                                           : c10d::ProcessGroupGloo::createDefaultDevice());
        glooOptions->threads = 2;
        m_impl->group = c10::make_intrusive<c10d::ProcessGroupGloo>(m_impl->store, env.rank, env.worldSize, glooOptions);
    } catch (const std::exception& e) {
        throw Error("data parallel: rank " + std::to_string(env.rank) + " of " + std::to_string(env.worldSize) +
                    " could not join the group at " + env.masterAddr + ":" + std::to_string(env.masterPort) + ": " +
                    e.what());
    }
}

DataParallelGroup::~DataParallelGroup() = default;

void DataParallelGroup::allReduceSum(std::vector<torch::Tensor>& tensors) {
    if (tensors.empty()) return;
    // One flat buffer: one collective per step instead of one per tensor.
    std::vector<torch::Tensor> flat = {torch::cat([&] {
        std::vector<torch::Tensor> parts;
        for (const auto& t : tensors) parts.push_back(t.reshape({-1}).to(torch::kFloat32));
        return parts;
    }())};
    m_impl->group->allreduce(flat)->wait();
    std::int64_t offset = 0;
    for (auto& t : tensors) {
        const auto n = t.numel();
        t.copy_(flat[0].narrow(0, offset, n).view_as(t));
        offset += n;
    }
}

void DataParallelGroup::barrier() { m_impl->group->barrier()->wait(); }

#else  // a build without gloo's headers

struct DataParallelGroup::Impl {};

DataParallelGroup::DataParallelGroup(const DistributedEnv& env, const std::string&) : m_env(env) {
    throw Error("data parallel: WORLD_SIZE=" + std::to_string(env.worldSize) +
                " but this build has no c10d process groups (install libgloo-dev and rebuild)");
}
DataParallelGroup::~DataParallelGroup() = default;
void DataParallelGroup::allReduceSum(std::vector<torch::Tensor>&) {}
void DataParallelGroup::barrier() {}

#endif

}  // namespace cci::train
