// The record a training run starts with (run.json): the resolved configuration, the data files' hashes, the code
// revision, the refinement and prompt style the recipe used, the weights' sizes and the status. Built once, when the
// trainer has prepared the data and loaded the model; the trainer adds what follows (best point, letter audit).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>

namespace cci::model {
class LlamaModel;
}

namespace cci::train {

struct TrainConfig;
struct RunData;

nlohmann::ordered_json runRecord(const TrainConfig& config, const RunData& data, const model::LlamaModel& model,
                                 std::size_t totalSteps, int worldSize);

}  // namespace cci::train
