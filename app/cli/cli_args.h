// Command-line parsing for `cci`: each command declares its options; unknown options and missing values are
// usage errors (exit code 2) with a pointer to `cci <command> --help`.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace cci::cli {

// What an option's value names, for the one check that no command writes over a file it reads.
enum class FileRole { None, Input, Output };

struct OptionSpec {
    std::string name;       // long name without dashes, e.g. "threads"
    std::string valueName;  // empty for a flag, e.g. "N" for --threads N
    std::string help;
    bool multiple = false;  // like argparse's nargs='+': every following word up to the next option, joined by ','
    FileRole role = FileRole::None;  // Input: files read (comma lists split); Output: a file written
};

struct CommandSpec {
    std::string name;     // e.g. "validate"
    std::string summary;  // one line for `cci help`
    std::string usage;    // e.g. "cci validate FILE..."
    std::string details;  // paragraphs after the usage line
    std::vector<OptionSpec> options;
    int minPositionals = 0;
    int maxPositionals = -1;           // -1 = unlimited
    bool positionalsAreInputs = true;  // the positional words name files the command reads
};

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct ParsedArgs {
    std::map<std::string, std::vector<std::string>> values;  // option -> values in order given
    std::vector<std::string> flags;
    std::vector<std::string> positionals;
    bool help = false;

    bool has(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    int intValue(const std::string& name, int fallback) const;  // UsageError when not an integer
    // All values of a repeatable option, each also split at commas ("--x a,b --x c" -> a, b, c); empty items kept
    // out.
    std::vector<std::string> list(const std::string& name) const;
};

// Parses args (without the program and command names). Throws UsageError.
ParsedArgs parseArgs(const CommandSpec& spec, const std::vector<std::string>& args);
std::string helpText(const CommandSpec& spec);

}  // namespace cci::cli
