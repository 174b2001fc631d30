// Streaming reader for corpus JSON: nlohmann's callback parser builds one item at a time (so a 100,000-item file
// never exists as one DOM), each item is converted and checked, then discarded from the DOM.
#include "corpus/corpus_reader.h"

#include "util/mapped_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace cci {
namespace {

using nlohmann::json;

// Collects the problems of one item and remembers where they are.
class ItemChecker {
public:
    ItemChecker(const std::string& file, long index, std::vector<Problem>& problems)
        : m_file(file), m_index(index), m_problems(problems) {}

    void setId(const std::string& id) { m_id = id; }

    void report(const std::string& path, const std::string& message) {
        m_problems.push_back(Problem{.file = m_file, .itemIndex = m_index, .itemId = m_id,
                                     .path = path, .message = message});
    }

    std::string at(std::string_view suffix) const { return "[" + std::to_string(m_index) + "]" + std::string(suffix); }

    // Returns the member `key` of `obj` when it exists and has the expected kind, reporting otherwise.
    const json* member(const json& obj, const char* key, const std::string& objPath, json::value_t kind,
                       const char* kindName) {
        const auto it = obj.find(key);
        const std::string path = objPath + "." + key;
        if (it == obj.end()) {
            report(path, "missing field (expected " + std::string(kindName) + ")");
            return nullptr;
        }
        if (!hasKind(*it, kind)) {
            report(path, "expected " + std::string(kindName) + ", found " + describe(*it));
            return nullptr;
        }
        return &*it;
    }

    static bool hasKind(const json& v, json::value_t kind) {
        if (kind == json::value_t::number_integer) return v.is_number_integer();  // signed or unsigned
        return v.type() == kind;
    }

    static std::string describe(const json& v) {
        switch (v.type()) {
            case json::value_t::null: return "null";
            case json::value_t::boolean: return "a boolean";
            case json::value_t::number_float: return "a non-integer number " + v.dump();
            case json::value_t::number_integer:
            case json::value_t::number_unsigned: return "a number";
            case json::value_t::string: return "a string";
            case json::value_t::array: return "an array";
            case json::value_t::object: return "an object";
            default: return "an unexpected value";
        }
    }

private:
    const std::string& m_file;
    long m_index;
    std::string m_id;
    std::vector<Problem>& m_problems;
};

void readUtterance(const json& u, const std::string& path, ItemChecker& check, Sample& sample) {
    if (!u.is_object()) {
        check.report(path, "expected an utterance object, found " + ItemChecker::describe(u));
        return;
    }
    Utterance out;
    if (const auto it = u.find("speaker"); it == u.end()) {
        check.report(path + ".speaker", "missing field (expected an integer)");
    } else if (!it->is_number_integer()) {
        check.report(path + ".speaker", "speaker must be an integer, found " + ItemChecker::describe(*it));
    } else if (const long long v = it->is_number_unsigned() && it->get<unsigned long long>() > 1000000
                                       ? 1000001 : it->get<long long>();
               v < -1000000 || v > 1000000) {
        check.report(path + ".speaker", "speaker number " + it->dump() + " is out of range");
    } else {
        out.speaker = int(v);
    }
    if (const json* t = check.member(u, "utterance", path, json::value_t::string, "a string"))
        out.text = t->get<std::string>();
    if (const auto it = u.find("utterance_id"); it == u.end()) {
        check.report(path + ".utterance_id", "missing field (expected a string or a list of strings)");
    } else if (it->is_string()) {
        out.ids.push_back(it->get<std::string>());
    } else if (it->is_array() && !it->empty()) {
        out.idIsList = true;
        for (std::size_t k = 0; k < it->size(); ++k) {
            const json& id = (*it)[k];
            if (id.is_string())
                out.ids.push_back(id.get<std::string>());
            else
                check.report(path + ".utterance_id[" + std::to_string(k) + "]",
                             "expected a string, found " + ItemChecker::describe(id));
        }
    } else {
        check.report(path + ".utterance_id",
                     "expected a string or a non-empty list of strings, found " + ItemChecker::describe(*it));
    }
    sample.conversation.push_back(std::move(out));
}

Sample readSample(const json& item, ItemChecker& check) {
    Sample s;
    const std::string root = check.at("");
    if (!item.is_object()) {
        check.report(root, "expected an item object, found " + ItemChecker::describe(item));
        return s;
    }
    if (const json* id = check.member(item, "id", root, json::value_t::string, "a string")) {
        s.id = id->get<std::string>();
        check.setId(s.id);
        if (s.id.empty()) check.report(root + ".id", "empty item id");
    }
    const std::string inPath = root + ".input";
    const json* input = check.member(item, "input", root, json::value_t::object, "an object");
    if (input) {
        if (const json* conv = check.member(*input, "conversation", inPath, json::value_t::array, "an array")) {
            if (conv->empty()) check.report(inPath + ".conversation", "empty conversation");
            for (std::size_t k = 0; k < conv->size(); ++k)
                readUtterance((*conv)[k], inPath + ".conversation[" + std::to_string(k) + "]", check, s);
        }
        if (const json* refs = check.member(*input, "reference_id", inPath, json::value_t::array, "an array")) {
            if (refs->empty()) check.report(inPath + ".reference_id", "no reference utterance id");
            std::unordered_set<std::string_view> known;
            for (const Utterance& u : s.conversation)
                for (const std::string& id : u.ids) known.insert(id);
            for (std::size_t k = 0; k < refs->size(); ++k) {
                const std::string path = inPath + ".reference_id[" + std::to_string(k) + "]";
                const json& r = (*refs)[k];
                if (!r.is_string()) {
                    check.report(path, "expected a string, found " + ItemChecker::describe(r));
                    continue;
                }
                s.referenceIds.push_back(r.get<std::string>());
                if (!known.count(s.referenceIds.back()))
                    check.report(path, "\"" + s.referenceIds.back() +
                                           "\" is not an utterance id of this item's conversation");
            }
        }
        if (const json* cat = check.member(*input, "category", inPath, json::value_t::string, "a string")) {
            s.category = cat->get<std::string>();
            if (categoryIndex(s.category) < 0)
                check.report(inPath + ".category",
                             "unknown category \"" + s.category + "\" (expected 원인, 후행사건, 전제, 동기 or 반응)");
        }
        for (std::size_t k = 0; k < 3; ++k) {
            const char* key = kOutputKeys[k].data();
            if (const json* inf = check.member(*input, key, inPath, json::value_t::string, "a string")) {
                s.inferences[k] = inf->get<std::string>();
                if (s.inferences[k].find_first_not_of(" \t\r\n") == std::string::npos)
                    check.report(inPath + "." + key, "empty inference text");
            }
        }
    }
    if (const json* out = check.member(item, "output", root, json::value_t::string, "a string")) {
        s.output = out->get<std::string>();
        if (!s.output.empty() && s.goldIndex() < 0)
            check.report(root + ".output", "\"" + s.output +
                                               "\" is not an allowed answer (expected inference_1, inference_2, "
                                               "inference_3 or \"\" when unlabeled)");
    }
    return s;
}

// 1-based line and column of a byte offset.
std::pair<long, long> lineColumn(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    long line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return {line, long(offset - lineStart) + 1};
}

}  // namespace

