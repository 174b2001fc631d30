// Problem: one thing wrong with an input, saying where (file, item, JSON path, line/column) and what.
// Error: the exception core throws when it cannot go on; it carries every problem found, not just the first.
// A warning is a Problem the published code tolerates (the input is used, as it uses it); warnings reach the front
// end through the warning sink.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace cci {

struct Problem {
    std::string file;      // path as given by the user; empty when not from a file
    long itemIndex = -1;   // 0-based index of the item in the file; -1 when not item-specific
    std::string itemId;    // the item's "id" when it could be read
    std::string path;      // JSON path such as [12].input.reference_id[0]; empty when not field-specific
    long line = 0;         // 1-based line for syntax errors; 0 when unknown
    long column = 0;       // 1-based column (bytes) for syntax errors; 0 when unknown
    std::string message;   // what is wrong
    bool warning = false;  // tolerated as the published code tolerates it (said in the message), not an error

    // "file:line:col: item 12 (id X): [12].input.category: message" ("… warning: message" for a warning)
    std::string toString() const;
};

class Error : public std::runtime_error {
public:
    explicit Error(std::string message);
    explicit Error(std::vector<Problem> problems);
    const std::vector<Problem>& problems() const { return m_problems; }

private:
    std::vector<Problem> m_problems;
};

// Joins problems one per line (used for exception messages and the CLI).
std::string formatProblems(const std::vector<Problem>& problems);

// Where warnings about inputs go when core reads them (loadCorpus): `cci` prints them to stderr, the workbench lists
// them. Without a sink they are dropped. Returns the previous sink.
using WarningSink = std::function<void(const std::vector<Problem>&)>;
WarningSink setWarningSink(WarningSink sink);
void reportWarnings(const std::vector<Problem>& warnings);

}  // namespace cci
