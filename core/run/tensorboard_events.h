// TensorBoard event files (events.out.tfevents.*), written as TensorBoard and `wandb sync --sync-tensorboard` read
// them: TFRecord framing (length, masked CRC-32C of the length, the record, masked CRC-32C of the record) around
// serialised tensorboard.Event protocol buffers - first the file version "brain.Event:2", then scalar summaries
// (simple_value), SessionLog START markers after a restart (readers drop the earlier attempt's points from that
// step on), and the hparams plugin's experiment / session start / session end summaries. Every event is appended
// and flushed as it is written, so TensorBoard follows a run live.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace cci::run {

struct HParam {
    std::string name;
    std::variant<double, bool, std::string> value;
};

class TensorBoardEvents {
public:
    // A new events file in `folder`, named events.out.tfevents.SECONDS.HOST.PID.N so that it sorts after the
    // folder's earlier ones (readers take the files in name order), holding the file-version event.
    // Throws cci::Error naming the file when it cannot be written.
    static TensorBoardEvents create(const std::string& folder, double wallTime);
    // The same, written under `path` exactly (for exports that write a temporary file first).
    static TensorBoardEvents createAt(const std::string& path, double wallTime);
    // The name create() gives a new file in `folder`.
    static std::string nextFilePath(const std::string& folder, double wallTime);

    void scalar(const std::string& tag, std::int64_t step, double value, double wallTime) const;
    // A restart at `step`: TensorBoard discards the points of steps >= step written before it.
    void restart(std::int64_t step, double wallTime) const;
    // The hparams dashboard's experiment (the hyper-parameters and the metric tags to show) and this run's
    // session: its values, and its end (success or failure) when `ended`.
    void hparams(const std::vector<HParam>& values, const std::vector<std::string>& metricTags, double startTime,
                 bool ended, bool success, double endTime) const;

    const std::string& path() const { return m_path; }

private:
    explicit TensorBoardEvents(std::string path) : m_path(std::move(path)) {}
    void append(const std::string& event) const;
    std::string m_path;
};

// The framing of one record (exposed for the tests): length, masked CRC-32C, data, masked CRC-32C.
std::string tfRecord(const std::string& data);
std::uint32_t crc32c(const std::string& data);

}  // namespace cci::run