CorpusReadResult readCorpus(std::string_view text, const std::string& fileName) {
    CorpusReadResult result;
    result.corpus.sourcePath = fileName;
    result.corpus.split = guessSplit(fileName);
    auto& problems = result.problems;

    const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first == std::string_view::npos) {
        problems.push_back(Problem{.file = fileName, .message = "empty file (expected a JSON array of items)"});
        return result;
    }
    if (text[first] != '[') {
        auto [line, col] = lineColumn(text, first);
        problems.push_back(Problem{.file = fileName, .line = line, .column = col,
                                   .message = "the top level must be a JSON array of items"});
        return result;
    }
    // The callback parser sees each top-level element complete at depth 1; converting it there and returning
    // false drops it from the DOM, so memory stays bounded by one item.
    long index = 0;
    auto onEvent = [&](int depth, json::parse_event_t event, json& parsed) {
        if (depth != 1) return true;
        if (event != json::parse_event_t::object_end && event != json::parse_event_t::array_end &&
            event != json::parse_event_t::value)
            return true;
        ItemChecker check(fileName, index++, problems);
        result.corpus.samples.push_back(readSample(parsed, check));
        return false;
    };
    try {
        const std::size_t bom = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
        const json rest = json::parse(text.begin() + bom, text.end(), onEvent);
        (void)rest;  // every item was consumed by the callback
    } catch (const json::parse_error& e) {
        // e.byte is 1-based position of the offending byte (past the BOM we skipped).
        const std::size_t offset = e.byte > 0 ? e.byte - 1 : 0;
        const std::size_t bom = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
        auto [line, col] = lineColumn(text, offset + bom);
        std::string what = e.what();
        // nlohmann prefixes "[json.exception.parse_error.101] parse error at line L, column C: "; keep the reason.
        if (const auto pos = what.find(": "); pos != std::string::npos) what = what.substr(pos + 2);
        problems.push_back(Problem{.file = fileName, .line = line, .column = col,
                                   .message = "malformed JSON: " + what});
        return result;
    }

    std::unordered_map<std::string_view, long> firstIndex;
    for (std::size_t i = 0; i < result.corpus.samples.size(); ++i) {
        const std::string& id = result.corpus.samples[i].id;
        if (id.empty()) continue;
        auto [it, inserted] = firstIndex.emplace(id, long(i));
        if (!inserted)
            problems.push_back(Problem{.file = fileName, .itemIndex = long(i), .itemId = id,
                                       .path = "[" + std::to_string(i) + "].id",
                                       .message = "duplicate item id (first used by item " +
                                                  std::to_string(it->second) + ")"});
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const Problem& a, const Problem& b) { return a.itemIndex < b.itemIndex; });
    return result;
}

CorpusReadResult readCorpusFile(const std::string& path) {
    try {
        const MappedFile file(path);
        return readCorpus(file.view(), path);
    } catch (const Error& e) {
        CorpusReadResult result;
        result.corpus.sourcePath = path;
        result.problems.push_back(Problem{.file = path, .message = e.what()});
        // MappedFile's message already starts with the path.
        if (result.problems.back().message.rfind(path + ": ", 0) == 0)
            result.problems.back().message.erase(0, path.size() + 2);
        return result;
    }
}

Corpus loadCorpus(const std::string& path) {
    CorpusReadResult r = readCorpusFile(path);
    if (!r.ok()) throw Error(std::move(r.problems));
    return std::move(r.corpus);
}

}  // namespace cci
