// Annotation sidecars: model, JSON format and atomic persistence.
#include "annotate/annotations.h"

#include "corpus/corpus.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

namespace cci::annotate {

const Annotation* AnnotationSet::find(const std::string& itemId, const std::string& annotator) const {
    const auto it = m_items.find(itemId);
    if (it == m_items.end()) return nullptr;
    const auto a = it->second.find(annotator);
    return a == it->second.end() ? nullptr : &a->second;
}

void AnnotationSet::set(const std::string& itemId, const std::string& annotator, const Annotation& a) {
    if (a.empty()) {
        const auto it = m_items.find(itemId);
        if (it == m_items.end()) return;
        it->second.erase(annotator);
        if (it->second.empty()) m_items.erase(it);
        return;
    }
    m_items[itemId][annotator] = a;
}

std::vector<std::string> AnnotationSet::annotators() const {
    std::vector<std::string> out;
    for (const auto& [id, byAnnotator] : m_items)
        for (const auto& [name, a] : byAnnotator) out.push_back(name);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void AnnotationSet::merge(const AnnotationSet& other) {
    for (const auto& [id, byAnnotator] : other.items())
        for (const auto& [name, a] : byAnnotator) {
            const Annotation* mine = find(id, name);
            if (!mine || a.updated > mine->updated) set(id, name, a);
        }
}

std::string sidecarPathFor(const std::string& corpusPath) {
    const std::filesystem::path p(corpusPath);
    return (p.parent_path() / (p.stem().string() + ".annotations.json")).string();
}

std::string choiceName(int choice) {
    if (choice >= 0 && choice < 3) return std::string(kOutputKeys[std::size_t(choice)]);
    return choice == kUnsure ? "unsure" : "";
}

int choiceFromName(const std::string& name) {
    for (int k = 0; k < 3; ++k)
        if (name == kOutputKeys[std::size_t(k)]) return k;
    if (name == "unsure") return kUnsure;
    if (name.empty()) return -1;
    return -2;
}

std::string nowIso8601() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

std::string annotationsToJson(const AnnotationSet& set) {
    nlohmann::ordered_json items = nlohmann::ordered_json::object();
    for (const auto& [id, byAnnotator] : set.items()) {
        nlohmann::ordered_json entry = nlohmann::ordered_json::object();
        for (const auto& [name, a] : byAnnotator)
            entry[name] = {{"choice", choiceName(a.choice)},
                           {"tags", a.tags},
                           {"rationale", a.rationale},
                           {"created", a.created},
                           {"updated", a.updated}};
        items[id] = entry;
    }
    const nlohmann::ordered_json doc = {
        {"format", "cci-annotations"}, {"version", 1}, {"corpus", set.corpusName}, {"items", items}};
    return doc.dump(4) + "\n";
}

void saveAnnotations(const AnnotationSet& set, const std::string& path) {
    writeFileAtomic(path, annotationsToJson(set));
}

AnnotationSet loadAnnotations(const std::string& path) { return parseAnnotations(readFile(path), path); }

AnnotationSet parseAnnotations(const std::string& text, const std::string& path) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(path + ": malformed JSON: " + e.what());
    } catch (const nlohmann::json::exception& e) {  // e.g. a number too large to represent
        throw Error(path + ": unreadable JSON: " + e.what());
    }
    std::vector<Problem> problems;
    auto report = [&](const std::string& where, const std::string& what) {
        problems.push_back(Problem{.file = path, .path = where, .message = what});
    };
    AnnotationSet set;
    const bool isSidecar = doc.is_object() && doc.contains("format") && doc["format"].is_string() &&
                           doc["format"].get<std::string>() == "cci-annotations";
    if (!isSidecar)
        throw Error(path + ": not an annotation sidecar (expected an object with \"format\": \"cci-annotations\")");
    if (!doc.contains("version") || !doc["version"].is_number_integer() || doc["version"].get<long>() != 1)
        report("version", "unsupported or missing version (expected 1)");
    if (doc.contains("corpus") && doc["corpus"].is_string()) set.corpusName = doc["corpus"].get<std::string>();
    if (!doc.contains("items") || !doc["items"].is_object()) {
        report("items", "missing or not an object");
        throw Error(std::move(problems));
    }
    for (const auto& [id, byAnnotator] : doc["items"].items()) {
        const std::string base = "items[\"" + id + "\"]";
        if (!byAnnotator.is_object()) {
            report(base, "expected an object keyed by annotator");
            continue;
        }
        for (const auto& member : byAnnotator.items()) {
            // Plain references (not structured bindings), so the lambda below can capture them on every compiler.
            const std::string& name = member.key();
            const nlohmann::json& entry = member.value();
            const std::string where = base + "[\"" + name + "\"]";
            if (!entry.is_object()) {
                report(where, "expected an object");
                continue;
            }
            Annotation a;
            const auto str = [&](const char* key) -> std::string {
                if (!entry.contains(key)) return {};
                if (!entry[key].is_string()) {
                    report(where + "." + key, "expected a string");
                    return {};
                }
                return entry[key].get<std::string>();
            };
            a.choice = choiceFromName(str("choice"));
            if (a.choice == -2) {
                report(where + ".choice", "\"" + entry["choice"].get<std::string>() +
                                              "\" is not inference_1, inference_2, inference_3, unsure or \"\"");
                a.choice = -1;
            }
            if (entry.contains("tags")) {
                if (!entry["tags"].is_array())
                    report(where + ".tags", "expected a list of strings");
                else
                    for (const auto& t : entry["tags"]) {
                        if (t.is_string())
                            a.tags.push_back(t.get<std::string>());
                        else
                            report(where + ".tags", "expected a list of strings");
                    }
            }
            a.rationale = str("rationale");
            a.created = str("created");
            a.updated = str("updated");
            set.set(id, name, a);
        }
    }
    if (!problems.empty()) throw Error(std::move(problems));
    return set;
}

}  // namespace cci::annotate
