// Run catalogue (see run_catalog.h).
#include "run/run_catalog.h"

#include "run/dev_evaluations.h"
#include "run/run_folder.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <sstream>

#include <cerrno>
#include <csignal>

namespace cci::run {

namespace {

// Lenient field access: a missing field, or one of another type, gives the fallback.
double number(const nlohmann::json& j, const char* key, double fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}
std::string text(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
const nlohmann::json* object(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_object() ? &*it : nullptr;
}
std::string fileName(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

std::vector<MetricPoint> parseMetrics(const std::string& content) {
    std::vector<MetricPoint> points;
    std::istringstream lines(content);
    std::string line;
    while (std::getline(lines, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        MetricPoint p;
        p.dev = text(j, "split") == "dev";
        p.step = number(j, "step", 0.0);
        p.epoch = number(j, "epoch", 0.0);
        p.loss = number(j, "loss", std::numeric_limits<double>::quiet_NaN());  // absent: a dev file without answers
        p.accuracy = number(j, "accuracy", -1.0);
        p.lr = number(j, "lr", 0.0);
        p.gradNorm = number(j, "grad_norm", 0.0);
        p.tokensPerSecond = number(j, "tokens_per_s", 0.0);
        p.elapsed = number(j, "elapsed_s", 0.0);
        p.memory = number(j, "memory", 0.0);
        p.peakMemory = number(j, "peak_memory", 0.0);
        p.cudaPeakMemory = number(j, "cuda_peak_memory", 0.0);
        points.push_back(p);
    }
    return points;
}

std::vector<MetricPoint> readMetrics(const std::string& runFolder) {
    try {
        return parseMetrics(RunFolder(runFolder).readMetricsText());
    } catch (const std::exception&) {
        return {};
    }
}

namespace {

// "2026-12-07 18:55" in local time, as the runs table shows a time.
std::string localMinutes(std::time_t t) {
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
    return buf;
}

// run.json's "started" (UTC, "2026-12-07T18:55:02Z") in local time; empty when absent or malformed.
std::string startedLocal(const std::string& iso) {
    std::tm tm{};
    const char* end = strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end) return {};
    return localMinutes(timegm(&tm));
}

}  // namespace

std::optional<RunSummary> summariseRun(const std::string& folder, const std::string& runJson,
                                       const std::vector<MetricPoint>& metrics) {
    const auto run = nlohmann::json::parse(runJson, nullptr, false);
    if (run.is_discarded() || !run.is_object()) return std::nullopt;
    RunSummary s;
    s.folder = folder;
    s.name = fileName(folder);
    s.model = fileName(text(run, "model"));
    s.style = text(run, "style");
    s.status = text(run, "status");
    if (s.status.empty()) s.status = "unknown";
    s.started = startedLocal(text(run, "started"));
    s.seconds = std::max(0.0, number(run, "seconds", 0.0));
    // A run that says "running" but whose process is gone was interrupted (crash, kill, power loss).
    const auto pid = run.find("pid");
    if (s.status == status::running && pid != run.end() && pid->is_number_integer() && pid->get<long long>() > 0 &&
        pid->get<long long>() <= std::numeric_limits<pid_t>::max() && kill(pid_t(pid->get<long long>()), 0) != 0 &&
        errno == ESRCH)
        s.status = status::interrupted;
    if (const auto* optimizer = object(run, "optimizer")) s.learningRate = number(*optimizer, "lr", 0.0);
    if (const auto* config = object(run, "config")) {
        const auto q = config->find("load_in_4bit");
        if (q != config->end() && q->is_boolean() && q->get<bool>()) s.method = "QLoRA";
    }
    if (const auto* train = object(run, "train")) s.data = fileName(text(*train, "file"));
    if (const auto* schedule = object(run, "schedule")) {
        const double total = number(*schedule, "total_steps", 0.0);
        s.totalSteps = total > 0 && total < 1e15 ? std::size_t(total) : 0;
    }
    if (const auto* lora = object(run, "lora")) s.loraR = int(std::clamp(number(*lora, "r", 0.0), 0.0, 1e9));
    if (const auto* refinement = object(run, "refinement")) {
        const auto applied = refinement->find("applied");
        s.refined = applied != refinement->end() && applied->is_boolean() && applied->get<bool>();
    }
    s.earlyStopped = object(run, "early_stopped") != nullptr;
    if (const auto* audit = object(run, "letter_audit")) {
        const auto picked = audit->find("picked");
        if (picked != audit->end() && picked->is_array() && picked->size() == 3) {
            std::array<std::size_t, 3> counts{};
            for (std::size_t i = 0; i < 3; ++i)
                counts[i] =
                    std::size_t(std::clamp((*picked)[i].is_number() ? (*picked)[i].get<double>() : 0.0, 0.0, 1e15));
            if (const auto collapse = collapsedAnswers(counts))
                s.warning = "its last dev evaluation " + describeCollapse(*collapse);
        }
    }
    for (const auto& p : metrics) {
        if (p.dev) {
            if (!std::isnan(p.loss) && (!s.bestDevLoss || p.loss < *s.bestDevLoss)) s.bestDevLoss = p.loss;
        } else {
            if (p.step > 0 && p.step < 1e15) s.steps = std::max(s.steps, std::size_t(p.step));
            s.lastTrainLoss = p.loss;
            if (s.status != status::finished) s.seconds = p.elapsed;
        }
    }
    const auto evaluations = devEvaluationsOf(metrics);
    if (const auto best = bestEvaluation(evaluations)) {
        s.bestDevAccuracy = evaluations[*best].accuracy;
        s.bestStep = evaluations[*best].step;
    }
    return s;
}

std::vector<DevEvaluation> devEvaluationsOf(const std::vector<MetricPoint>& metrics) {
    std::vector<DevEvaluation> out;
    for (const auto& p : metrics)
        if (p.dev)
            out.push_back({std::size_t(std::clamp(p.step, 0.0, 1e15)), p.epoch,
                           p.accuracy >= 0 ? std::optional(p.accuracy) : std::nullopt,
                           std::isnan(p.loss) ? std::nullopt : std::optional(p.loss)});
    return out;
}

std::optional<RunSummary> readRun(const std::string& folder) {
    namespace fs = std::filesystem;
    std::string runJson;
    try {
        runJson = RunFolder(folder).readRecordText();
    } catch (const std::exception&) {
        return std::nullopt;
    }
    auto s = summariseRun(folder, runJson, readMetrics(folder));
    if (!s) return s;
    std::error_code ec;
    s->resumable =
        (s->status == status::interrupted || s->status == status::cancelled || s->status == status::failed) &&
        RunFolder(folder).hasCheckpoint();
    // Runs recorded before run.json said when they started: the record's last change stands in.
    const auto written = fs::last_write_time(RunFolder(folder).recordFile(), ec);
    if (s->started.empty() && !ec) {
        const auto system = std::chrono::time_point_cast<std::chrono::seconds>(
            written - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
        s->started = localMinutes(std::chrono::system_clock::to_time_t(system));
    }
    return s;
}

namespace {

// The record of a run that has not trained yet: its configuration and what the Runs view lists.
nlohmann::ordered_json pendingRecord(const std::string& configJson, const char* status) {
    const auto config = nlohmann::ordered_json::parse(configJson);
    return {{"model", config.value("model", "")},
            {"style", config.value("style", "")},
            {"train", {{"file", config.value("train", "")}}},
            {"optimizer", {{"lr", config.value("lr", 0.0)}}},
            {"status", status},
            {"config", config}};
}

}  // namespace

void writeQueuedRun(const std::string& runDir, const std::string& configJson) {
    RunFolder(runDir).writeRecord(pendingRecord(configJson, status::queued));
}

void writeStartingRun(const std::string& runDir, const std::string& configJson, long pid) {
    auto record = pendingRecord(configJson, status::running);
    record["pid"] = pid;
    RunFolder(runDir).writeRecord(record);
}

bool discardQueuedRun(const std::string& runDir) {
    std::string content;
    try {
        content = RunFolder(runDir).readRecordText();
    } catch (const std::exception&) {
        return false;
    }
    const auto run = nlohmann::json::parse(content, nullptr, false);
    if (run.is_discarded() || !run.is_object() || text(run, "status") != status::queued) return false;
    std::error_code ec;
    std::filesystem::remove_all(runDir, ec);
    return !ec;
}

namespace {

// Collects the runs at or below `folder`: a folder with run.json is a run (its own subfolders are its files), any
// other folder is searched (sweeps, k-fold runs and hand-made groups nest runs in subfolders), down to `levels`
// below the runs folder; runs are named by their path below it ("sweep-1/lr0.0002-r16-CustomRef-raw"). A run.json
// that cannot be read is listed as "unreadable" rather than left out.
void collectRuns(const std::filesystem::path& folder, const std::string& prefix, int levels,
                 std::vector<RunSummary>& runs) {
    namespace fs = std::filesystem;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (entry.is_symlink(ec) || !entry.is_directory(ec)) continue;  // links could loop
        const std::string name = prefix + entry.path().filename().string();
        if (entry.path().filename().string().starts_with(".")) continue;
        if (auto s = readRun(entry.path().string())) {
            s->name = name;
            runs.push_back(std::move(*s));
        } else if (fs::exists(entry.path() / "run.json", ec)) {
            RunSummary damaged;
            damaged.folder = entry.path().string();
            damaged.name = name;
            damaged.status = "unreadable";
            runs.push_back(std::move(damaged));
        } else if (levels > 0) {
            collectRuns(entry.path(), name + "/", levels - 1, runs);
        }
    }
}

}  // namespace

std::vector<RunSummary> listRuns(const std::string& runsFolder) {
    std::vector<RunSummary> runs;
    std::error_code ec;
    if (!std::filesystem::is_directory(runsFolder, ec)) return runs;
    collectRuns(runsFolder, "", 3, runs);
    std::sort(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) { return a.started > b.started; });
    return runs;
}

}  // namespace cci::run
