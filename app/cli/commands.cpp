// The list of `cci` commands.
#include "commands.h"

namespace cci::cli {

std::vector<Command> allCommands() {
    return {validateCommand(), refineCommand(),        promptCommand(),       tokenizeCommand(),
            templateCommand(), makeTinyModelCommand(), trainCommand(),        sweepCommand(),
            runsCommand(),     predictCommand(),       mergeAdapterCommand(), edaCommand(),
            voteCommand(),     analyzeCommand(),       annotationsCommand(),  doctorCommand()};
}

}  // namespace cci::cli
