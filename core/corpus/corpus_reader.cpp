// Streaming reader for corpus JSON: the JsonStream parser hands over one top-level item at a time (so a
// 100,000-item file never exists as one DOM); each item is converted to a Sample and checked, every problem kept.
#include "corpus/corpus_reader.h"

#include "util/json_stream.h"
#include "util/mapped_file.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <unordered_map>

namespace cci {
namespace {

using Kind = JsonNode::Kind;

// Collects the problems of one item and remembers where they are.
class ItemChecker {
public:
    ItemChecker(const std::string& file, long index, std::vector<Problem>& problems, std::vector<Problem>& warnings)
        : m_file(file), m_index(index), m_problems(problems), m_warnings(warnings) {}

    void setId(std::string_view id) { m_id = id; }

    void report(const std::string& path, const std::string& message) {
        m_problems.push_back(
            Problem{.file = m_file, .itemIndex = m_index, .itemId = m_id, .path = path, .message = message});
    }

    // Something the published code accepts: the item is used as it uses it, and the user is told.
    void warn(const std::string& path, const std::string& message) {
        m_warnings.push_back(Problem{
            .file = m_file, .itemIndex = m_index, .itemId = m_id, .path = path, .message = message, .warning = true});
    }

    std::string at(std::string_view suffix) const { return "[" + std::to_string(m_index) + "]" + std::string(suffix); }

