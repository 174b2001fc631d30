// Normalizers of tokenizer.json: Sequence, Prepend, Replace, NFC/NFD/NFKC/NFKD, Strip, Lowercase.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>

namespace cci::tok {

class Normalizer {
public:
    virtual ~Normalizer() = default;
    virtual void normalize(std::string& text) const = 0;
};

// Throws TokenizerFormatError naming `path` for an unknown or malformed normalizer.
std::unique_ptr<Normalizer> parseNormalizer(const nlohmann::json& spec, const std::string& path);

}  // namespace cci::tok
