// Decoders of tokenizer.json: Sequence, Replace, ByteFallback, Fuse, Strip, ByteLevel, Metaspace. Each turns the
// list of token strings into a new list, as the reference's decode_chain does; the results are concatenated.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace cci::tok {

class Decoder {
public:
    virtual ~Decoder() = default;
    virtual void decode(std::vector<std::string>& tokens) const = 0;
};

std::unique_ptr<Decoder> parseDecoder(const nlohmann::json& spec, const std::string& path);

}  // namespace cci::tok
