// `cci validate FILE...`: checks corpus files against the official schema and the task's rules, printing one
// line per problem and per warning (what the published code tolerates). Exit 0 when every file can be used (warnings
// only, unless --strict), 1 otherwise. Never writes anything.
#include "commands.h"

#include "corpus/corpus_reader.h"

#include <algorithm>
#include <iostream>

namespace cci::cli {

Command validateCommand() {
    CommandSpec spec{
        .name = "validate",
        .summary = "Check corpus files (official JSON schema) and list every problem.",
        .usage = "cci validate [--quiet] [--strict] FILE...",
        .details =
            "Reports malformed JSON (line and column), missing or mistyped fields (with their JSON path),\n"
            "unknown categories, bad outputs, duplicate ids, empty conversations and inferences, and\n"
            "non-integer speakers. Warnings are what the published code accepts, and every command reads\n"
            "as it does: an utterance that is a number (read as str() of it) and a reference id that names\n"
            "no utterance (left out of the prompt).\n"
            "Exit status: 0 when all files can be used (warnings only), 1 when any problem was found (or any\n"
            "warning, with --strict), 2 on usage errors.",
        .options = {{"quiet", "", "print only the problems, no per-file summary"},
                    {"strict", "", "treat warnings as problems (exit 1)"}},
        .minPositionals = 1,
    };
    return {spec, [](const ParsedArgs& args) {
                bool allValid = true;
                const bool quiet = args.has("quiet"), strict = args.has("strict");
                for (const std::string& path : args.positionals) {
                    const CorpusReadResult r = readCorpusFile(path);
                    // In file order: the reader keeps problems and warnings apart.
                    std::vector<Problem> all = r.problems;
                    all.insert(all.end(), r.corpus.warnings.begin(), r.corpus.warnings.end());
                    std::stable_sort(all.begin(), all.end(),
                                     [](const Problem& a, const Problem& b) { return a.itemIndex < b.itemIndex; });
                    for (const Problem& p : all) std::cout << p.toString() << '\n';
                    const std::size_t warnings = r.corpus.warnings.size();
                    const bool valid = r.ok() && (!strict || warnings == 0);
                    if (!quiet) {
                        std::cout << path << ": " << r.corpus.samples.size() << " items, " << r.problems.size()
                                  << (r.problems.size() == 1 ? " problem" : " problems");
                        if (warnings) std::cout << ", " << warnings << (warnings == 1 ? " warning" : " warnings");
                        std::cout << (valid ? (warnings ? " — usable" : " — valid") : "") << '\n';
                    }
                    allValid = allValid && valid;
                }
                return allValid ? kExitOk : kExitBadInput;
            }};
}

}  // namespace cci::cli
