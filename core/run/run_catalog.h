// The runs of a workspace: every folder with a run.json under a runs folder, summarised for the Runs view - name,
// base model, method, prompt style, learning rate, status (running, finished, cancelled, failed, interrupted),
// best dev loss and accuracy, steps, duration - and the metrics of one run read from its metrics.jsonl.
#pragma once

#include "run/dev_evaluations.h"

#include <optional>
#include <string>
#include <vector>

namespace cci::run {

struct RunSummary {
    std::string name, folder, model, method = "LoRA", style, status;
    std::string data;  // the training file's name
    double learningRate = 0;
    std::optional<double> bestDevLoss, lastTrainLoss;
    std::optional<double> bestDevAccuracy;  // of the best dev evaluation (run/dev_evaluations.h), after bestStep steps
    std::size_t bestStep = 0;
    int loraR = 0;
    bool refined = false;       // trained on refined data
    bool earlyStopped = false;  // early stopping ended it
    std::size_t steps = 0, totalSteps = 0;
    double seconds = 0;
    std::string started;     // local "YYYY-MM-DD HH:MM": run.json's "started", else its modification time
    bool resumable = false;  // interrupted, cancelled or failed with a checkpoint to continue from
    std::string warning;     // what makes its numbers misleading (the last dev evaluation's answers collapsed)
};

struct MetricPoint {
    bool dev = false;
    double step = 0, epoch = 0, loss = 0 /* NaN when the line has none */, accuracy = -1, lr = 0, gradNorm = 0,
           tokensPerSecond = 0, elapsed = 0;
    double memory = 0, peakMemory = 0;  // bytes (0 when not recorded)
    double cudaPeakMemory = 0;          // bytes the CUDA allocator handed out at most (0 on the CPU)
};

// Reads a run folder; nullopt when it has no readable run.json.
std::optional<RunSummary> readRun(const std::string& folder);
// The summary of a run from the text of its run.json and its metrics; nullopt when run.json is not a JSON object.
// Fields of the wrong type are treated as absent: a hand-edited or truncated run.json never throws.
std::optional<RunSummary> summariseRun(const std::string& folder, const std::string& runJson,
                                       const std::vector<MetricPoint>& metrics);
// A run waiting in the GUI's job queue: its folder with a run.json saying "queued" and the configuration, so the
// Runs view lists it before it starts. Throws cci::Error when the folder cannot be written.
void writeQueuedRun(const std::string& runDir, const std::string& configJson);
// A run whose process (`pid`) is preparing it - loading the model - before its first step: listed as running from the
// start (and as interrupted if the process dies), with its configuration. Throws cci::Error as above.
void writeStartingRun(const std::string& runDir, const std::string& configJson, long pid);
// Removes a queued run's folder (only while its run.json still says "queued"); false otherwise.
bool discardQueuedRun(const std::string& runDir);
// The points of a metrics.jsonl text; lines that do not parse, or are not objects, are skipped.
std::vector<MetricPoint> parseMetrics(const std::string& text);
// All runs under `runsFolder`, newest first: its run folders and, three levels down, the runs inside folders that
// are no run themselves (sweeps, k-fold folds), named by their path ("sweep/lr0.0002-r16-CustomRef-raw",
// "run/fold-1"); a run.json that cannot be read is listed with status "unreadable".
std::vector<RunSummary> listRuns(const std::string& runsFolder);
// The dev evaluations among the points, in order (for run/dev_evaluations.h's best).
std::vector<DevEvaluation> devEvaluationsOf(const std::vector<MetricPoint>& metrics);
// The points of metrics.jsonl (lines that do not parse are skipped: the file may be mid-rewrite).
std::vector<MetricPoint> readMetrics(const std::string& runFolder);

}  // namespace cci::run
