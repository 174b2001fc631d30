// ItemIndex: a flat, search-ready view over the items of one or more loaded corpora, for the browser table and
// `cci` queries. Columns are precomputed, text search scans one contiguous buffer, and a query that extends the
// previous one only re-checks the previous matches, so filtering 100,000 items stays interactive.
#pragma once

#include "corpus/corpus.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cci {

enum class ItemColumn { Id, Split, Category, Turns, Characters, Gold, Count };

struct ItemQuery {
    std::string text;            // substring of the id, an utterance or an inference; ASCII case-insensitive
    int category = -1;           // index into kCategories; -1 = any
    std::optional<Split> split;  // nullopt = any
    bool goldOnly = false;       // only items with a gold answer
    std::optional<std::vector<std::uint32_t>> rows;  // only these rows (sorted), e.g. a chart's bar; nullopt = all
    ItemColumn sortBy = ItemColumn::Count;           // Count = file order
    bool descending = false;
};

struct ItemRef {
    std::uint32_t corpus;  // index into the corpora given to build()
    std::uint32_t item;    // index into that corpus's samples
};

class ItemIndex {
public:
    // Indexes the corpora (which must outlive the index and not change size). Splits are read live from each
    // Corpus, so changing Corpus::split needs no rebuild.
    void build(std::vector<const Corpus*> corpora);

    std::size_t size() const { return m_refs.size(); }
    ItemRef ref(std::size_t row) const { return m_refs[row]; }
    const Sample& sample(std::size_t row) const;
    const Corpus& corpusOf(std::size_t row) const { return *m_corpora[m_refs[row].corpus]; }
    Split split(std::size_t row) const { return corpusOf(row).split; }
    int category(std::size_t row) const { return m_category[row]; }  // -1 when unknown
    int turns(std::size_t row) const { return int(m_turns[row]); }
    int characters(std::size_t row) const { return int(m_chars[row]); }
    int gold(std::size_t row) const { return m_gold[row]; }  // 0..2, -1 unlabeled

    // The rows of items `items` (indices into corpus `corpus`'s samples), sorted.
    std::vector<std::uint32_t> rowsOf(std::uint32_t corpus, const std::vector<std::size_t>& items) const;
    // Rows (indices into this index) that satisfy the query, in the requested order.
    std::vector<std::uint32_t> select(const ItemQuery& query) const;

private:
    std::vector<std::uint32_t> matchText(const std::string& needle) const;
    // Appends rows in [firstRow, endRow) whose text contains `needle`.
    void scanRows(const std::string& needle, std::size_t firstRow, std::size_t endRow,
                  std::vector<std::uint32_t>& out) const;

    std::vector<const Corpus*> m_corpora;
    std::vector<ItemRef> m_refs;
    std::vector<std::int8_t> m_category;
    std::vector<std::int8_t> m_gold;
    std::vector<std::uint16_t> m_turns;
    std::vector<std::uint32_t> m_chars;
    std::vector<std::uint32_t> m_idRank;  // position of each row when sorted by id
    std::string m_haystack;               // per row: id, utterances, inferences; rows separated by '\0'
    std::vector<std::size_t> m_offsets;   // start of each row in m_haystack, plus the end

    // Last text search, reused when the next needle contains it.
    mutable std::string m_lastNeedle;
    mutable std::vector<std::uint32_t> m_lastMatches;
};

}  // namespace cci
