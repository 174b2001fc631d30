// `cci tokenize --tokenizer PATH [--no-special] [--jsonl IN.jsonl] [--decode [--skip-special]] [--tokens]`:
// text on stdin -> token ids (or ids -> text with --decode), with the ids of the Hugging Face reference.
#include "commands.h"
#include "jsonl_input.h"

#include "tokenizer/load_tokenizer.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>

namespace cci::cli {
namespace {

std::vector<tok::TokenId> idsFromJson(const nlohmann::json& value, const std::string& where) {
    if (!value.is_array()) throw Error(where + ": \"ids\" must be an array of integers");
    std::vector<tok::TokenId> ids;
    for (const auto& v : value) {
        if (!v.is_number_integer()) throw Error(where + ": \"ids\" must be an array of integers");
        ids.push_back(static_cast<tok::TokenId>(v.get<std::int64_t>()));
    }
    return ids;
}

nlohmann::json encodeResult(const tok::Tokenizer& t, const std::vector<tok::TokenId>& ids, bool withTokens) {
    if (!withTokens) return ids;
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto id : ids) tokens.push_back(t.idToToken(id));
    return tokens;
}

int runJsonl(const ParsedArgs& args, const tok::Tokenizer& t) {
    const std::string path = args.value("jsonl");
    const bool decode = args.has("decode"), special = !args.has("no-special"), skip = args.has("skip-special");
    forEachJsonLine(path, [&](const nlohmann::json& row, const std::string& where) {
        if (!row.contains("id")) throw Error(where + ": each line needs an \"id\"");
        nlohmann::ordered_json out = {{"id", row["id"]}};
        if (decode) {
            if (!row.contains("ids")) throw Error(where + ": missing \"ids\"");
            out["text"] = t.decode(idsFromJson(row["ids"], where), skip);
        } else {
            if (!row.contains("text") || !row["text"].is_string()) throw Error(where + ": missing string \"text\"");
            const auto ids = t.encode(row["text"].get<std::string>(), special);
            out["ids"] = ids;
            if (args.has("tokens")) out["tokens"] = encodeResult(t, ids, true);
        }
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    });
    return kExitOk;
}

}  // namespace

Command tokenizeCommand() {
    CommandSpec spec{
        .name = "tokenize",
        .summary = "Turn text into token ids (or ids into text) with a model's tokenizer.",
        .usage =
            "cci tokenize --tokenizer PATH [--no-special] [--tokens] [--jsonl IN.jsonl] [--decode [--skip-special]]",
        .details =
            "PATH is a model folder (tokenizer.json, else tokenizer.model, with tokenizer_config.json) or a\n"
            "tokenizer file. Without --jsonl the text is read from stdin and the ids are printed as a JSON\n"
            "array. With --jsonl each line {\"id\", \"text\"} becomes {\"id\", \"ids\"}; with --decode, each\n"
            "{\"id\", \"ids\"} becomes {\"id\", \"text\"} (and stdin holds a JSON array of ids).",
        .options = {{"tokenizer", "PATH", "model folder or tokenizer file (required)"},
                    {"no-special", "", "do not add special tokens (bos, eos) around the text"},
                    {"tokens", "", "print the token strings as well"},
                    {"jsonl", "IN.jsonl", "read lines {\"id\", \"text\"} (or {\"id\", \"ids\"} with --decode)"},
                    {"decode", "", "turn ids into text"},
                    {"skip-special", "", "with --decode: leave special tokens out"}},
        .minPositionals = 0,
        .maxPositionals = 0,
    };
    return {
        spec, [](const ParsedArgs& args) -> int {
            if (!args.has("tokenizer")) throw UsageError("missing --tokenizer PATH");
            const auto loaded = tok::loadTokenizer(args.value("tokenizer"));
            const auto& t = *loaded.tokenizer;
            if (args.has("jsonl")) return runJsonl(args, t);
            const std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
            if (args.has("decode")) {
                nlohmann::json ids;
                try {
                    ids = nlohmann::json::parse(input);
                } catch (const nlohmann::json::exception&) {
                    throw Error("stdin: expected a JSON array of token ids");
                }
                std::cout << t.decode(idsFromJson(ids, "stdin"), args.has("skip-special")) << '\n';
                return kExitOk;
            }
            const auto ids = t.encode(input, !args.has("no-special"));
            std::cout << nlohmann::json(ids).dump() << '\n';
            if (args.has("tokens"))
                std::cout << encodeResult(t, ids, true).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                          << '\n';
            return kExitOk;
        }};
}

}  // namespace cci::cli
