// The registry of `cci` subcommands. Each command lives in its own cmd_*.cpp file and registers here.
#pragma once

#include "cli_args.h"

#include <functional>
#include <vector>

namespace cci::cli {

// Exit codes shared by every command.
enum ExitCode : int { kExitOk = 0, kExitBadInput = 1, kExitUsage = 2 };

struct Command {
    CommandSpec spec;
    std::function<int(const ParsedArgs&)> run;
};

Command validateCommand();
Command doctorCommand();
Command refineCommand();
Command voteCommand();
Command analyzeCommand();
Command annotationsCommand();
Command promptCommand();
Command tokenizeCommand();
Command templateCommand();
Command makeTinyModelCommand();
Command predictCommand();
Command edaCommand();
Command trainCommand();
Command mergeAdapterCommand();
Command runsCommand();
Command sweepCommand();

// All commands in the order `cci help` lists them.
std::vector<Command> allCommands();

}  // namespace cci::cli
