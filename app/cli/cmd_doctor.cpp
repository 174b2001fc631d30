// `cci doctor`: what this machine gives the workbench (library versions, threads, CUDA, BLAS) and what to fix.
#include "commands.h"

#include "system/system_info.h"

#include <iostream>

namespace cci::cli {

Command doctorCommand() {
    CommandSpec spec{
        .name = "doctor",
        .summary = "Show library versions, compute threads, CUDA devices and the BLAS in use; warn about problems.",
        .usage = "cci doctor [--threads N]",
        .details = "Exit status: 0 when nothing needs fixing, 1 when a warning was printed.",
        .options = {{"threads", "N", "libtorch intra-op threads to use (default: libtorch's choice)"}},
        .maxPositionals = 0,
    };
    return {spec, [](const ParsedArgs& args) {
                setComputeThreads(args.intValue("threads", 0));
                const SystemInfo s = collectSystemInfo();
                auto row = [](const char* k, const std::string& v) {
                    std::cout << "  " << k << std::string(16 - std::string(k).size(), ' ') << v << '\n';
                };
                std::cout << "CCI Workbench " << s.workbenchVersion << " (revision " << s.codeRevision << ")\n";
                row("libtorch", s.torchVersion);
                row("ICU", s.icuVersion);
                row("nlohmann/json", s.jsonVersion);
                row("sentencepiece", s.sentencepieceVersion);
                row("CPU threads", std::to_string(s.hardwareThreads) + " hardware, " +
                                       std::to_string(s.computeThreads) + " used by libtorch");
                row("CUDA", s.cudaDevices > 0 ? std::to_string(s.cudaDevices) + " device(s)"
                                              : std::string("no CUDA device (CPU build or no GPU)"));
                row("BLAS", s.blasKind + (s.blasLibrary.empty() ? "" : " — " + s.blasLibrary));
                if (!s.blasDetails.empty()) row("", s.blasDetails);
                for (const std::string& n : s.notes) std::cout << "note: " << n << '\n';
                for (const std::string& w : s.warnings) std::cout << "warning: " << w << '\n';
                if (s.warnings.empty()) std::cout << "No problems found.\n";
                return s.warnings.empty() ? kExitOk : kExitBadInput;
            }};
}

}  // namespace cci::cli
