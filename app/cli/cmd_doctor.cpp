// `cci doctor`: what this machine gives the workbench (library versions, threads, CUDA, BLAS) and what to fix.
#include "commands.h"
#include "model_option.h"

#include "model/cpu_gemm.h"
#include "model/cpu_vector_math.h"
#include "model/memory_estimate.h"
#include "model/model_check.h"
#include "model/model_config.h"

#include "progress_bar.h"
#include "system/cuda_devices.h"
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
    std::cout << "Model " << folder << "\n";
    std::cout << "  " << c.architecture << ": " << c.layers << " layers, hidden " << c.hidden << ", " << c.heads
              << " heads (" << c.kvHeads << " KV), MLP " << c.intermediate << ", vocabulary " << c.vocab
              << (c.tieEmbeddings ? " (tied)" : "") << ", stored as " << c.torchDtype << "\n";
    if (const std::string layers = model::describeLayers(c); !layers.empty())
        std::cout << "  layers          " << layers << "\n";
    std::cout << "  parameters      " << static_cast<long long>(params) << " (" << static_cast<long long>(linear)
              << " in the projections LoRA adapts)\n";
    std::cout << "  weights         fp32 " << gib(params * 4) << ", bf16/fp16 " << gib(params * 2) << "\n";
    std::cout << "  inference       CPU fp32 ~" << gib(model::estimateInferenceMemory(c, false)) << ", CUDA bf16 ~"
              << gib(model::estimateInferenceMemory(c, true)) << " (batch 8 x 1024 tokens)\n";
    for (const bool qlora : {false, true}) {
        model::TrainingMemoryInput in;
        in.qlora = qlora;
        in.cuda = true;
        const auto gpu = model::estimateTrainingMemory(c, in);
        in.cuda = false;
        const auto cpu = model::estimateTrainingMemory(c, in);
        std::cout << (qlora ? "  QLoRA (r 16)    CUDA ~" : "  LoRA (r 16)     CUDA ~") << gib(gpu.total()) << ", CPU ~"
                  << gib(cpu.total()) << " (base " << gib(gpu.weights) << " on CUDA; "
                  << static_cast<long long>(gpu.trainable) << " trainable parameters; 1024 tokens, checkpointed)\n";
    }
}

// The checks predict and train make, run before either: prints each problem; returns whether there were none.
bool checkModel(const std::string& folder) {
    model::ModelCheck check;
    {
        ProgressBar bar("tensors");
        check = model::checkModelFolder(folder, bar.callback());
        bar.finish();
    }
    std::cout << "  checked         " << check.tensorsScanned << " tensors (" << gib(check.bytesScanned)
              << ") for names, shapes and NaN/Inf; tokenizer, answer letters, chat template\n";
    for (const std::string& p : check.problems) std::cout << "warning: " << p << '\n';
    return check.ok();
}

}  // namespace

Command doctorCommand() {
    CommandSpec spec{
        .name = "doctor",
        .summary = "Show library versions, compute threads, CUDA devices and the BLAS in use; warn about problems.",
        .usage = "cci doctor [--threads N] [--model DIR|ORG/NAME [--revision REV]]",
        .details = "Exit status: 0 when nothing needs fixing, 1 when a warning was printed.",
        .options = {{"threads", "N", "libtorch intra-op threads to use (default: libtorch's choice)"},
                    {"model", "DIR|ORG/NAME",
                     "also check a model folder (or a cached hub id) as predict and train would (config, every "
                     "weight's shape, NaN/Inf values, tokenizer, answer letters, chat template) and show its "
                     "parameters and memory estimates"},
                    revisionOptionSpec()},
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
                const auto gpus = cudaDevices();
                row("CUDA",
                    !cudaBuild()
                        ? std::string(
                              "not in this build (CPU-only libtorch; bash tools/build-cuda.sh builds the CUDA variant)")
                    : gpus.empty() ? std::string("CUDA build, but no GPU is visible (nvidia-smi, CUDA_VISIBLE_DEVICES)")
                                   : std::to_string(gpus.size()) + " GPU(s)");
                for (const GpuInfo& g : gpus)
                    row(g.deviceName().c_str(),
                        g.name + ", " + gib(g.totalBytes) + " (" + gib(g.freeBytes) + " free), compute capability " +
                            std::to_string(g.major) + "." + std::to_string(g.minor) +
                            (g.major < 8 ? " (no bf16: training needs compute capability 8.0 or newer)" : ""));
                row("BLAS", s.blasKind + (s.blasThreading.empty() ? "" : " (" + s.blasThreading + " threads)") +
                                (s.blasLibrary.empty() ? "" : " — " + s.blasLibrary));
                if (!s.blasDetails.empty()) row("", s.blasDetails);
                row("CPU inference", std::string("products through ") + model::sgemmBackend() + ", " +
                                         model::vectorInstructionSet() + " softmax / norm / SiLU");
                for (const std::string& n : s.notes) std::cout << "note: " << n << '\n';
                for (const std::string& w : s.warnings) std::cout << "warning: " << w << '\n';
                bool modelOk = true;
                if (args.has("model")) {
                    const std::string folder = resolveModelOption(args.value("model"), args);
                    try {
                        describeModel(folder);
                    } catch (const std::exception&) {
                        std::cout << "Model " << folder << "\n";
                    }
                    modelOk = checkModel(folder);
                }
                const bool ok = s.warnings.empty() && modelOk;
                if (ok) std::cout << "No problems found.\n";
                return ok ? kExitOk : kExitBadInput;
            }};
}

}  // namespace cci::cli
