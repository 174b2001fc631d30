// Training checkpoints (see training_checkpoint.h).
#include "train/training_checkpoint.h"

#include "run/run_folder.h"
#include "util/atomic_write.h"
#include "util/content_hash.h"
#include "util/error_text.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <mutex>
#include <sstream>

namespace cci::train {

void saveCheckpoint(const std::string& runDir, const std::vector<torch::Tensor>& parameters,
                    torch::optim::Optimizer& optimizer, const CheckpointState& state) {
    namespace fs = std::filesystem;
    const run::RunFolder folder(runDir);
    const std::string tmp = folder.stagingCheckpointDir(), final = folder.checkpointDir(),
                      old = folder.previousCheckpointDir();
    // Serialised in memory first and written with checked writes: libtorch's own file writer aborts the process
    // when a write fails (a full disk), and would leave checkpoint.tmp/ half written.
    auto serialise = [](const auto& value) {
        std::ostringstream out;
        torch::save(value, out);
        return std::move(out).str();
    };
    torch::Tensor rng;
    {
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        rng = generator.get_state();
    }
    std::vector<std::pair<std::string, std::string>> files = {{"lora.pt", serialise(parameters)},
                                                              {"optimizer.pt", serialise(optimizer)},
                                                              {"rng.pt", serialise(std::vector<torch::Tensor>{rng})}};
    nlohmann::ordered_json checksums;
    for (const auto& [name, bytes] : files) checksums[name] = fnv1a64Hex(bytes);
    const nlohmann::ordered_json j = {{"step", state.step},
                                      {"epoch", state.epoch},
                                      {"first", state.first},
                                      {"order_state", state.orderState},
                                      {"first_loss", state.firstLoss},
                                      {"checksums", checksums}};
    files.emplace_back("state.json", j.dump() + "\n");
    for (auto& file : files) file.first = tmp + "/" + file.first;
    try {
        fs::remove_all(tmp);
        fs::create_directories(tmp);
        writeFilesAtomic(files);
    } catch (const std::exception& e) {
        std::error_code ignored;
        fs::remove_all(tmp, ignored);
        const bool kept = folder.hasCheckpoint();
        throw Error(runDir + ": cannot write the checkpoint of step " + std::to_string(state.step) + " (" + e.what() +
                    "); " +
                    (kept ? "the previous checkpoint is kept and cci train --resume " + runDir + " continues from it"
                          : "there is no earlier checkpoint to resume from"));
    }
    fs::remove_all(old);
    if (fs::exists(final)) fs::rename(final, old);
    fs::rename(tmp, final);
    fs::remove_all(old);
}

CheckpointState loadCheckpoint(const std::string& runDir, std::vector<torch::Tensor>& parameters,
                               torch::optim::Optimizer& optimizer) {
    const std::string dir = run::RunFolder(runDir).checkpointToLoad();
    CheckpointState state;
    std::string reading = dir + "/state.json";
    try {
        const auto j = nlohmann::json::parse(readFile(reading));
        state.step = j.at("step").get<std::size_t>();
        state.epoch = j.at("epoch").get<int>();
        state.first = j.at("first").get<std::size_t>();
        state.orderState = j.at("order_state").get<std::string>();
        state.firstLoss = j.value("first_loss", 0.0);
        if (const auto sums = j.find("checksums"); sums != j.end() && sums->is_object())
            for (const auto& [name, expected] : sums->items()) {
                reading = dir + "/" + name;
                if (!expected.is_string() || fnv1a64Hex(readFile(reading)) != expected.get<std::string>())
                    throw Error(
                        "the file is not the one this checkpoint's state.json was written with (its checksum "
                        "differs): replaced or copied from another run");
            }
        reading = dir + "/state.json";
        std::vector<torch::Tensor> saved;
        torch::load(saved, reading = dir + "/lora.pt");
        if (saved.size() != parameters.size())
            throw Error("it holds " + std::to_string(saved.size()) + " adapter tensors, the run has " +
                        std::to_string(parameters.size()));
        {
            torch::NoGradGuard noGrad;
            for (std::size_t i = 0; i < saved.size(); ++i) {
                if (!saved[i].sizes().equals(parameters[i].sizes()))
                    throw Error("adapter tensor " + std::to_string(i) + " has another shape than the run's");
                parameters[i].copy_(saved[i]);
            }
        }
        torch::load(optimizer, reading = dir + "/optimizer.pt");
        std::vector<torch::Tensor> rng;
        torch::load(rng, reading = dir + "/rng.pt");
        auto generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        generator.set_state(rng.at(0));
    } catch (const std::exception& e) {
        throw Error(reading + ": the checkpoint cannot be read (" + withoutBacktrace(e.what()) +
                    "); it is damaged or belongs to another run. Start the run again under a new --out");
    }
    return state;
}

}  // namespace cci::train
