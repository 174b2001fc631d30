// The prediction settings of a run (see run_settings.h).
#include "infer/run_settings.h"

#include "run/run_folder.h"
#include "train/train_config.h"
#include "util/problem.h"

#include <filesystem>

namespace cci::infer {

PredictConfig predictConfigOfRun(const std::string& runFolder, RunAdapter adapter) {
    const run::RunFolder folder(runFolder);
    const train::TrainConfig trained = train::configFromJson(folder.readRecordText(), folder.recordFile());
    PredictConfig p;
    p.modelDir = trained.modelDir;
    p.adapterDir = adapter == RunAdapter::Best ? folder.bestAdapterDir() : folder.adapterDir();
    std::error_code ec;
    if (adapter == RunAdapter::Best && !std::filesystem::exists(p.adapterDir + "/adapter_config.json", ec))
        throw Error(p.adapterDir +
                    ": the run kept no best adapter (it is written at the first dev evaluation with answers: train "
                    "with --dev)");
    p.style = trained.style;
    p.templateSpec = trained.templateSpec;
    p.templateKwargs = trained.templateKwargs;
    p.refine = trained.refine;
    p.nf4 = trained.loadIn4bit;
    return p;
}

PredictConfig predictConfigOfRun(const std::string& runFolder, const std::string& dataFile, RunAdapter adapter) {
    PredictConfig p = predictConfigOfRun(runFolder, adapter);
    p.dataFile = dataFile;
    p.outFile = run::RunFolder(runFolder).predictionFileFor(dataFile, adapter == RunAdapter::Best);
    return p;
}

}  // namespace cci::infer
