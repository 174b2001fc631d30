// A run's metrics as training logs them: the one writer of RUN/metrics.jsonl and of the TensorBoard events beside it
// (run/tensorboard_events.h), so TensorBoard and W&B (`wandb sync --sync-tensorboard`) follow a run live with the
// numbers metrics.jsonl holds; and the export of an older run's metrics.jsonl as TensorBoard events.
//
// Tags: train/loss, train/learning_rate, train/grad_norm, train/tokens_per_second, train/epoch,
// system/memory_bytes, system/peak_memory_bytes, system/cuda_peak_memory_bytes (per optimizer step), dev/loss,
// dev/accuracy (per evaluation); the hparams dashboard gets the run's configuration with dev/accuracy, dev/loss and
// train/loss as its metrics.
#pragma once

#include "run/run_folder.h"
#include "run/tensorboard_events.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cci::run {

class MetricLog {
public:
    // An attempt's log: metrics.jsonl replaced by `keptLines` (empty for a new run; for a resumed run the lines up
    // to its checkpoint at `resumedStep`) and a new events file holding the run's hyper-parameters (`config`, as
    // run.json's "config") - for a resumed run after TensorBoard's restart marker, so the earlier attempt's points
    // past the checkpoint are dropped as they are from metrics.jsonl. Throws cci::Error.
    MetricLog(const RunFolder& folder, const std::string& keptLines, std::size_t resumedStep,
              const nlohmann::ordered_json& config);
    // One metrics.jsonl line ({"split": "train"|"dev", "step", …}) and its scalars.
    void append(const nlohmann::ordered_json& line) const;
    // The end of the run for the hparams dashboard.
    void finish(bool success) const;

private:
    RunFolder m_folder;
    TensorBoardEvents m_events;
};

// The run's configuration as hparams: numbers, booleans and strings as they are; lists joined with ","; nested
// objects as JSON text.
std::vector<HParam> hparamsOfConfig(const nlohmann::json& config);

// Writes RUN/events.out.tfevents.* from the run's metrics.jsonl and run.json (for runs trained before the events
// were written, or whose events were lost), replacing the run's earlier event files once the new one is complete.
// Returns the file written. Throws cci::Error naming the file.
std::string exportTensorBoard(const std::string& runFolder);

}  // namespace cci::run
