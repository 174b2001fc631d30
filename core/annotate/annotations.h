// Annotations of corpus items by one or more annotators, kept in a sidecar file beside the corpus (the corpus is
// never modified): per item and annotator the chosen option (or "unsure"), tags, a rationale and timestamps.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cci::annotate {

inline constexpr int kUnsure = 3;  // choice value for "unsure"; 0..2 are inference_1..3; -1 = no choice yet

struct Annotation {
    int choice = -1;
    std::vector<std::string> tags;  // e.g. ambiguous, gold-wrong, needs-context, refinement-harm
    std::string rationale;
    std::string created;  // ISO 8601 UTC, set on first change
    std::string updated;  // ISO 8601 UTC, set on every change
    bool empty() const { return choice < 0 && tags.empty() && rationale.empty(); }
    bool operator==(const Annotation&) const = default;
};

// Suggested tags (users may add others).
inline const std::vector<std::string> kDefaultTags = {"ambiguous", "gold-wrong", "needs-context", "refinement-harm"};

class AnnotationSet {
public:
    const Annotation* find(const std::string& itemId, const std::string& annotator) const;
    // Stores `a` (an empty annotation removes the entry).
    void set(const std::string& itemId, const std::string& annotator, const Annotation& a);
    std::vector<std::string> annotators() const;  // sorted
    // itemId -> annotator -> annotation (sorted, so files are stable).
    const std::map<std::string, std::map<std::string, Annotation>>& items() const { return m_items; }
    // Adds another set's entries; for the same item and annotator the more recently updated one wins.
    void merge(const AnnotationSet& other);
    std::string corpusName;  // file name of the corpus this sidecar belongs to

private:
    std::map<std::string, std::map<std::string, Annotation>> m_items;
};

// "<dir>/<stem>.annotations.json" for "<dir>/<stem>.json".
std::string sidecarPathFor(const std::string& corpusPath);
// Throws cci::Error naming the file, item, annotator and field on malformed content.
AnnotationSet loadAnnotations(const std::string& path);
// Same from text; `fileName` labels errors.
AnnotationSet parseAnnotations(const std::string& text, const std::string& fileName);
// Atomic write (temp file + rename).
void saveAnnotations(const AnnotationSet& set, const std::string& path);
std::string annotationsToJson(const AnnotationSet& set);

std::string choiceName(int choice);           // "inference_2", "unsure" or ""
int choiceFromName(const std::string& name);  // -2 when not a valid name
std::string nowIso8601();

}  // namespace cci::annotate
