// CorpusSet: ownership of open corpora and re-indexing on change.
#include "corpus/corpus_set.h"

#include <unordered_set>

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

std::optional<std::size_t> CorpusSet::find(const std::string& sourcePath) const {
    for (std::size_t i = 0; i < m_corpora.size(); ++i)
        if (m_corpora[i]->sourcePath == sourcePath) return i;
    return std::nullopt;
}

std::vector<std::uint32_t> CorpusSet::rowsOfIds(std::size_t position, const std::vector<std::string>& ids) const {
    const std::unordered_set<std::string> wanted(ids.begin(), ids.end());
    std::vector<std::size_t> items;
    const Corpus& c = *m_corpora[position];
    for (std::size_t i = 0; i < c.samples.size(); ++i)
        if (wanted.count(c.samples[i].id)) items.push_back(i);
    return m_index.rowsOf(std::uint32_t(position), items);
}

}  // namespace cci
