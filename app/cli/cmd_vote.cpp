// `cci vote --submission FILE PRED... -o OUT.json`: combines prediction files by voting (hard voting exactly as
// published by default) and writes the submission file.
#include "commands.h"
#include "vote_options.h"

#include "corpus/corpus_writer.h"
#include "ensemble/diversity.h"
#include "ensemble/vote_matrix.h"
#include "util/atomic_write.h"

#include <cstdio>
#include <iostream>

namespace cci::cli {

Command voteCommand() {
    std::vector<OptionSpec> options = {
        {"submission", "FILE",
         "the file to answer (e.g. the test split): ids, order "
         "and content of the output (required)",
         false, FileRole::Input},
        {"output", "OUT.json", "submission file to write (required; atomic)", false, FileRole::Output},
        {"o", "OUT.json", "same as --output", false, FileRole::Output}};
    for (OptionSpec& o : voteOptionSpecs()) options.push_back(o);
    CommandSpec spec{
        .name = "vote",
        .summary = "Combine prediction files by voting and write a submission file.",
        .usage = "cci vote --submission FILE PRED... -o OUT.json [--method hard|soft|weighted] [--weights W,...]",
        .details =
            "PRED files are submission-format predictions (the corpus with \"output\" filled), listing the\n"
            "same ids in the same order as FILE. Hard voting picks the most voted option; a tie goes to the\n"
            "tied option of the earliest file in the order given (Python max(votes, key=votes.count)).\n"
            "Soft voting averages probabilities from <pred>.probs.json sidecars.",
        .options = options,
        .minPositionals = 1,
    };
    return {spec, [](const ParsedArgs& args) {
                const std::string submission = args.value("submission");
                const std::string out = args.value("output", args.value("o"));
                if (submission.empty()) throw UsageError("missing --submission FILE");
                if (out.empty()) throw UsageError("missing -o OUT.json");
                std::vector<std::string> inputs = args.positionals;
                inputs.push_back(submission);
                refuseToOverwriteInput(out, inputs);
                const ensemble::VoteOptions options = voteOptionsFrom(args, args.positionals);
                Corpus reference = ensemble::loadReference(submission);
                const ensemble::VoteMatrix m = ensemble::buildVoteMatrix(reference, args.positionals);
                const ensemble::VoteResult r = ensemble::vote(m, options);
                for (std::size_t i = 0; i < reference.samples.size(); ++i)
                    reference.samples[i].output = std::string(kOutputKeys[std::size_t(r.answer[i])]);
                saveCorpus(reference, out);
                std::printf("%s voting over %zu models, %zu items; %zu items without a strict majority\n",
                            std::string(ensemble::methodName(options.method)).c_str(), m.models(), m.items(),
                            r.noMajority);
                for (std::size_t k = 0; k < m.models(); ++k)
                    std::printf("  %-40s agrees with the vote on %.1f%%\n", m.modelNames[k].c_str(),
                                100 * ensemble::agreement(ensemble::modelAnswers(m, k), r.answer));
                std::cerr << "cci vote: wrote " << out << '\n';
                return kExitOk;
            }};
}

}  // namespace cci::cli
