// The metric log and the TensorBoard export (see metric_log.h).
#include "run/metric_log.h"

#include "util/atomic_write.h"
#include "util/problem.h"

#include <chrono>
#include <ctime>
#include <filesystem>
#include <span>

namespace cci::run {

namespace {

double now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

// metrics.jsonl's numeric fields and their tags; "split", "step" and "elapsed_s" (the wall time) are not scalars.
struct TagOf {
    const char* field;
    const char* tag;
};
constexpr TagOf kTrainTags[] = {{"loss", "train/loss"},
                                {"lr", "train/learning_rate"},
                                {"grad_norm", "train/grad_norm"},
                                {"tokens_per_s", "train/tokens_per_second"},
                                {"epoch", "train/epoch"},
                                {"memory", "system/memory_bytes"},
                                {"peak_memory", "system/peak_memory_bytes"},
                                {"cuda_peak_memory", "system/cuda_peak_memory_bytes"}};
constexpr TagOf kDevTags[] = {{"loss", "dev/loss"}, {"accuracy", "dev/accuracy"}};
const std::vector<std::string> kMetricTags = {"dev/accuracy", "dev/loss", "train/loss"};

template <class Json>
void writeScalars(const TensorBoardEvents& events, const Json& line, double wallTime) {
    if (!line.is_object() || !line.contains("step") || !line["step"].is_number_unsigned()) return;
    const auto step = static_cast<std::int64_t>(line["step"].template get<std::uint64_t>());
    const bool dev = line.value("split", std::string()) == "dev";
    for (const auto& [field, tag] : dev ? std::span<const TagOf>(kDevTags) : std::span<const TagOf>(kTrainTags))
        if (const auto it = line.find(field); it != line.end() && it->is_number())
            events.scalar(tag, step, it->template get<double>(), wallTime);
}

// run.json's "started" (UTC, 2026-12-07T22:09:10Z) in seconds since the epoch; nullopt when absent or malformed.
std::optional<double> startedSeconds(const nlohmann::json& record) {
    if (!record.is_object() || !record.contains("started") || !record["started"].is_string()) return std::nullopt;
    std::tm tm{};
    const std::string text = record["started"].get<std::string>();
    if (!strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) return std::nullopt;
    return double(timegm(&tm));
}

}  // namespace

std::vector<HParam> hparamsOfConfig(const nlohmann::json& config) {
    std::vector<HParam> values;
    if (!config.is_object()) return values;
    for (auto it = config.begin(); it != config.end(); ++it) {
        const auto& v = it.value();
        if (v.is_boolean()) {
            values.push_back({it.key(), v.get<bool>()});
        } else if (v.is_number()) {
            values.push_back({it.key(), v.get<double>()});
        } else if (v.is_string()) {
            values.push_back({it.key(), v.get<std::string>()});
        } else if (v.is_array()) {
            std::string joined;
            for (const auto& item : v)
                joined += (joined.empty() ? "" : ",") + (item.is_string() ? item.get<std::string>() : item.dump());
            values.push_back({it.key(), joined});
        } else if (v.is_object()) {
            values.push_back({it.key(), v.dump()});
        }
    }
    return values;
}

MetricLog::MetricLog(const RunFolder& folder, const std::string& keptLines, std::size_t resumedStep,
                     const nlohmann::ordered_json& config)
    : m_folder(folder), m_events(TensorBoardEvents::create(folder.path(), now())) {
    m_folder.writeMetrics(keptLines);
    const double start = now();
    if (resumedStep > 0) m_events.restart(static_cast<std::int64_t>(resumedStep) + 1, start);
    m_events.hparams(hparamsOfConfig(config), kMetricTags, start, false, false, start);
}

void MetricLog::append(const nlohmann::ordered_json& line) const {
    m_folder.appendMetric(line);
    writeScalars(m_events, line, now());
}

void MetricLog::finish(bool success) const { m_events.hparams({}, {}, now(), true, success, now()); }

std::string exportTensorBoard(const std::string& runFolder) {
    namespace fs = std::filesystem;
    const RunFolder folder(runFolder);
    const auto record = nlohmann::json::parse(folder.readRecordText(), nullptr, false);
    if (!record.is_object()) throw Error(folder.recordFile() + ": not a JSON object; nothing to export");
    const double start = startedSeconds(record).value_or(0);
    const std::string status = record.value("status", std::string());
    const std::string tmp = (fs::path(runFolder) / ".events.export.tmp").string();
    try {
        const auto events = TensorBoardEvents::createAt(tmp, start);
        events.hparams(hparamsOfConfig(record.value("config", nlohmann::json::object())), kMetricTags, start,
                       status == "finished" || status == "failed", status == "finished",
                       start + record.value("seconds", 0.0));
        double wallTime = start;
        const std::string text = folder.readMetricsText();
        std::size_t begin = 0;
        while (begin < text.size()) {
            const auto end = std::min(text.find('\n', begin), text.size());
            const auto line = nlohmann::ordered_json::parse(text.substr(begin, end - begin), nullptr, false);
            begin = end + 1;
            if (line.is_discarded() || !line.is_object()) continue;  // a cut last line after a crash
            if (const auto e = line.find("elapsed_s"); e != line.end() && e->is_number())
                wallTime = start + e->get<double>();
            writeScalars(events, line, wallTime);
        }
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp, ec);
        throw;
    }
    // The earlier event files go once the new one holds everything; the new one takes a name that sorts last.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(runFolder, ec))
        if (entry.path().filename().string().starts_with("events.out.tfevents.")) fs::remove(entry.path(), ec);
    const std::string path = TensorBoardEvents::nextFilePath(runFolder, start);
    fs::rename(tmp, path, ec);
    if (ec) throw Error(path + ": cannot write the TensorBoard events: " + ec.message());
    return path;
}

}  // namespace cci::run
