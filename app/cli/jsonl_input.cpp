// JSON-lines input (see jsonl_input.h).
#include "jsonl_input.h"

#include "util/json_stream.h"
#include "util/problem.h"

#include <fstream>

namespace cci::cli {

void forEachJsonLine(const std::string& path,
                     const std::function<void(const nlohmann::json&, const std::string&)>& row) {
    std::ifstream in(path);
    if (!in) throw Error(path + ": cannot open");
    std::string line;
    long lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty()) continue;
        const std::string where = path + ":" + std::to_string(lineNo);
        if (jsonNestingDepth(line) > kMaxJsonDepth)
            throw Error(where + ": nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        const auto parsed = nlohmann::json::parse(line, nullptr, false);
        if (parsed.is_discarded() || !parsed.is_object()) throw Error(where + ": not a JSON object");
        row(parsed, where);
    }
}

}  // namespace cci::cli
