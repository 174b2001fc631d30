// `cci validate FILE...`: checks corpus files against the official schema and the task's rules, printing one
// line per problem. Exit 0 when every file is valid, 1 otherwise. Never writes anything.
#include "commands.h"

#include "corpus/corpus_reader.h"

#include <iostream>

namespace cci::cli {

Command validateCommand() {
    CommandSpec spec{
        .name = "validate",
        .summary = "Check corpus files (official JSON schema) and list every problem.",
        .usage = "cci validate [--quiet] FILE...",
        .details = "Reports malformed JSON (line and column), missing or mistyped fields (with their JSON path),\n"
                   "reference ids that are not utterance ids, unknown categories, bad outputs, duplicate ids,\n"
                   "empty conversations and inferences, and non-integer speakers.\n"
                   "Exit status: 0 when all files are valid, 1 when any problem was found, 2 on usage errors.",
        .options = {{"quiet", "", "print only the problems, no per-file summary"}},
        .minPositionals = 1,
    };
    return {spec, [](const ParsedArgs& args) {
                bool allValid = true;
                const bool quiet = args.has("quiet");
                for (const std::string& path : args.positionals) {
                    const CorpusReadResult r = readCorpusFile(path);
                    for (const Problem& p : r.problems) std::cout << p.toString() << '\n';
                    if (!quiet)
                        std::cout << path << ": " << r.corpus.samples.size() << " items, "
                                  << r.problems.size() << (r.problems.size() == 1 ? " problem" : " problems")
                                  << (r.ok() ? " — valid" : "") << '\n';
                    allValid = allValid && r.ok();
                }
                return allValid ? kExitOk : kExitBadInput;
            }};
}

}  // namespace cci::cli
