// Self-contained HTML report of an ensemble analysis: tables and inline SVG charts (accuracy bars, pairwise
// heatmaps, vote-margin histogram, leave-one-out bars), no external files or scripts.
#pragma once

#include "ensemble/analysis.h"

#include <string>

namespace cci::ensemble {

std::string analysisToHtml(const Analysis& a, const std::string& title);

}  // namespace cci::ensemble
