// RunFolder: the one place that knows a training run's layout on disk and reads and writes its files.
//
//   RUN/run.json                  the record: configuration, data hashes, status, pid, seconds, error
//   RUN/metrics.jsonl             one JSON line per optimizer step ("split": "train") and per evaluation ("dev")
//   RUN/events.out.tfevents.*     the same numbers as TensorBoard events, one file per attempt (run/metric_log.h)
//   RUN/data_order.jsonl          the item ids of each epoch in training order
//   RUN/adapter/                  the PEFT LoRA adapter (adapter_config.json, adapter_model.safetensors)
//   RUN/adapter_best/             the adapter of the best dev evaluation (run.json's "best" says which)
//   RUN/checkpoint/, checkpoint.old/, checkpoint.tmp/
//                                 the resumable state (state.json, lora.pt, optimizer.pt, rng.pt)
//   RUN/dev_predictions.probs.json  the last evaluation's A/B/C probabilities
//   RUN/dev_evaluations/step-N.probs.json  every evaluation's, by the optimizer step it followed
//   RUN/predictions/STEM.json     submissions scored with the run (STEM.probs.json beside each)
//   RUN/kfold.json, RUN/data/, RUN/fold-N/   a k-fold run: its summary, fold files and one run per fold
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <functional>
#include <string>

namespace cci::run {

// A run's status in run.json.
namespace status {
inline constexpr const char* queued = "queued";    // waiting in the GUI's job queue
inline constexpr const char* running = "running";  // a process (run.json's pid) is training it
inline constexpr const char* finished = "finished";
inline constexpr const char* cancelled = "cancelled";      // stopped by the user, with a checkpoint
inline constexpr const char* failed = "failed";            // run.json's "error" says why
inline constexpr const char* interrupted = "interrupted";  // said "running" but its process is gone
}  // namespace status

class RunFolder {
public:
    explicit RunFolder(std::string path);

    const std::string& path() const { return m_path; }
    std::string name() const;  // the folder's own name

    std::string recordFile() const { return m_path + "/run.json"; }
    std::string metricsFile() const { return m_path + "/metrics.jsonl"; }
    std::string dataOrderFile() const { return m_path + "/data_order.jsonl"; }
    std::string adapterDir() const { return m_path + "/adapter"; }
    std::string bestAdapterDir() const { return m_path + "/adapter_best"; }
    std::string checkpointDir() const { return m_path + "/checkpoint"; }
    std::string previousCheckpointDir() const { return m_path + "/checkpoint.old"; }
    std::string stagingCheckpointDir() const { return m_path + "/checkpoint.tmp"; }
    std::string devPredictionsFile() const { return m_path + "/dev_predictions.probs.json"; }
    std::string devEvaluationsDir() const { return m_path + "/dev_evaluations"; }
    std::string devEvaluationFile(std::size_t step) const;  // dev_evaluations/step-000012.probs.json
    std::string predictionsDir() const { return m_path + "/predictions"; }
    // Where the run's predictions of a corpus file go: predictions/<the file's name without extension>.json, or
    // predictions/<name>-best.json when scored with adapter_best/.
    std::string predictionFileFor(const std::string& corpusFile, bool bestAdapter = false) const;
    // Whether a prediction file of a run was scored with adapter_best/ (its name ends in -best.json).
    static bool isBestAdapterPrediction(const std::string& predictionFile);
    std::string kfoldSummaryFile() const { return m_path + "/kfold.json"; }
    std::string lockFile() const { return m_path + "/.lock"; }  // held by the process training the run
    std::string kfoldDataDir() const { return m_path + "/data"; }
    std::string foldDir(const std::string& foldName) const { return m_path + "/" + foldName; }

    bool hasRecord() const;
    // Removes what an attempt that never reached a checkpoint left (run.json, metrics, data order, dev evaluations,
    // adapters, predictions), so that the run can start again in the same folder. Throws cci::Error naming a file
    // that cannot be removed.
    void clearAttempt() const;
    // A checkpoint to resume from: checkpoint/ or, after a crash between its two renames, checkpoint.old/.
    bool hasCheckpoint() const;
    // The folder a resume loads: checkpoint/ when complete, else checkpoint.old/.
    std::string checkpointToLoad() const;

    // run.json's text. Throws cci::Error naming the file when it cannot be read.
    std::string readRecordText() const;
    // run.json as an object. Throws cci::Error naming the file when it is unreadable or not a JSON object.
    nlohmann::ordered_json readRecord() const;
    // Writes run.json atomically (creating the folder). Throws cci::Error naming the file.
    void writeRecord(const nlohmann::ordered_json& record) const;
    // Reads run.json, lets `change` edit it and writes it back (atomically).
    void updateRecord(const std::function<void(nlohmann::ordered_json&)>& change) const;

    // metrics.jsonl: replaced as a whole (a fresh run: empty; a resumed one: the lines up to its checkpoint), then
    // grown a line at a time.
    void writeMetrics(const std::string& lines) const;
    void appendMetric(const nlohmann::ordered_json& line) const;
    std::string readMetricsText() const;  // "" when there is none yet

private:
    std::string m_path;
};

}  // namespace cci::run
