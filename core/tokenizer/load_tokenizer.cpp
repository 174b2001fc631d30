// Loading a tokenizer (see load_tokenizer.h).
#include "tokenizer/load_tokenizer.h"

#include "tokenizer/hf_tokenizer.h"
#include "tokenizer/sentencepiece_tokenizer.h"
#include "tokenizer/template_files.h"
#include "util/problem.h"

#include <filesystem>

namespace cci::tok {

LoadedTokenizer loadTokenizer(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    LoadedTokenizer loaded;
    fs::path dir;
    if (fs::is_directory(path, ec)) {
        dir = path;
        if (fs::exists(dir / "tokenizer.json", ec)) {
            loaded.tokenizerFile = (dir / "tokenizer.json").string();
        } else if (fs::exists(dir / "tokenizer.model", ec)) {
            loaded.tokenizerFile = (dir / "tokenizer.model").string();
        } else {
            Problem p;
            p.file = path;
            p.message = "the folder has neither tokenizer.json nor tokenizer.model";
            throw Error({p});
        }
    } else if (fs::exists(path, ec)) {
        loaded.tokenizerFile = path;
        dir = fs::path(path).parent_path();
    } else {
        Problem p;
        p.file = path;
        p.message = "no such file or folder";
        throw Error({p});
    }
    const auto configPath = (dir.empty() ? fs::path("tokenizer_config.json") : dir / "tokenizer_config.json");
    if (fs::exists(configPath, ec)) {
        loaded.configFile = configPath.string();
        loaded.config = readTokenizerConfig(loaded.configFile);
    }
    readChatTemplateFiles(dir.empty() ? std::string(".") : dir.string(), loaded.config);
    if (loaded.tokenizerFile.ends_with(".model")) {
        loaded.tokenizer = SentencePieceTokenizer::fromFile(
            loaded.tokenizerFile, loaded.config.addBosToken.value_or(true), loaded.config.addEosToken.value_or(false));
    } else {
        loaded.tokenizer = HfTokenizer::fromFile(loaded.tokenizerFile);
    }
    return loaded;
}

}  // namespace cci::tok
