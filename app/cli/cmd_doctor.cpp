// `cci doctor`: what this machine gives the workbench (library versions, threads, CUDA, BLAS) and what to fix.
#include "commands.h"

#include "model/model_config.h"

#include "system/system_info.h"

#include <iostream>

namespace cci::cli {

namespace {

std::string gib(double bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f GiB", bytes / double(1ULL << 30));
    return buf;
}

// Parameter count and memory estimates for a model folder (config.json only; the weights are not loaded).
void describeModel(const std::string& folder) {
    const auto c = model::readLlamaConfig(folder + "/config.json");
    const double params = double(c.parameterCount()), linear = double(c.linearParameterCount());
    const double other = params - linear;
    std::cout << "Model " << folder << "\n";
    std::cout << "  " << c.architecture << ": " << c.layers << " layers, hidden " << c.hidden << ", " << c.heads
              << " heads (" << c.kvHeads << " KV), MLP " << c.intermediate << ", vocabulary " << c.vocab
              << (c.tieEmbeddings ? " (tied)" : "") << ", stored as " << c.torchDtype << "\n";
    std::cout << "  parameters      " << static_cast<long long>(params) << " (" << static_cast<long long>(linear)
              << " in the projections LoRA adapts)\n";
    std::cout << "  weights         fp32 " << gib(params * 4) << ", bf16/fp16 " << gib(params * 2) << "\n";
    // Inference: weights + activations of a batch of 8 x 1024 tokens (hidden states, MLP, KV cache).
    const double activations = 8.0 * 1024 * (4.0 * c.hidden + 2.0 * c.intermediate) * 4 +
                               8.0 * 1024 * 2 * c.kvHeads * c.headDim * c.layers * 4;
    std::cout << "  inference       CPU fp32 ~" << gib(params * 4 + activations) << ", CUDA bf16 ~"
              << gib(params * 2 + activations / 2) << " (batch 8 x 1024 tokens)\n";
    // LoRA r=16 on all projections + lm_head: adapter weights, AdamW state (2 moments) and fp32 gradients; with
    // gradient checkpointing the activations are about one layer's input per layer.
    const double loraParams = 16.0 * (c.layers * (2.0 * c.hidden + 2.0 * c.heads * c.headDim + 4.0 * c.kvHeads * c.headDim +
                                                  3.0 * (c.hidden + c.intermediate)) + c.hidden + c.vocab);
    const double trainState = loraParams * 4 * 4;
    const double checkpointed = 1024.0 * c.hidden * c.layers * 2 + 1024.0 * (c.intermediate * 3 + c.vocab) * 4;
    std::cout << "  LoRA (r 16)     bf16 base ~" << gib(params * 2 + trainState + checkpointed) << ", "
              << static_cast<long long>(loraParams) << " trainable parameters\n";
    // QLoRA: NF4 projections (4 bits + one absmax per 64, double-quantised) and the rest in bf16.
    const double nf4 = linear * 0.5 + linear / 64.0 * (1.0 + 4.0 / 256.0);
    std::cout << "  QLoRA (r 16)    NF4 base ~" << gib(nf4 + other * 2 + trainState + checkpointed) << "\n";
}

}  // namespace


Command doctorCommand() {
    CommandSpec spec{
        .name = "doctor",
        .summary = "Show library versions, compute threads, CUDA devices and the BLAS in use; warn about problems.",
        .usage = "cci doctor [--threads N] [--model DIR]",
        .details = "Exit status: 0 when nothing needs fixing, 1 when a warning was printed.",
        .options = {{"threads", "N", "libtorch intra-op threads to use (default: libtorch's choice)"},
                    {"model", "DIR", "also describe a model folder: parameters and memory estimates"}},
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
                if (args.has("model")) describeModel(args.value("model"));
                if (s.warnings.empty()) std::cout << "No problems found.\n";
                return s.warnings.empty() ? kExitOk : kExitBadInput;
            }};
}

}  // namespace cci::cli
