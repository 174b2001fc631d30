// Typed access to the fields of tokenizer.json components, with errors that name the JSON path.
#pragma once

#include "tokenizer/split_pattern.h"
#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>

#include <string>

namespace cci::tok {

inline const nlohmann::json& requireField(const nlohmann::json& spec, const char* key, const std::string& path) {
    if (!spec.is_object()) throw TokenizerFormatError(path, "expected an object");
    const auto it = spec.find(key);
    if (it == spec.end()) throw TokenizerFormatError(path, std::string("missing field \"") + key + "\"");
    return *it;
}

inline std::string stringField(const nlohmann::json& spec, const char* key, const std::string& path) {
    const auto& v = requireField(spec, key, path);
    if (!v.is_string()) throw TokenizerFormatError(path + "." + key, "expected a string");
    return v.get<std::string>();
}

inline std::string optionalString(const nlohmann::json& spec, const char* key, const std::string& fallback = {}) {
    const auto it = spec.find(key);
    return it != spec.end() && it->is_string() ? it->get<std::string>() : fallback;
}

inline bool optionalBool(const nlohmann::json& spec, const char* key, bool fallback, const std::string& path) {
    const auto it = spec.find(key);
    if (it == spec.end() || it->is_null()) return fallback;
    if (!it->is_boolean()) throw TokenizerFormatError(path + "." + key, "expected true or false");
    return it->get<bool>();
}

inline std::size_t optionalCount(const nlohmann::json& spec, const char* key, std::size_t fallback,
                                 const std::string& path) {
    const auto it = spec.find(key);
    if (it == spec.end() || it->is_null()) return fallback;
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 1'000'000)
        throw TokenizerFormatError(path + "." + key, "expected a small non-negative integer");
    return it->get<std::size_t>();
}

inline std::string typeOf(const nlohmann::json& spec, const std::string& path) {
    return stringField(spec, "type", path);
}

// A single character field (Metaspace "replacement", Strip "content").
char32_t charField(const nlohmann::json& spec, const char* key, const std::string& path, char32_t fallback);

// The "pattern" field: {"String": …} or {"Regex": …}.
SplitPattern parsePatternField(const nlohmann::json& spec, const std::string& path);

}  // namespace cci::tok
