// CorpusSet: ownership of open corpora and re-indexing on change.
#include "corpus/corpus_set.h"

#include <algorithm>

namespace cci {

std::size_t CorpusSet::add(Corpus corpus) {
    const auto same = std::find_if(m_corpora.begin(), m_corpora.end(), [&](const auto& c) {
        return !corpus.sourcePath.empty() && c->sourcePath == corpus.sourcePath;
    });
    std::size_t position;
    if (same != m_corpora.end()) {
        **same = std::move(corpus);
        position = std::size_t(same - m_corpora.begin());
    } else {
        m_corpora.push_back(std::make_unique<Corpus>(std::move(corpus)));
        position = m_corpora.size() - 1;
    }
    reindex();
    return position;
}

void CorpusSet::remove(std::size_t position) {
    m_corpora.erase(m_corpora.begin() + std::ptrdiff_t(position));
    reindex();
}

void CorpusSet::clear() {
    m_corpora.clear();
    reindex();
}

void CorpusSet::reindex() {
    std::vector<const Corpus*> ptrs;
    for (const auto& c : m_corpora) ptrs.push_back(c.get());
    m_index.build(std::move(ptrs));
}

}  // namespace cci
