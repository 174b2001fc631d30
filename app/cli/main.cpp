// cci: the headless front end of CCI Workbench. Dispatches to one subcommand; prints core errors and maps them
// to exit codes (1 bad input, 2 usage).
#include "commands.h"
#include "output_guard.h"

#include "system/system_info.h"
#include "util/error_text.h"
#include "util/problem.h"

#include <filesystem>
#include <iostream>
#include <new>

namespace {

void printOverview(const std::vector<cci::cli::Command>& commands) {
    std::cout << "usage: cci <command> [options] [arguments]\n\n"
                 "CCI Workbench command line: Korean Conversational Context Inference (NIKL 2024).\n\ncommands:\n";
    for (const auto& c : commands)
        std::cout << "  " << c.spec.name << std::string(12 - std::min<std::size_t>(11, c.spec.name.size()), ' ')
                  << c.spec.summary << '\n';
    std::cout << "\n  cci help <command> or cci <command> --help for details; cci --version for the version.\n";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace cci::cli;
    const std::vector<Command> commands = allCommands();
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        printOverview(commands);
        return kExitUsage;
    }
    const std::string name = args.front();
    args.erase(args.begin());
    if (name == "--version" || name == "version") {
        const cci::SystemInfo s = cci::collectSystemInfo();
        std::cout << "cci " << s.workbenchVersion << " (revision " << s.codeRevision << ", libtorch " << s.torchVersion
                  << ")\n";
        return kExitOk;
    }
    auto find = [&](const std::string& n) -> const Command* {
        for (const auto& c : commands)
            if (c.spec.name == n) return &c;
        return nullptr;
    };
    if (name == "help" || name == "--help" || name == "-h") {
        if (args.empty()) {
            printOverview(commands);
            return kExitOk;
        }
        if (const Command* c = find(args.front())) {
            std::cout << helpText(c->spec);
            return kExitOk;
        }
        std::cerr << "cci: unknown command \"" << args.front() << "\" (see cci help)\n";
        return kExitUsage;
    }
    // Warnings about inputs (what the published code tolerates) go to stderr, one per line, from every command.
    cci::setWarningSink([](const std::vector<cci::Problem>& warnings) {
        for (const auto& w : warnings) std::cerr << w.toString() << '\n';
    });
    const Command* command = find(name);
    if (!command) {
        std::cerr << "cci: unknown command \"" << name << "\" (see cci help)\n";
        return kExitUsage;
    }
    try {
        const ParsedArgs parsed = parseArgs(command->spec, args);
        if (parsed.help) {
            std::cout << helpText(command->spec);
            return kExitOk;
        }
        refuseOutputsOverInputs(command->spec, parsed);
        return command->run(parsed);
    } catch (const UsageError& e) {
        std::cerr << "cci " << name << ": " << e.what() << "\n(see cci " << name << " --help)\n";
        return kExitUsage;
    } catch (const cci::Error& e) {
        std::cerr << "cci " << name << ": " << e.what() << '\n';
        return kExitBadInput;
    } catch (const std::filesystem::filesystem_error& e) {
        // A folder or file the command could not make or move (read-only or full file system, permissions).
        std::cerr << "cci " << name << ": " << e.path1().string() << ": " << e.code().message() << '\n';
        return kExitBadInput;
    } catch (const std::bad_alloc&) {
        std::cerr << "cci " << name << ": not enough memory for this (the allocation failed); try smaller sizes or "
                  << "free memory\n";
        return kExitBadInput;
    } catch (const std::exception& e) {
        // Unexpected (a libtorch or library failure): the message, never a C++ stack trace.
        std::cerr << "cci " << name << ": internal error: " << cci::withoutBacktrace(e.what()) << '\n';
        return kExitBadInput;
    }
}
