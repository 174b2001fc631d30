// RunFolder (see run_folder.h).
#include "run/run_folder.h"

#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

namespace cci::run {

namespace fs = std::filesystem;

RunFolder::RunFolder(std::string path) : m_path(std::move(path)) {
    while (m_path.size() > 1 && m_path.back() == '/') m_path.pop_back();
}

std::string RunFolder::name() const { return fs::path(m_path).filename().string(); }

std::string RunFolder::predictionFileFor(const std::string& corpusFile, bool bestAdapter) const {
    return predictionsDir() + "/" + fs::path(corpusFile).stem().string() + (bestAdapter ? "-best" : "") + ".json";
}

bool RunFolder::isBestAdapterPrediction(const std::string& predictionFile) {
    return fs::path(predictionFile).stem().string().ends_with("-best");
}

std::string RunFolder::devEvaluationFile(std::size_t step) const {
    char name[48];
    std::snprintf(name, sizeof name, "/step-%06zu.probs.json", step);
    return devEvaluationsDir() + name;
}

bool RunFolder::hasRecord() const {
    std::error_code ec;
    return fs::is_regular_file(recordFile(), ec);
}

void RunFolder::clearAttempt() const {
    for (const std::string& path : {recordFile(), metricsFile(), dataOrderFile(), adapterDir(), bestAdapterDir(),
                                    checkpointDir(), previousCheckpointDir(), stagingCheckpointDir(),
                                    devPredictionsFile(), devEvaluationsDir(), predictionsDir()}) {
        std::error_code ec;
        fs::remove_all(path, ec);
        if (ec) throw Error(path + ": cannot remove the earlier attempt's file: " + ec.message());
    }
    std::error_code ec;  // the attempt's TensorBoard events (run/tensorboard_events.h)
    for (const auto& entry : fs::directory_iterator(m_path, ec))
        if (entry.path().filename().string().starts_with("events.out.tfevents.")) fs::remove(entry.path(), ec);
}

bool RunFolder::hasCheckpoint() const {
    std::error_code ec;
    return fs::exists(checkpointDir() + "/state.json", ec) || fs::exists(previousCheckpointDir() + "/state.json", ec);
}

std::string RunFolder::checkpointToLoad() const {
    std::error_code ec;
    return fs::exists(checkpointDir() + "/state.json", ec) ? checkpointDir() : previousCheckpointDir();
}

std::string RunFolder::readRecordText() const { return readFile(recordFile()); }

nlohmann::ordered_json RunFolder::readRecord() const {
    auto record = nlohmann::ordered_json::parse(readRecordText(), nullptr, false);
    if (record.is_discarded() || !record.is_object())
        throw Error(recordFile() + ": not a JSON object (damaged run record)");
    return record;
}

void RunFolder::writeRecord(const nlohmann::ordered_json& record) const {
    fs::create_directories(m_path);
    writeFileAtomic(recordFile(), record.dump(2) + "\n");
}

void RunFolder::updateRecord(const std::function<void(nlohmann::ordered_json&)>& change) const {
    auto record = readRecord();
    change(record);
    writeRecord(record);
}

void RunFolder::writeMetrics(const std::string& lines) const { writeFileAtomic(metricsFile(), lines); }

void RunFolder::appendMetric(const nlohmann::ordered_json& line) const {
    appendToFile(metricsFile(), line.dump() + "\n");
}

std::string RunFolder::readMetricsText() const {
    std::error_code ec;
    return fs::exists(metricsFile(), ec) ? readFile(metricsFile()) : std::string();
}

}  // namespace cci::run
