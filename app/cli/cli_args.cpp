// Option parsing and help text for `cci` commands.
#include "cli_args.h"

#include <algorithm>
#include <charconv>

namespace cci::cli {

bool ParsedArgs::has(const std::string& name) const {
    return values.count(name) || std::find(flags.begin(), flags.end(), name) != flags.end();
}

std::string ParsedArgs::value(const std::string& name, const std::string& fallback) const {
    const auto it = values.find(name);
    return it == values.end() ? fallback : it->second.back();
}

int ParsedArgs::intValue(const std::string& name, int fallback) const {
    const auto it = values.find(name);
    if (it == values.end()) return fallback;
    const std::string& v = it->second.back();
    int out = 0;
    const auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || ptr != v.data() + v.size())
        throw UsageError("--" + name + " expects an integer, got \"" + v + "\"");
    return out;
}

std::vector<std::string> ParsedArgs::list(const std::string& name) const {
    std::vector<std::string> out;
    const auto it = values.find(name);
    if (it == values.end()) return out;
    for (const std::string& v : it->second) {
        std::size_t start = 0;
        while (start <= v.size()) {
            const std::size_t comma = std::min(v.find(',', start), v.size());
            if (comma > start) out.push_back(v.substr(start, comma - start));
            start = comma + 1;
        }
    }
    return out;
}

ParsedArgs parseArgs(const CommandSpec& spec, const std::vector<std::string>& args) {
    ParsedArgs out;
    bool onlyPositionals = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (onlyPositionals || a.size() < 2 || a[0] != '-') {
            out.positionals.push_back(a);
            continue;
        }
        if (a == "--") {
            onlyPositionals = true;
            continue;
        }
        if (a == "-h" || a == "--help") {
            out.help = true;
            continue;
        }
        // Long options are --name; a one-letter option may also be written -x.
        const bool shortForm = a.rfind("--", 0) != 0;
        if (shortForm && a.size() != 2) throw UsageError("unknown option " + a);
        std::string name = a.substr(shortForm ? 1 : 2), value;
        bool inlineValue = false;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name = name.substr(0, eq);
            inlineValue = true;
        }
        const auto opt =
            std::find_if(spec.options.begin(), spec.options.end(), [&](const OptionSpec& o) { return o.name == name; });
        if (opt == spec.options.end() || (shortForm && name.size() != 1) || (!shortForm && name.size() == 1))
            throw UsageError("unknown option " + a);
        if (opt->valueName.empty()) {
            if (inlineValue) throw UsageError("--" + name + " takes no value");
            out.flags.push_back(name);
            continue;
        }
        if (!inlineValue) {
            if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value (" + opt->valueName + ")");
            value = args[++i];
            // Several words, as the published scripts' argparse nargs='+' takes them: --targets q_proj k_proj …
            while (opt->multiple && i + 1 < args.size() && !(args[i + 1].size() > 1 && args[i + 1][0] == '-'))
                value += "," + args[++i];
        }
        out.values[name].push_back(value);
    }
    if (out.help) return out;
    const int n = int(out.positionals.size());
    if (n < spec.minPositionals) throw UsageError("missing arguments; usage: " + spec.usage);
    if (spec.maxPositionals >= 0 && n > spec.maxPositionals)
        throw UsageError("too many arguments; usage: " + spec.usage);
    return out;
}

std::string helpText(const CommandSpec& spec) {
    std::string out = "usage: " + spec.usage + "\n\n" + spec.summary + "\n";
    if (!spec.details.empty()) out += "\n" + spec.details + "\n";
    out += "\noptions:\n";
    std::size_t width = 10;
    for (const OptionSpec& o : spec.options)
        width = std::max(width, o.name.size() + (o.valueName.empty() ? 0 : o.valueName.size() + 1) + 2);
    auto row = [&](const std::string& left, const std::string& help) {
        out += "  " + left + std::string(width + 2 - left.size(), ' ') + help + "\n";
    };
    for (const OptionSpec& o : spec.options)
        row((o.name.size() == 1 ? "-" : "--") + o.name + (o.valueName.empty() ? "" : " " + o.valueName), o.help);
    row("-h, --help", "show this help");
    return out;
}

}  // namespace cci::cli
