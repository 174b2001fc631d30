// Test tool for the model conformance test: prints the workbench's logits for a token sequence as JSON -
// {"all": [[...]], "cached": [[...]]} - the full forward and the KV-cache path (first `split` tokens, then the rest).
// Usage: model_logits MODEL_DIR IDS.json SPLIT
#include "model/llama_model.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: model_logits MODEL_DIR IDS.json SPLIT\n";
        return 2;
    }
    try {
        const auto model = cci::model::LlamaModel::load(argv[1]);
        const auto ids = nlohmann::json::parse(cci::readFile(argv[2])).get<std::vector<cci::tok::TokenId>>();
        const auto vocab = static_cast<std::size_t>(model->config().vocab);
        auto rows = [&](const std::vector<float>& flat) {
            nlohmann::json out = nlohmann::json::array();
            for (std::size_t t = 0; t < flat.size() / vocab; ++t)
                out.push_back(std::vector<float>(flat.begin() + std::ptrdiff_t(t * vocab),
                                                 flat.begin() + std::ptrdiff_t((t + 1) * vocab)));
            return out;
        };
        const nlohmann::json out = {{"all", rows(model->allLogits(ids))},
                                    {"cached", rows(model->allLogitsWithCache(ids, std::stoul(argv[3])))}};
        std::cout << out.dump() << '\n';
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    return 0;
}
