// AnnotationBook: edits with undo and immediate atomic saving.
#include "annotate/annotation_book.h"

#include "util/problem.h"

#include <algorithm>
#include <filesystem>

namespace cci::annotate {

void AnnotationBook::open(const std::string& key, const std::string& sidecarPath, const std::string& corpusName) {
    Doc d;
    d.path = sidecarPath;
    std::error_code ec;
    if (std::filesystem::exists(sidecarPath, ec)) d.set = loadAnnotations(sidecarPath);
    d.set.corpusName = corpusName;
    m_docs[key] = std::move(d);
}

std::vector<std::string> AnnotationBook::openKeys() const {
    std::vector<std::string> keys;
    for (const auto& [key, doc] : m_docs) keys.push_back(key);
    return keys;
}

void AnnotationBook::close(const std::string& key) {
    m_docs.erase(key);
    std::erase_if(m_undo, [&](const Step& s) { return s.key == key; });
}

AnnotationBook::Doc& AnnotationBook::doc(const std::string& key) {
    const auto it = m_docs.find(key);
    if (it == m_docs.end()) throw Error("no annotation sidecar is open for " + key);
    return it->second;
}

const AnnotationSet& AnnotationBook::set(const std::string& key) const {
    const auto it = m_docs.find(key);
    if (it == m_docs.end()) throw Error("no annotation sidecar is open for " + key);
    return it->second.set;
}

std::string AnnotationBook::sidecarPath(const std::string& key) const {
    const auto it = m_docs.find(key);
    return it == m_docs.end() ? std::string() : it->second.path;
}

const Annotation* AnnotationBook::mine(const std::string& key, const std::string& itemId) const {
    const auto it = m_docs.find(key);
    return it == m_docs.end() ? nullptr : it->second.set.find(itemId, m_annotator);
}

void AnnotationBook::edit(const std::string& key, const std::string& itemId,
                          const std::function<void(Annotation&)>& change) {
    Doc& d = doc(key);
    const Annotation* current = d.set.find(itemId, m_annotator);
    const Annotation before = current ? *current : Annotation{};
    Annotation after = before;
    change(after);
    if (after == before) return;
    const std::string now = nowIso8601();
    if (after.created.empty()) after.created = now;
    after.updated = now;
    d.set.set(itemId, m_annotator, after);
    try {
        saveAnnotations(d.set, d.path);
    } catch (...) {
        d.set.set(itemId, m_annotator, before);  // keep memory and file in step
        throw;
    }
    m_undo.push_back({key, itemId, m_annotator, before});
}

void AnnotationBook::choose(const std::string& key, const std::string& itemId, int choice) {
    edit(key, itemId, [&](Annotation& a) { a.choice = choice; });
}

void AnnotationBook::toggleTag(const std::string& key, const std::string& itemId, const std::string& tag) {
    edit(key, itemId, [&](Annotation& a) {
        const auto it = std::find(a.tags.begin(), a.tags.end(), tag);
        if (it == a.tags.end())
            a.tags.push_back(tag);
        else
            a.tags.erase(it);
    });
}

void AnnotationBook::setRationale(const std::string& key, const std::string& itemId, const std::string& text) {
    edit(key, itemId, [&](Annotation& a) { a.rationale = text; });
}

void AnnotationBook::label(const std::string& key, const std::string& itemId, int choice,
                           const std::string& rationale) {
    edit(key, itemId, [&](Annotation& a) {
        a.choice = choice;
        a.rationale = rationale;
    });
}

std::optional<AnnotationBook::UndoneEdit> AnnotationBook::undo() {
    if (m_undo.empty()) return std::nullopt;
    const Step step = m_undo.back();
    Doc& d = doc(step.key);
    const Annotation* current = d.set.find(step.itemId, step.annotator);
    UndoneEdit undone{step.key, step.itemId, step.before, current ? *current : Annotation{}};
    d.set.set(step.itemId, step.annotator, step.before);
    try {
        saveAnnotations(d.set, d.path);
    } catch (...) {
        d.set.set(step.itemId, step.annotator, undone.undone);  // keep memory and file in step
        throw;
    }
    m_undo.pop_back();
    return undone;
}

void AnnotationBook::import(const std::string& key, const std::string& otherSidecar) {
    const AnnotationSet other = loadAnnotations(otherSidecar);
    Doc& d = doc(key);
    d.set.merge(other);
    saveAnnotations(d.set, d.path);
}

}  // namespace cci::annotate