    // Returns the member `key` of `obj` when it exists and has the expected kind, reporting otherwise.
    JsonNode member(const JsonNode& obj, const char* key, const std::string& objPath, Kind kind, const char* kindName) {
        const JsonNode v = obj.find(key);
        if (!v.valid()) {
            report(objPath + "." + key, "missing field (expected " + std::string(kindName) + ")");
            return {};
        }
        if (v.kind() != kind) {
            report(objPath + "." + key, "expected " + std::string(kindName) + ", found " + v.describe());
            return {};
        }
        return v;
    }

private:
    const std::string& m_file;
    long m_index;
    std::string m_id;
    std::vector<Problem>& m_problems;
    std::vector<Problem>& m_warnings;
};

// `convPath` + `[k]` names the utterance; the path string is only built when there is something to report.
void readUtterance(const JsonNode& u, const std::string& convPath, std::size_t k, ItemChecker& check, Sample& sample) {
    if (u.isObject() && u.size() == 3) {
        // Fast path for the well-formed case: exactly the three expected members with the expected kinds.
        const JsonNode sp = u.find("speaker"), t = u.find("utterance"), id = u.find("utterance_id");
        if (sp.valid() && sp.isInteger() && sp.integer() >= -1000000 && sp.integer() <= 1000000 && t.valid() &&
            t.isString() && id.valid() && id.isString()) {
            Utterance& out = sample.conversation.emplace_back();
            out.speaker = int(sp.integer());
            out.text = t.string();
            out.ids.emplace_back(id.string());
            return;
        }
    }
    const std::string path = convPath + "[" + std::to_string(k) + "]";
    if (!u.isObject()) {
        check.report(path, "expected an utterance object, found " + u.describe());
        return;
    }
    Utterance out;
    if (const JsonNode sp = u.find("speaker"); !sp.valid()) {
        check.report(path + ".speaker", "missing field (expected an integer)");
    } else if (!sp.isInteger()) {
        check.report(path + ".speaker", "speaker must be an integer, found " + sp.describe());
    } else if (sp.integer() < -1000000 || sp.integer() > 1000000) {
        check.report(path + ".speaker", "speaker number " + std::string(sp.source()) + " is out of range");
    } else {
        out.speaker = int(sp.integer());
    }
    if (const JsonNode t = u.find("utterance"); t.valid() && (t.kind() == Kind::Integer || t.kind() == Kind::Float ||
                                                              t.kind() == Kind::Bool || t.kind() == Kind::Null)) {
        // The published code turns every utterance into text with str(): so does the workbench, and the writer
        // keeps the value as it was.
        out.literal = std::string(t.source());
        out.text = pythonStrOfJsonLiteral(out.literal);
        check.warn(path + ".utterance", "expected a string, found " + t.describe() + "; read as the text \"" +
                                            out.text + "\" (str(), as the published code does)");
    } else if (const JsonNode text = check.member(u, "utterance", path, Kind::String, "a string"); text.valid()) {
        out.text = text.string();
    }
    if (const JsonNode id = u.find("utterance_id"); !id.valid()) {
        check.report(path + ".utterance_id", "missing field (expected a string or a list of strings)");
    } else if (id.isString()) {
        out.ids.emplace_back(id.string());
    } else if (id.isArray() && id.size() > 0) {
        out.idIsList = true;
        for (std::size_t j = 0; j < id.size(); ++j) {
            const JsonNode one = id.at(j);
            if (one.isString())
                out.ids.emplace_back(one.string());
            else
                check.report(path + ".utterance_id[" + std::to_string(j) + "]",
                             "expected a string, found " + one.describe());
        }
    } else {
        check.report(path + ".utterance_id",
                     "expected a string or a non-empty list of strings, found " + id.describe());
    }
    sample.conversation.push_back(std::move(out));
}

bool hasDuplicateKeys(const JsonNode& node) {
    if (node.isArray()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            if (hasDuplicateKeys(node.at(i))) return true;
        return false;
    }
    if (!node.isObject()) return false;
    for (std::size_t i = 0; i < node.size(); ++i) {
        for (std::size_t j = i + 1; j < node.size(); ++j)
            if (node.keyAt(i) == node.keyAt(j)) return true;
        if (hasDuplicateKeys(node.at(i))) return true;
    }
    return false;
}

// Duplicate keys anywhere in the item: Python's json module keeps the last value, and so does the reader.
void warnDuplicateKeys(const JsonNode& node, const std::string& path, ItemChecker& check) {
    if (node.isArray()) {
        for (std::size_t i = 0; i < node.size(); ++i)
            warnDuplicateKeys(node.at(i), path + "[" + std::to_string(i) + "]", check);
        return;
    }
    if (!node.isObject()) return;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string_view key = node.keyAt(i);
        bool laterCopy = false;
        for (std::size_t j = i + 1; j < node.size() && !laterCopy; ++j) laterCopy = node.keyAt(j) == key;
        if (laterCopy) {
            check.warn(path + "." + std::string(key),
                       "duplicate key; the last value is used, as Python's json module does");
            continue;
        }
        warnDuplicateKeys(node.at(i), path + "." + std::string(key), check);
    }
}

Sample readSample(const JsonNode& item, ItemChecker& check) {
    Sample s;
    const std::string root = check.at("");
    if (!item.isObject()) {
        check.report(root, "expected an item object, found " + item.describe());
        return s;
    }
    if (const JsonNode id = check.member(item, "id", root, Kind::String, "a string"); id.valid()) {
        s.id = id.string();
        check.setId(s.id);
        if (s.id.empty()) check.report(root + ".id", "empty item id");
    }
    const std::string inPath = root + ".input";
    if (const JsonNode input = check.member(item, "input", root, Kind::Object, "an object"); input.valid()) {
        if (const JsonNode conv = check.member(input, "conversation", inPath, Kind::Array, "an array"); conv.valid()) {
            if (conv.size() == 0) check.report(inPath + ".conversation", "empty conversation");
            s.conversation.reserve(conv.size());
            const std::string convPath = inPath + ".conversation";
            for (std::size_t k = 0; k < conv.size(); ++k) readUtterance(conv.at(k), convPath, k, check, s);
        }
        if (const JsonNode refs = check.member(input, "reference_id", inPath, Kind::Array, "an array"); refs.valid()) {
            if (refs.size() == 0) check.report(inPath + ".reference_id", "no reference utterance id");
            // A linear scan beats hashing for conversations of at most a few dozen utterances.
            const auto known = [&](const std::string& ref) {
                for (const Utterance& u : s.conversation)
                    for (const std::string& id : u.ids)
                        if (id == ref) return true;
                return false;
            };
            for (std::size_t k = 0; k < refs.size(); ++k) {
                const auto path = [&] { return inPath + ".reference_id[" + std::to_string(k) + "]"; };
                const JsonNode r = refs.at(k);
                if (!r.isString()) {
                    check.report(path(), "expected a string, found " + r.describe());
                    continue;
                }
                s.referenceIds.emplace_back(r.string());
                if (!known(s.referenceIds.back()))
                    check.warn(path(), "\"" + s.referenceIds.back() +
                                           "\" is not an utterance id of this item's conversation; left out of the "
                                           "reference utterances, as the published prompt code does");
            }
        }
        if (const JsonNode cat = check.member(input, "category", inPath, Kind::String, "a string"); cat.valid()) {
            s.category = cat.string();
            if (categoryIndex(s.category) < 0)
                check.report(inPath + ".category",
                             "unknown category \"" + s.category + "\" (expected 원인, 후행사건, 전제, 동기 or 반응)");
        }
        for (std::size_t k = 0; k < 3; ++k) {
            const char* key = kOutputKeys[k].data();
            if (const JsonNode inf = check.member(input, key, inPath, Kind::String, "a string"); inf.valid()) {
                s.inferences[k] = inf.string();
                if (s.inferences[k].find_first_not_of(" \t\r\n") == std::string::npos)
                    check.report(inPath + "." + key, "empty inference text");
            }
        }
    }
    if (const JsonNode out = check.member(item, "output", root, Kind::String, "a string"); out.valid()) {
        s.output = out.string();
        if (!s.output.empty() && s.goldIndex() < 0)
            check.report(root + ".output", "\"" + s.output +
                                               "\" is not an allowed answer (expected inference_1, inference_2, "
                                               "inference_3 or \"\" when unlabeled)");
    }
    if (hasDuplicateKeys(item)) warnDuplicateKeys(item, root, check);
    return s;
}

// What one parsing thread collected; item indices and paths are local to the part until merged.
struct PartResult {
    std::vector<Sample> samples;
    std::vector<Problem> problems, warnings;
    std::size_t released = 0;  // bytes of the mapping released so far (from the part's first item)
    bool started = false;
};

constexpr std::size_t kReleaseChunk = std::size_t(64) << 20;

// `mapping`, when given, lets each part drop the pages it has passed (they are re-read if touched again).
CorpusReadResult readCorpusImpl(std::string_view text, const std::string& fileName, const MappedFile* mapping) {
    CorpusReadResult result;
    result.corpus.sourcePath = fileName;
    result.corpus.split = guessSplit(fileName);
    auto& problems = result.problems;
    PartResult parts[2];
    bool twoParts = false;
    try {
        twoParts = forEachArrayElementInTwoParts(text, [&](int part, const JsonNode& item) {
            PartResult& r = parts[part];
            ItemChecker check(fileName, long(r.samples.size()), r.problems, r.warnings);
            r.samples.push_back(readSample(item, check));
            if (!r.started) {
                r.started = true;
                r.released = item.offset();
            }
            if (mapping && item.offset() >= r.released + kReleaseChunk) {
                mapping->release(r.released, item.offset());
                r.released = item.offset();
            }
        });
    } catch (const JsonSyntaxError& e) {
        auto [line, col] = lineAndColumn(text, e.offset);
        const std::string what = e.what();
        const bool structural = what.rfind("empty file", 0) == 0 || what.rfind("the top level", 0) == 0;
        problems = std::move(parts[0].problems);
        result.corpus.warnings = std::move(parts[0].warnings);
        problems.push_back(Problem{
            .file = fileName, .line = line, .column = col, .message = structural ? what : "malformed JSON: " + what});
        result.corpus.samples = std::move(parts[0].samples);
        return result;
    }
    result.corpus.samples = std::move(parts[0].samples);
    problems = std::move(parts[0].problems);
    auto& warnings = result.corpus.warnings;
    warnings = std::move(parts[0].warnings);
    if (twoParts) {
        // Renumber part 1: item indices and the "[k]" that starts each path.
        const long base = long(result.corpus.samples.size());
        auto renumbered = [base](Problem p) {
            const std::string local = "[" + std::to_string(p.itemIndex) + "]";
            if (p.path.rfind(local, 0) == 0)
                p.path = "[" + std::to_string(p.itemIndex + base) + "]" + p.path.substr(local.size());
            p.itemIndex += base;
            return p;
        };
        for (Problem& p : parts[1].problems) problems.push_back(renumbered(std::move(p)));
        for (Problem& p : parts[1].warnings) warnings.push_back(renumbered(std::move(p)));
        result.corpus.samples.reserve(result.corpus.samples.size() + parts[1].samples.size());
        std::move(parts[1].samples.begin(), parts[1].samples.end(), std::back_inserter(result.corpus.samples));
    }

    std::unordered_map<std::string_view, long> firstIndex;
    for (std::size_t i = 0; i < result.corpus.samples.size(); ++i) {
        const std::string& id = result.corpus.samples[i].id;
        if (id.empty()) continue;
        auto [it, inserted] = firstIndex.emplace(id, long(i));
        if (!inserted)
            problems.push_back(
                Problem{.file = fileName,
                        .itemIndex = long(i),
                        .itemId = id,
                        .path = "[" + std::to_string(i) + "].id",
                        .message = "duplicate item id (first used by item " + std::to_string(it->second) + ")"});
    }
    std::stable_sort(problems.begin(), problems.end(),
                     [](const Problem& a, const Problem& b) { return a.itemIndex < b.itemIndex; });
    return result;
}

}  // namespace

CorpusReadResult readCorpus(std::string_view text, const std::string& fileName) {
    return readCorpusImpl(text, fileName, /*mapping=*/nullptr);
}

CorpusReadResult readCorpusFile(const std::string& path) {
    try {
        const MappedFile file(path);
        return readCorpusImpl(file.view(), path, &file);
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
    reportWarnings(r.corpus.warnings);
    return std::move(r.corpus);
}

}  // namespace cci
