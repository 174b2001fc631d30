// Tokenizer benchmark: encode throughput (tokens/s, MB/s) of the workbench's tokenizer against the Hugging Face
// tokenizers library (Rust, through its Python binding from PyPI) in the same run, single thread, over the demo
// prompts in every style replicated to at least 10 MB; plus the load time of each tokenizer.json (the real files of
// ../shared/tokenizers).
// Usage: bench_tokenizer [ORACLE_PYTHON [TOKENIZERS_DIR]]  (defaults: tools/py-deps.sh's environment, ../shared)
#include "bench_support.h"
#include "corpus/corpus_reader.h"
#include "prompt/prompt_builder.h"
#include "tokenizer/hf_tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

using namespace cci;

namespace {

std::vector<std::string> demoPrompts(std::size_t minBytes) {
    std::vector<std::string> base;
    const auto styles = prompt::loadPromptStyles(prompt::bundledPromptDir());
    for (const char* split : {"demo_train.json", "demo_dev.json", "demo_test.json"}) {
        const Corpus corpus = loadCorpus(std::string(CCI_DEMO_DIR) + "/" + split);
        for (const auto& style : styles)
            for (const auto& s : corpus.samples) {
                const auto m = prompt::buildPrompt(s, style);
                base.push_back(m.system + "\n\n" + m.user);
            }
    }
    std::vector<std::string> texts;
    std::size_t bytes = 0;
    while (bytes < minBytes) {
        for (const auto& t : base) {
            texts.push_back(t);
            bytes += t.size();
        }
    }
    return texts;
}

nlohmann::json runReference(const std::string& python, const std::string& tokenizer, const std::string& textsPath) {
    const std::string command = "'" + python + "' " + std::string(CCI_REFERENCE_DIR) +
                                "/tokenizer_reference.py --bench '" + tokenizer + "' '" + textsPath + "'";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot run " + python);
    std::string out;
    char buffer[4096];
    while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
    if (pclose(pipe) != 0) throw std::runtime_error("the reference failed: " + out);
    return nlohmann::json::parse(out);
}

}  // namespace

int main(int argc, char** argv) {
    const std::string python = argc > 1 ? argv[1] : std::string(CCI_PY_DIR) + "/bin/python";
    const std::string tokenizersDir = argc > 2 ? argv[2] : std::string(CCI_SHARED_TOKENIZERS);
    const auto texts = demoPrompts(10u << 20);
    std::size_t bytes = 0;
    for (const auto& t : texts) bytes += t.size();
    const auto textsPath = std::filesystem::temp_directory_path() / "cci_bench_tokenizer_texts.jsonl";
    {
        std::ofstream out(textsPath);
        for (std::size_t i = 0; i < texts.size(); ++i)
            out << nlohmann::json{{"id", i}, {"text", texts[i]}}.dump() << '\n';
    }
    std::printf("texts: %zu prompts, %.1f MB (demo prompts in every style, replicated)\n", texts.size(), bytes / 1e6);
    for (const char* name : {"llama2", "llama3", "qwen3"}) {
        const std::string file = tokenizersDir + "/" + name + "/tokenizer.json";
        const auto t0 = std::chrono::steady_clock::now();
        const auto tokenizer = tok::HfTokenizer::fromFile(file);
        const double loadS = bench::secondsSince(t0);
        std::size_t tokens = 0;
        const auto t1 = std::chrono::steady_clock::now();
        for (const auto& t : texts) tokens += tokenizer->encode(t, false).size();
        const double ours = bench::secondsSince(t1);
        const auto ref = runReference(python, file, textsPath.string());
        const double refS = ref["seconds"].get<double>();
        const auto refTokens = ref["tokens"].get<std::size_t>();
        std::printf("%-7s load: ours %.0f ms, reference %.0f ms\n", name, loadS * 1e3, ref["load_ms"].get<double>());
        std::printf(
            "        encode: ours %.2f M tokens/s %.1f MB/s | reference %.2f M tokens/s %.1f MB/s | "
            "ratio %.2fx (target >= 1.0x)%s\n",
            tokens / ours / 1e6, bytes / ours / 1e6, refTokens / refS / 1e6, bytes / refS / 1e6, refS / ours,
            tokens == refTokens ? "" : "  TOKEN COUNTS DIFFER");
    }
    std::filesystem::remove(textsPath);
    std::printf("peak RSS %.0f MiB\n", bench::peakRssMiB());
    return 0;
}
