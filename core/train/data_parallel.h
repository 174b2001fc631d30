// Data parallelism over PyTorch's c10d: under a torchrun-style environment (RANK, WORLD_SIZE, LOCAL_RANK,
// MASTER_ADDR, MASTER_PORT) the training processes meet through a TCPStore, form a process group (Gloo; NCCL for
// CUDA where libtorch has it) and sum their LoRA gradients before each optimizer step. All c10d code is in
// data_parallel.cpp (it differs between libtorch versions). Includes libtorch: only .cpp files include this.
#pragma once

#include <torch/torch.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace cci::train {

struct DistributedEnv {
    int rank = 0, worldSize = 1, localRank = 0;
    std::string masterAddr = "127.0.0.1";
    int masterPort = 29500;
    bool active() const { return worldSize > 1; }
};

// Reads the environment; a single process (world size 1) when WORLD_SIZE is unset. Throws cci::Error naming the
// variable when one is malformed or inconsistent (RANK outside [0, WORLD_SIZE), a port out of range).
DistributedEnv distributedEnvironment();

class DataParallelGroup {
public:
    // Joins the group (blocks until every rank has arrived or the timeout passes). Throws cci::Error.
    // Rank 0 waits up to `rendezvous` for the other ranks; a rank that cannot join throws cci::Error naming it and
    // the address.
    DataParallelGroup(const DistributedEnv& env, const std::string& device, std::chrono::seconds rendezvous);
    ~DataParallelGroup();
    const DistributedEnv& env() const { return m_env; }
    // Sums each tensor over all ranks, in place.
    void allReduceSum(std::vector<torch::Tensor>& tensors);
    void barrier();

private:
    struct Impl;
    DistributedEnv m_env;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace cci::train
