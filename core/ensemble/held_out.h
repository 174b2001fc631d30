// Held-out fits for voting: what a model's probabilities and accuracy were on data it was not voted on, so soft
// voting can calibrate each model first (temperature scaling) and weighted voting can weight by accuracy - without
// fitting either on the items being voted. A prediction file inside a training run (RUN/predictions/STEM.json) is
// matched with that run's dev evaluation (its last one, or the best one for STEM-best.json); for a fold of a k-fold
// run the dev data is the fold held out of its training, so the fits are out-of-fold.
#pragma once

#include "ensemble/voting.h"

#include <optional>
#include <string>
#include <vector>

namespace cci::ensemble {

struct HeldOutFit {
    std::string probabilitiesFile, goldFile;  // what was fitted on
    std::size_t items = 0;                    // labelled items matched by id
    double accuracy = 0;                      // of the argmax on them
    double temperature = 1;                   // softmax(log p / T) minimising their NLL (ensemble/calibration.h)
};

// The fit for a prediction file, nullopt when the file is not in a run's predictions folder or the run kept no dev
// predictions with answers. Throws cci::Error naming the file when the run's files are there but unreadable.
std::optional<HeldOutFit> heldOutFit(const std::string& predictionFile);

// The fits of every file (in order), or a cci::Error naming the first file without one.
std::vector<HeldOutFit> heldOutFits(const std::vector<std::string>& predictionFiles);

// Voting with the fits (one per model): soft voting gets each model's temperature, weighted voting each model's
// held-out accuracy as its weight; hard voting is left as it is.
void applyHeldOut(VoteOptions& options, const std::vector<HeldOutFit>& fits);

}  // namespace cci::ensemble
