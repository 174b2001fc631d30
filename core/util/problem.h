// Problem: one thing wrong with an input, saying where (file, item, JSON path, line/column) and what.
// Error: the exception core throws when it cannot go on; it carries every problem found, not just the first.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace cci {

struct Problem {
    std::string file;       // path as given by the user; empty when not from a file
    long itemIndex = -1;    // 0-based index of the item in the file; -1 when not item-specific
    std::string itemId;     // the item's "id" when it could be read
    std::string path;       // JSON path such as [12].input.reference_id[0]; empty when not field-specific
    long line = 0;          // 1-based line for syntax errors; 0 when unknown
    long column = 0;        // 1-based column (bytes) for syntax errors; 0 when unknown
    std::string message;    // what is wrong

    // "file:line:col: item 12 (id X): [12].input.category: message"
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

}  // namespace cci
