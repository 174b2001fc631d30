// Gradient check of the LoRA path for the tests: on a model in double precision with rank-r adapters on every
// target module (random A and B), the autograd gradient of the target loss against central finite differences.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace cci::train {

// On `modelDir` for `probes` parameter entries of the target loss of `ids` (labels after `promptLength`); with `nf4`
// the base weights are NF4 (QLoRA). Returns the largest relative error.
double loraGradientCheck(const std::string& modelDir, const std::vector<std::int32_t>& ids, std::size_t promptLength,
                         int r, int probes, std::uint64_t seed, bool nf4 = false);

}  // namespace cci::train
