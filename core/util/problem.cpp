// Formatting of problems and the core exception type.
#include "util/problem.h"

namespace cci {

std::string Problem::toString() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
        out += ": ";
    }
    if (itemIndex >= 0) {
        out += "item " + std::to_string(itemIndex);
        if (!itemId.empty()) out += " (id " + itemId + ")";
        out += ": ";
    }
    if (!path.empty()) out += path + ": ";
    if (warning) out += "warning: ";
    out += message;
    return out;
}

std::string formatProblems(const std::vector<Problem>& problems) {
    std::string out;
    for (const Problem& p : problems) {
        if (!out.empty()) out += '\n';
        out += p.toString();
    }
    return out;
}

namespace {

WarningSink& sinkSlot() {
    static WarningSink sink;
    return sink;
}

}  // namespace

WarningSink setWarningSink(WarningSink sink) {
    std::swap(sinkSlot(), sink);
    return sink;
}

void reportWarnings(const std::vector<Problem>& warnings) {
    if (!warnings.empty() && sinkSlot()) sinkSlot()(warnings);
}

Error::Error(std::string message) : std::runtime_error(message) {
    m_problems.push_back(Problem{.message = std::move(message)});
}

Error::Error(std::vector<Problem> problems)
    : std::runtime_error(formatProblems(problems)), m_problems(std::move(problems)) {}

}  // namespace cci
