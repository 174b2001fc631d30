// AnnotationBook: the annotation sidecars of the open corpora, changed one step at a time with an undo stack;
// every change is saved at once, atomically, to the corpus's sidecar file.
#pragma once

#include "annotate/annotations.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace cci::annotate {

class AnnotationBook {
public:
    // Opens (or starts) the sidecar of a corpus. `key` identifies the corpus (its path); an existing sidecar at
    // `sidecarPath` is loaded (throws cci::Error when it is malformed; the book is unchanged then).
    void open(const std::string& key, const std::string& sidecarPath, const std::string& corpusName);
    void close(const std::string& key);
    bool isOpen(const std::string& key) const { return m_docs.count(key) > 0; }
    std::vector<std::string> openKeys() const;
    const AnnotationSet& set(const std::string& key) const;
    std::string sidecarPath(const std::string& key) const;

    // The annotator whose annotations the edits below change.
    void setAnnotator(std::string name) { m_annotator = std::move(name); }
    const std::string& annotator() const { return m_annotator; }
    const Annotation* mine(const std::string& key, const std::string& itemId) const;

    // Edits of the current annotator's annotation of one item; each is one undo step and is saved.
    void choose(const std::string& key, const std::string& itemId, int choice);
    void toggleTag(const std::string& key, const std::string& itemId, const std::string& tag);
    void setRationale(const std::string& key, const std::string& itemId, const std::string& text);
    // A choice and its rationale as one edit, saved once (a process killed between two saves kept the choice
    // without its rationale).
    void label(const std::string& key, const std::string& itemId, int choice, const std::string& rationale);
    // What an undo changed: the item, its annotation as the undo left it and the one it took back.
    struct UndoneEdit {
        std::string key, itemId;
        Annotation restored, undone;
    };
    // Undoes the last edit (and saves); nullopt when there is nothing to undo.
    std::optional<UndoneEdit> undo();
    std::size_t undoDepth() const { return m_undo.size(); }

    // Merges another sidecar (other annotators' work) into a corpus's set and saves. Throws cci::Error.
    void import(const std::string& key, const std::string& otherSidecar);

private:
    struct Doc {
        AnnotationSet set;
        std::string path;
    };
    struct Step {
        std::string key, itemId, annotator;
        Annotation before;
    };
    void edit(const std::string& key, const std::string& itemId, const std::function<void(Annotation&)>& change);
    Doc& doc(const std::string& key);

    std::map<std::string, Doc> m_docs;
    std::vector<Step> m_undo;
    std::string m_annotator = "annotator";
};

}  // namespace cci::annotate
