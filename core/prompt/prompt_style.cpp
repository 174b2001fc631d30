// Prompt style files: parsing, validation and the category wording tables.
#include "prompt/prompt_style.h"

#include "corpus/corpus.h"
#include "util/atomic_write.h"
#include "util/json_stream.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>

#ifndef CCI_PROMPT_DIR
#define CCI_PROMPT_DIR ""
#endif

namespace cci::prompt {
namespace {

using nlohmann::json;

struct Wordings {
    std::string_view category, term, definition;
};
constexpr Wordings kWordings[] = {
    {"원인", "원인(cause)", "대화의 사건을 유발하는 사건"},
    {"후행사건", "후행 사건(subsequent event)", "대화 이후에 일어날 수 있는 사건"},
    {"전제", "전제 조건(prerequisite)", "대화의 사건을 가능하게 하는 상태 혹은 사건"},
    {"동기", "내적 동기(motivation)", "대화를 일으키는 '화자'의 감정이나 기본 욕구"},
    {"반응", "감정 반응(emotional reaction)", "대화 사건에 대해 '청자'가 보일 수 있는 감정 반응"},
};

}  // namespace

bool PromptStyle::answersTo(const std::string& n) const {
    return n == name || std::find(aliases.begin(), aliases.end(), n) != aliases.end();
}

std::string categoryWording(const std::string& category, Wording wording) {
    for (const Wordings& w : kWordings)
        if (w.category == category)
            return std::string(wording == Wording::Raw ? w.category : wording == Wording::Term ? w.term : w.definition);
    return category;  // unknown categories are shown as they are
}

PromptStyle parsePromptStyle(const std::string& text, const std::string& fileName) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        const auto [line, col] = lineAndColumn(text, e.byte > 0 ? e.byte - 1 : 0);
        std::string what = e.what();
        if (const auto pos = what.find(": "); pos != std::string::npos) what = what.substr(pos + 2);
        throw Error(std::vector<Problem>{
            Problem{.file = fileName, .line = line, .column = col, .message = "malformed JSON: " + what}});
    } catch (const json::exception& e) {  // e.g. a number too large to represent
        throw Error(fileName + ": unreadable JSON: " + e.what());
    }
    std::vector<Problem> problems;
    auto report = [&](const std::string& field, const std::string& what) {
        problems.push_back(Problem{.file = fileName, .path = field, .message = what});
    };
    PromptStyle s;
    s.sourcePath = fileName;
    if (!doc.is_object()) throw Error(fileName + ": a prompt style must be a JSON object");
    auto str = [&](const char* key, std::string& out, bool required) {
        if (!doc.contains(key)) {
            if (required) report(key, "missing field (expected a string)");
            return;
        }
        if (!doc[key].is_string())
            report(key, "expected a string");
        else
            out = doc[key].get<std::string>();
    };
    str("name", s.name, true);
    str("description", s.description, false);
    str("system", s.system, true);
    str("category_format", s.categoryFormat, false);
    str("conversation_line", s.conversationLine, false);
    str("reference_line", s.referenceLine, false);
    str("option_line", s.optionLine, false);
    str("line_separator", s.lineSeparator, false);
    str("block_separator", s.blockSeparator, false);
    if (doc.contains("aliases")) {
        if (!doc["aliases"].is_array())
            report("aliases", "expected a list of strings");
        else
            for (const auto& a : doc["aliases"])
                if (a.is_string())
                    s.aliases.push_back(a.get<std::string>());
                else
                    report("aliases", "expected a list of strings");
    }
    std::string wording = "raw", particles = "correct";
    str("category_wording", wording, false);
    str("particles", particles, false);
    if (wording == "raw")
        s.wording = Wording::Raw;
    else if (wording == "term")
        s.wording = Wording::Term;
    else if (wording == "definition")
        s.wording = Wording::Definition;
    else
        report("category_wording", "\"" + wording + "\" is not raw, term or definition");
    if (particles == "correct")
        s.particles = text::ParticleMode::Correct;
    else if (particles == "legacy")
        s.particles = text::ParticleMode::Legacy;
    else
        report("particles", "\"" + particles + "\" is not correct or legacy");
    if (s.categoryFormat.find("{wording}") == std::string::npos) report("category_format", "must contain {wording}");
    if (doc.contains("min_utterance_chars")) {
        if (!doc["min_utterance_chars"].is_number_integer() || doc["min_utterance_chars"].get<long>() < 0 ||
            doc["min_utterance_chars"].get<long>() > 1000)
            report("min_utterance_chars", "expected an integer from 0 to 1000");
        else
            s.minUtteranceChars = doc["min_utterance_chars"].get<int>();
    }
    if (!doc.contains("blocks") || !doc["blocks"].is_array() || doc["blocks"].empty()) {
        report("blocks", "missing or empty (expected a list of blocks)");
    } else {
        for (std::size_t i = 0; i < doc["blocks"].size(); ++i) {
            const json& b = doc["blocks"][i];
            const std::string where = "blocks[" + std::to_string(i) + "]";
            if (!b.is_object() || !b.contains("type") || !b["type"].is_string()) {
                report(where, "expected an object with a \"type\"");
                continue;
            }
            PromptBlock block;
            const std::string type = b["type"].get<std::string>();
            if (type == "text")
                block.type = PromptBlock::Type::Text;
            else if (type == "conversation")
                block.type = PromptBlock::Type::Conversation;
            else if (type == "references")
                block.type = PromptBlock::Type::References;
            else if (type == "options")
                block.type = PromptBlock::Type::Options;
            else {
                report(where + ".type", "\"" + type + "\" is not text, conversation, references or options");
                continue;
            }
            if (b.contains("header")) {
                if (b["header"].is_string())
                    block.header = b["header"].get<std::string>();
                else
                    report(where + ".header", "expected a string");
            }
            if (block.type == PromptBlock::Type::Text) {
                if (!b.contains("text") || !b["text"].is_string()) {
                    report(where + ".text", "a text block needs a \"text\" template");
                    continue;
                }
                block.text = b["text"].get<std::string>();
                // Every placeholder must be {category} or a known particle pair such as {으로/로}.
                for (std::size_t p = block.text.find('{'); p != std::string::npos; p = block.text.find('{', p + 1)) {
                    const std::size_t close = block.text.find('}', p);
                    if (close == std::string::npos) {
                        report(where + ".text", "unclosed '{'");
                        break;
                    }
                    const std::string name = block.text.substr(p + 1, close - p - 1);
                    if (name != "category" && !text::particlePair(name))
                        report(where + ".text", "unknown placeholder {" + name +
                                                    "} (expected {category} or a particle pair such as {으로/로})");
                }
            }
            s.blocks.push_back(std::move(block));
        }
    }
    if (!problems.empty()) throw Error(std::move(problems));
    return s;
}

