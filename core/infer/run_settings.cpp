// The prediction settings of a run (see run_settings.h).
#include "infer/run_settings.h"

#include "run/run_folder.h"
#include "train/train_config.h"

namespace cci::infer {

PredictConfig predictConfigOfRun(const std::string& runFolder) {
    const run::RunFolder folder(runFolder);
    const train::TrainConfig trained = train::configFromJson(folder.readRecordText(), folder.recordFile());
    PredictConfig p;
    p.modelDir = trained.modelDir;
    p.adapterDir = folder.adapterDir();
    p.style = trained.style;
    p.templateSpec = trained.templateSpec;
    p.refine = trained.refine;
    p.nf4 = trained.loadIn4bit;
    return p;
}

PredictConfig predictConfigOfRun(const std::string& runFolder, const std::string& dataFile) {
    PredictConfig p = predictConfigOfRun(runFolder);
    p.dataFile = dataFile;
    p.outFile = run::RunFolder(runFolder).predictionFileFor(dataFile);
    return p;
}

}  // namespace cci::infer
