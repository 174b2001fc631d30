// Model commands: `cci make-tiny-model` (a complete random Hugging Face model folder for demos and tests),
// `cci predict` (multiple-choice scoring of a corpus -> submission + probability sidecar) and `cci merge-adapter`
// (a LoRA adapter merged into its base, saved as a full model folder).
#include "commands.h"
#include "model_option.h"
#include "progress_bar.h"
#include "template_kwargs_option.h"

#include "corpus/corpus_reader.h"
#include "infer/letter_audit.h"
#include "infer/run_settings.h"
#include "model/merge_adapter.h"
#include "model/tiny_model.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

namespace cci::cli {

namespace {

model::RopeScaling parseRope(const std::string& text) {
    model::RopeScaling rope;
    if (text.empty() || text == "none") return rope;
    const auto colon = text.find(':');
    const std::string type = text.substr(0, colon);
    if (type == "linear")
        rope.type = model::RopeScaling::Type::Linear;
    else if (type == "dynamic")
        rope.type = model::RopeScaling::Type::Dynamic;
    else if (type == "llama3")
        rope.type = model::RopeScaling::Type::Llama3;
    else
        throw UsageError("--rope-scaling must be none, linear:F, dynamic:F or llama3:F");
    try {
        rope.factor = colon == std::string::npos ? 2.0 : std::stod(text.substr(colon + 1));
    } catch (const std::exception&) {
        throw UsageError("--rope-scaling: the factor after ':' must be a number");
    }
    if (!(rope.factor > 0) || !std::isfinite(rope.factor))
        throw UsageError("--rope-scaling: the factor must be a positive finite number");
    if (rope.type == model::RopeScaling::Type::Llama3) rope.originalMaxPositions = 64;
    return rope;
}

}  // namespace

Command makeTinyModelCommand() {
    CommandSpec spec{
        .name = "make-tiny-model",
        .summary = "Write a small Hugging Face model folder with random weights (demos, tests, benchmarks).",
        .usage =
            "cci make-tiny-model OUT_DIR --corpus FILE... [--hidden 64 --layers 2 --heads 4 --kv-heads 2\n"
            "                    --intermediate 172] [--vocab N] [--seed N] [--dtype float32|bfloat16|float16]\n"
            "                    [--rope-scaling none|linear:F|dynamic:F|llama3:F] [--max-positions N] [--tie]\n"
            "                    [--family llama|mistral|qwen2|qwen3|gemma|gemma2|gemma3_text|exaone4]\n"
            "                    [--sliding-window N]",
        .details =
            "Writes config.json, model.safetensors, tokenizer.json (BPE with byte fallback over the corpus's\n"
            "characters plus <unk>, <s>, </s>, A, B, C and the 256 byte tokens; --vocab pads it with unused\n"
            "tokens) and tokenizer_config.json with the SOLAR chat template. The Python stack reads it too.\n"
            "--family writes that model_type with its layers (e.g. gemma2: norms around attention and MLP,\n"
            "GELU, soft-capping, sliding window on every other layer) and its defaults.",
        .options = {{"corpus", "FILE", "corpus files whose characters make the vocabulary (repeatable)"},
                    {"hidden", "N", "hidden size (64)"},
                    {"layers", "N", "decoder layers (2)"},
                    {"heads", "N", "attention heads (4)"},
                    {"kv-heads", "N", "key/value heads (2)"},
                    {"intermediate", "N", "MLP size (172)"},
                    {"vocab", "N", "pad the vocabulary to at least N tokens"},
                    {"seed", "N", "random seed (42)"},
                    {"dtype", "NAME", "weight dtype: float32 (default), bfloat16, float16"},
                    {"rope-scaling", "TYPE:F", "rope scaling: none, linear:F, dynamic:F, llama3:F"},
                    {"max-positions", "N", "max_position_embeddings (4096)"},
                    {"tie", "", "tie lm_head to the embeddings"},
                    {"family", "NAME", "model_type to write (llama)"},
                    {"sliding-window", "N", "sliding window of the family's sliding layers (none)"}},
        .minPositionals = 1,
        .maxPositionals = 1,
    };
    return {spec, [](const ParsedArgs& args) -> int {
                if (!args.has("corpus")) throw UsageError("missing --corpus FILE");
                std::vector<Corpus> corpora;
                for (const auto& file : args.list("corpus")) corpora.push_back(loadCorpus(file));
                model::TinyModelSpec s;
                s.hidden = args.intValue("hidden", s.hidden);
                s.layers = args.intValue("layers", s.layers);
                s.heads = args.intValue("heads", s.heads);
                s.kvHeads = args.intValue("kv-heads", s.kvHeads);
                s.intermediate = args.intValue("intermediate", s.intermediate);
                s.vocabAtLeast = args.intValue("vocab", 0);
                s.seed = static_cast<std::uint64_t>(args.intValue("seed", 42));
                s.dtype = args.value("dtype", "float32");
                s.rope = parseRope(args.value("rope-scaling"));
                s.maxPositions = args.intValue("max-positions", 4096);
                s.tieEmbeddings = args.has("tie");
                s.family = args.value("family", "llama");
                s.slidingWindow = args.intValue("sliding-window", 0);
                const auto config = model::makeTinyModel(args.positionals.front(), corpora, s);
                std::cout << args.positionals.front() << ": " << config.parameterCount() << " parameters, vocabulary "
                          << config.vocab << ", " << config.layers << " layers\n";
                return kExitOk;
            }};
}

Command predictCommand() {
    CommandSpec spec{
        .name = "predict",
        .summary = "Pick each item's answer with a model: A/B/C next-token scoring, as published.",
        .usage =
            "cci predict --model DIR [--adapter DIR] --style NAME|FILE --data FILE -o OUT.json [--template SPEC]\n"
            "            [--load-in-4bit] [--refine] [--permutations] [--batch N] [--device cpu|cuda] [--threads N]\n"
            "            [--quiet]\n"
            "       cci predict --run RUN_DIR --data FILE -o OUT.json   # scored as the run trained",
        .details =
            "Each item becomes its prompt under the style, formatted by the model's chat template (or\n"
            "--template) with the generation prompt; the logits of \"A\", \"B\", \"C\" at the last position give\n"
            "the probabilities. Writes OUT.json (the input with \"output\" filled) and OUT.probs.json\n"
            "([{\"id\", \"probs\": [pA, pB, pC]}]) only when every item is done; Ctrl+C leaves no output.",
        .options = {{"model", "DIR|ORG/NAME",
                     "Hugging Face model folder (config.json, safetensors, tokenizer), or a model id in the local "
                     "Hugging Face cache"},
                    revisionOptionSpec(),
                    {"adapter", "DIR", "PEFT LoRA adapter folder to apply"},
                    {"run", "RUN_DIR", "a training run: its model, adapter, style, template, refinement and NF4 base"},
                    {"best", "",
                     "with --run: the adapter of the run's best dev evaluation (adapter_best/; writes "
                     "RUN/predictions/DATA-best.json)"},
                    {"load-in-4bit", "",
                     "hold the base model's linear weights as NF4 (for QLoRA adapters; less memory)"},
                    {"refine", "",
                     "score the items after the published 9-rule refinement (for adapters trained on refined data)"},
                    {"permutations", "",
                     "score every item under all 6 orders of its candidates and average (removes the model's letter "
                     "preference; 6x the time)"},
                    {"style", "NAME|FILE", "prompt style (default CustomRef)"},
                    {"template", "SPEC", "chat template instead of the model's (built-in name or file)"},
                    templateKwargsOptionSpec(),
                    {"data", "FILE", "corpus to predict", false, FileRole::Input},
                    {"o", "OUT.json", "submission file to write (with --run: RUN/predictions/DATA.json by default)",
                     false, FileRole::Output},
                    {"batch", "N", "items per batch (8)"},
                    {"device", "NAME", "cpu (default) or cuda"},
                    {"threads", "N", "CPU threads for libtorch"},
                    {"quiet", "", "no progress output"}},
        .maxPositionals = 0,
    };
    return {spec, [](const ParsedArgs& args) -> int {
                if (!args.has("data")) throw UsageError("missing --data");
                if (!args.has("model") && !args.has("run")) throw UsageError("missing --model (or --run)");
                if (!args.has("o") && !args.has("run"))
                    throw UsageError("missing -o (or --run, which writes RUN/predictions/)");
                // A run gives every setting it trained with (and its predictions folder); flags beside it override
                // them.
                if (args.has("best") && !args.has("run")) throw UsageError("--best needs --run");
                infer::PredictConfig config =
                    args.has("run") ? infer::predictConfigOfRun(
                                          args.value("run"), args.value("data"),
                                          args.has("best") ? infer::RunAdapter::Best : infer::RunAdapter::Last)
                                    : infer::PredictConfig{};
                if (args.has("model")) config.modelDir = resolveModelOption(args.value("model"), args);
                config.adapterDir = args.value("adapter", config.adapterDir);
                config.style = args.value("style", config.style);
                config.templateSpec = args.value("template", config.templateSpec);
                if (args.has("template-kwargs")) config.templateKwargs = templateKwargsOption(args);
                config.dataFile = args.value("data");
                config.outFile = args.value("o", config.outFile);
                config.device = args.value("device", "cpu");
                config.batchSize = args.intValue("batch", 8);
                config.threads = args.intValue("threads", 0);
                config.nf4 = config.nf4 || args.has("load-in-4bit");
                config.refine = config.refine || args.has("refine");
                config.permutations = args.has("permutations");
                if (config.batchSize <= 0) throw UsageError("--batch must be positive");
                ProgressBar bar("items");
                const auto result = infer::runPredict(config, args.has("quiet") ? ProgressFn() : bar.callback());
                if (!args.has("quiet")) bar.finish();
                std::size_t counts[3] = {0, 0, 0};
                for (const auto& s : result.scores) ++counts[s.choice];
                std::cerr << config.outFile << ": " << result.scores.size() << " items in " << result.seconds << " s ("
                          << (result.seconds > 0 ? double(result.scores.size()) / result.seconds : 0.0) << " items/s), "
                          << result.promptTokens << " prompt tokens (longest " << result.longestPrompt
                          << "); answers A " << counts[0] << ", B " << counts[1] << ", C " << counts[2] << "\n";
                // The answer-letter audit written beside the predictions.
                if (const auto audit = infer::letterAuditFromJson(
                        nlohmann::json::parse(readFile(infer::auditPathFor(config.outFile)), nullptr, false)))
                    std::cerr << infer::letterAuditText(*audit);
                return kExitOk;
            }};
}

Command mergeAdapterCommand() {
    CommandSpec spec{
        .name = "merge-adapter",
        .summary = "Merge a LoRA adapter into its base model and save a full model folder.",
        .usage =
            "cci merge-adapter --model DIR --adapter DIR -o OUT_DIR [--dtype F32|BF16|F16] [--max-shard-size BYTES]",
        .details =
            "Writes W + (alpha / r) B A for every adapted weight (each module's own r and alpha under rank_pattern /\n"
            "alpha_pattern; with DoRA each row rescaled to its magnitude; modules_to_save copies in place of the\n"
            "base's) and copies the rest, with config.json and the tokenizer files, into OUT_DIR (which must be new\n"
            "or empty), as PEFT's merge_and_unload(). Shards above --max-shard-size (5 GB, as save_pretrained) with\n"
            "model.safetensors.index.json. The folder appears only when complete.",
        .options = {{"model", "DIR|ORG/NAME", "base model folder, or a model id in the local Hugging Face cache"},
                    revisionOptionSpec(),
                    {"adapter", "DIR", "PEFT LoRA adapter folder (e.g. RUN_DIR/adapter)"},
                    {"o", "OUT_DIR", "the merged model folder to create"},
                    {"dtype", "NAME", "dtype of the saved weights (default: as in the base)"},
                    {"max-shard-size", "BYTES", "largest shard file (5000000000)"},
                    {"quiet", "", "no progress output"}},
        .maxPositionals = 0,
    };
    return {spec, [](const ParsedArgs& args) -> int {
                for (const char* required : {"model", "adapter", "o"})
                    if (!args.has(required)) throw UsageError(std::string("missing --") + required);
                model::MergeConfig config;
                config.modelDir = resolveModelOption(args.value("model"), args);
                config.adapterDir = args.value("adapter");
                config.outDir = args.value("o");
                config.dtype = args.value("dtype");
                if (args.has("max-shard-size")) {
                    try {
                        config.maxShardBytes = std::stoull(args.value("max-shard-size"));
                    } catch (const std::exception&) {
                        throw UsageError("--max-shard-size must be a number of bytes");
                    }
                    if (config.maxShardBytes == 0) throw UsageError("--max-shard-size must be positive");
                }
                ProgressBar bar("tensors");
                const auto r = model::mergeAdapter(config, args.has("quiet") ? ProgressFn() : bar.callback());
                if (!args.has("quiet")) bar.finish();
                std::cerr << config.outDir << ": " << r.tensors << " tensors (" << r.merged
                          << " with the adapter merged), " << r.shards << (r.shards == 1 ? " file, " : " shards, ")
                          << r.bytes / 1e6 << " MB\n";
                return kExitOk;
            }};
}

}  // namespace cci::cli
