// Training checkpoints of a run folder: the LoRA parameters, the AdamW state, the CPU random generator and where the
// data order stands, written into checkpoint.tmp/ and swapped in (checkpoint -> checkpoint.old, tmp -> checkpoint,
// old removed), so a crash or a full disk at any moment leaves a complete checkpoint. Included only by .cpp files
// that already include libtorch (the trainer).
#pragma once

#include <torch/torch.h>

#include <cstddef>
#include <string>
#include <vector>

namespace cci::train {

struct CheckpointState {
    std::size_t step = 0;
    int epoch = 0;
    std::size_t first = 0;   // next example index within the epoch
    std::string orderState;  // data-order engine before this epoch's shuffle
    double firstLoss = 0;
};

// Throws cci::Error naming the run and saying whether an earlier checkpoint is kept.
void saveCheckpoint(const std::string& runDir, const std::vector<torch::Tensor>& parameters,
                    torch::optim::Optimizer& optimizer, const CheckpointState& state);
// Restores the parameters, the optimizer and the random generator; throws cci::Error naming the damaged file.
CheckpointState loadCheckpoint(const std::string& runDir, std::vector<torch::Tensor>& parameters,
                               torch::optim::Optimizer& optimizer);

}  // namespace cci::train