PromptStyle loadPromptStyle(const std::string& path) { return parsePromptStyle(readFile(path), path); }

std::string renamedStyleJson(const std::string& text, const std::string& fileStem,
                             const std::vector<std::string>& takenNames, const std::string& path) {
    const PromptStyle style = parsePromptStyle(text, path);  // throws naming the file, line and field
    const auto taken = [&](const std::string& name) {
        return std::find(takenNames.begin(), takenNames.end(), name) != takenNames.end();
    };
    bool clash = taken(style.name);
    for (const std::string& alias : style.aliases) clash = clash || taken(alias);
    if (!clash) return text;
    if (taken(fileStem))
        throw Error(path + ": a style named \"" + fileStem + "\" exists already; choose another file name");
    auto doc = nlohmann::ordered_json::parse(text);
    doc["name"] = fileStem;
    doc.erase("aliases");  // the original's aliases belong to the original
    return doc.dump(2) + "\n";
}

std::vector<PromptStyle> loadPromptStyles(const std::string& folder) {
    std::vector<PromptStyle> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(folder, ec))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            out.push_back(loadPromptStyle(entry.path().string()));
    if (ec) throw Error(folder + ": cannot list prompt styles: " + ec.message());
    std::sort(out.begin(), out.end(), [](const PromptStyle& a, const PromptStyle& b) { return a.name < b.name; });
    return out;
}

std::string bundledPromptDir() {
    namespace fs = std::filesystem;
    std::error_code ec;
    // Installed layout first (bin/../share/cci-workbench/prompts), then the source tree of this build.
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "cci-workbench" / "prompts";
        if (fs::is_directory(installed, ec)) return installed.string();
    }
    return CCI_PROMPT_DIR;
}

PromptStyle findPromptStyle(const std::string& nameOrFile) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(nameOrFile, ec)) return loadPromptStyle(nameOrFile);
    std::string names;
    for (PromptStyle& s : loadPromptStyles(bundledPromptDir())) {
        if (s.answersTo(nameOrFile)) return s;
        names += (names.empty() ? "" : ", ") + s.name;
    }
    throw Error("unknown prompt style \"" + nameOrFile + "\"; bundled styles: " + names + " (or give a style file)");
}

}  // namespace cci::prompt
