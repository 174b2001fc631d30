// Reading JSON-lines input for `cci` commands: one object per non-empty line, with errors naming file:line.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace cci::cli {

// Calls `row` for each non-empty line (a JSON object) of `path` with "path:line" for error messages.
// Throws cci::Error when the file cannot be opened or a line is not a JSON object.
void forEachJsonLine(const std::string& path,
                     const std::function<void(const nlohmann::json&, const std::string&)>& row);

}  // namespace cci::cli
