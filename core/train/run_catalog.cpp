// Run catalogue (see run_catalog.h).
#include "train/run_catalog.h"

#include "util/atomic_write.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <sstream>

#include <cerrno>
#include <csignal>

namespace cci::train {

std::vector<MetricPoint> readMetrics(const std::string& runFolder) {
    std::vector<MetricPoint> points;
    std::string text;
    try {
        text = readFile(runFolder + "/metrics.jsonl");
    } catch (const std::exception&) {
        return points;
    }
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        MetricPoint p;
        p.dev = j.value("split", "") == "dev";
        p.step = j.value("step", 0.0);
        p.epoch = j.value("epoch", 0.0);
        p.loss = j.value("loss", 0.0);
        p.accuracy = j.value("accuracy", -1.0);
        p.lr = j.value("lr", 0.0);
        p.gradNorm = j.value("grad_norm", 0.0);
        p.tokensPerSecond = j.value("tokens_per_s", 0.0);
        p.elapsed = j.value("elapsed_s", 0.0);
        points.push_back(p);
    }
    return points;
}

std::optional<RunSummary> readRun(const std::string& folder) {
    namespace fs = std::filesystem;
    nlohmann::json run;
    try {
        run = nlohmann::json::parse(readFile(folder + "/run.json"));
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (!run.is_object()) return std::nullopt;
    RunSummary s;
    s.folder = folder;
    s.name = fs::path(folder).filename().string();
    s.model = fs::path(run.value("model", "")).filename().string();
    s.style = run.value("style", "");
    s.status = run.value("status", "unknown");
    s.seconds = run.value("seconds", 0.0);
    // A run that says "running" but whose process is gone was interrupted (crash, kill, power loss).
    if (s.status == "running" && run.contains("pid") && run["pid"].is_number_integer() &&
        kill(pid_t(run["pid"].get<long>()), 0) != 0 && errno == ESRCH)
        s.status = "interrupted";
    if (run.contains("optimizer") && run["optimizer"].is_object()) s.learningRate = run["optimizer"].value("lr", 0.0);
    if (run.contains("config") && run["config"].is_object() && run["config"].value("load_in_4bit", false)) s.method = "QLoRA";
    if (run.contains("train") && run["train"].is_object())
        s.data = fs::path(run["train"].value("file", "")).filename().string();
    if (run.contains("schedule") && run["schedule"].is_object()) s.totalSteps = run["schedule"].value("total_steps", 0);
    for (const auto& p : readMetrics(folder)) {
        if (p.dev) {
            if (!s.bestDevLoss || p.loss < *s.bestDevLoss) s.bestDevLoss = p.loss;
            if (p.accuracy >= 0 && (!s.bestDevAccuracy || p.accuracy > *s.bestDevAccuracy)) s.bestDevAccuracy = p.accuracy;
        } else {
            s.steps = std::max(s.steps, std::size_t(p.step));
            s.lastTrainLoss = p.loss;
            if (s.status != "finished") s.seconds = p.elapsed;
        }
    }
    std::error_code ec;
    const auto written = fs::last_write_time(folder + "/run.json", ec);
    if (!ec) {
        const auto system = std::chrono::time_point_cast<std::chrono::seconds>(
            written - fs::file_time_type::clock::now() + std::chrono::system_clock::now());
        const std::time_t t = std::chrono::system_clock::to_time_t(system);
        std::tm tm{};
        localtime_r(&t, &tm);
        char buf[32];
        std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
        s.started = buf;
    }
    return s;
}

std::vector<RunSummary> listRuns(const std::string& runsFolder) {
    namespace fs = std::filesystem;
    std::vector<RunSummary> runs;
    std::error_code ec;
    if (!fs::is_directory(runsFolder, ec)) return runs;
    for (const auto& entry : fs::directory_iterator(runsFolder, ec)) {
        if (!entry.is_directory()) continue;
        if (auto s = readRun(entry.path().string())) runs.push_back(std::move(*s));
    }
    std::sort(runs.begin(), runs.end(), [](const RunSummary& a, const RunSummary& b) { return a.started > b.started; });
    return runs;
}

}  // namespace cci::train
