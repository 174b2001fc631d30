// CorpusSet: the corpora a user has open (e.g. train, dev and test files), owned with stable addresses, and the
// ItemIndex over all of them. The browser and the CLI share it.
#pragma once

#include "corpus/corpus.h"
#include "corpus/item_index.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cci {

class CorpusSet {
public:
    // Adds a corpus; a corpus whose sourcePath is already open replaces it (reload). Returns its position.
    std::size_t add(Corpus corpus);
    void remove(std::size_t position);
    void clear();

    std::size_t count() const { return m_corpora.size(); }
    const Corpus& corpus(std::size_t position) const { return *m_corpora[position]; }
    void setSplit(std::size_t position, Split split) { m_corpora[position]->split = split; }
    std::size_t totalItems() const { return m_index.size(); }

    const ItemIndex& index() const { return m_index; }

    // The position of the open corpus read from `sourcePath`, if it is open.
    std::optional<std::size_t> find(const std::string& sourcePath) const;
    // The index rows of the items with these ids in corpus `position` (ids it does not hold are skipped), sorted.
    std::vector<std::uint32_t> rowsOfIds(std::size_t position, const std::vector<std::string>& ids) const;

private:
    void reindex();

    std::vector<std::unique_ptr<Corpus>> m_corpora;
    ItemIndex m_index;
};

}  // namespace cci
