// ItemIndex: precomputed columns, memmem-based text search, integer-key sorting.
#include "corpus/item_index.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <thread>

namespace cci {
namespace {

constexpr char kFieldSeparator = '\x01';  // between fields of one item, so a match never spans two fields
constexpr char kRowSeparator = '\0';
constexpr std::size_t kParallelScanBytes = std::size_t(8) << 20;  // below this a thread costs more than it saves

void appendLower(std::string& out, std::string_view s) {
    for (const char c : s) out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

}  // namespace

void ItemIndex::build(std::vector<const Corpus*> corpora) {
    m_corpora = std::move(corpora);
    m_refs.clear();
    m_category.clear();
    m_gold.clear();
    m_turns.clear();
    m_chars.clear();
    m_haystack.clear();
    m_offsets.clear();
    m_lastNeedle.clear();
    m_lastMatches.clear();

    std::size_t n = 0, bytes = 0;
    for (const Corpus* c : m_corpora) {
        n += c->samples.size();
        for (const Sample& s : c->samples) {
            bytes += s.id.size() + 8;
            for (const Utterance& u : s.conversation) bytes += u.text.size() + 1;
            for (const std::string& inf : s.inferences) bytes += inf.size() + 1;
        }
    }
    m_refs.reserve(n);
    m_category.reserve(n);
    m_gold.reserve(n);
    m_turns.reserve(n);
    m_chars.reserve(n);
    m_offsets.reserve(n + 1);
    m_haystack.reserve(bytes);
    for (std::uint32_t ci = 0; ci < m_corpora.size(); ++ci) {
        const auto& samples = m_corpora[ci]->samples;
        for (std::uint32_t i = 0; i < samples.size(); ++i) {
            const Sample& s = samples[i];
            m_refs.push_back({ci, i});
            m_category.push_back(std::int8_t(categoryIndex(s.category)));
            m_gold.push_back(std::int8_t(s.goldIndex()));
            m_turns.push_back(std::uint16_t(std::min<std::size_t>(s.conversation.size(), 65535)));
            m_chars.push_back(std::uint32_t(s.totalCharacters()));
            m_offsets.push_back(m_haystack.size());
            appendLower(m_haystack, s.id);
            for (const Utterance& u : s.conversation) {
                m_haystack += kFieldSeparator;
                appendLower(m_haystack, u.text);
            }
            for (const std::string& inf : s.inferences) {
                m_haystack += kFieldSeparator;
                appendLower(m_haystack, inf);
            }
            m_haystack += kRowSeparator;
        }
    }
    m_offsets.push_back(m_haystack.size());

    std::vector<std::uint32_t> order(m_refs.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::uint32_t a, std::uint32_t b) { return sample(a).id < sample(b).id; });
    m_idRank.assign(order.size(), 0);
    for (std::uint32_t r = 0; r < order.size(); ++r) m_idRank[order[r]] = r;
}

const Sample& ItemIndex::sample(std::size_t row) const {
    const ItemRef r = m_refs[row];
    return m_corpora[r.corpus]->samples[r.item];
}

void ItemIndex::scanRows(const std::string& needle, std::size_t firstRow, std::size_t endRow,
                         std::vector<std::uint32_t>& out) const {
    // After a hit, jump to the next row: one match per row is enough.
    const char* base = m_haystack.data();
    std::size_t pos = m_offsets[firstRow];
    const std::size_t end = m_offsets[endRow];
    while (pos < end) {
        const void* hit = ::memmem(base + pos, end - pos, needle.data(), needle.size());
        if (!hit) break;
        const std::size_t at = std::size_t(static_cast<const char*>(hit) - base);
        const auto row =
            std::uint32_t(std::upper_bound(m_offsets.begin(), m_offsets.end(), at) - m_offsets.begin() - 1);
        out.push_back(row);
        pos = m_offsets[row + 1];
    }
}

std::vector<std::uint32_t> ItemIndex::matchText(const std::string& needle) const {
    std::vector<std::uint32_t> out;
    if (!m_lastNeedle.empty() && needle.find(m_lastNeedle) != std::string::npos) {
        // Every item containing `needle` contains the previous needle: only re-check those.
        for (const std::uint32_t row : m_lastMatches) {
            const char* begin = m_haystack.data() + m_offsets[row];
            const std::size_t len = m_offsets[row + 1] - m_offsets[row];
            if (::memmem(begin, len, needle.data(), needle.size())) out.push_back(row);
        }
    } else {
        // One pass over the buffer; large buffers are split at a row boundary and scanned on two threads.
        const std::size_t rows = m_refs.size();
        if (m_haystack.size() >= kParallelScanBytes && rows >= 2) {
            const std::size_t mid = rows / 2;
            std::vector<std::uint32_t> second;
            std::thread worker([&] { scanRows(needle, mid, rows, second); });
            scanRows(needle, 0, mid, out);
            worker.join();
            out.insert(out.end(), second.begin(), second.end());
        } else {
            scanRows(needle, 0, rows, out);
        }
    }
    m_lastNeedle = needle;
    m_lastMatches = out;
    return out;
}

std::vector<std::uint32_t> ItemIndex::rowsOf(std::uint32_t corpus, const std::vector<std::size_t>& items) const {
    std::vector<std::uint32_t> rows;
    for (std::uint32_t r = 0; r < m_refs.size(); ++r)
        if (m_refs[r].corpus == corpus && std::binary_search(items.begin(), items.end(), std::size_t(m_refs[r].item)))
            rows.push_back(r);
    return rows;
}

std::vector<std::uint32_t> ItemIndex::select(const ItemQuery& query) const {
    std::string needle;
    appendLower(needle, query.text);
    const bool searchText = !needle.empty() && needle.find(kRowSeparator) == std::string::npos &&
                            needle.find(kFieldSeparator) == std::string::npos;

    std::vector<std::uint32_t> rows;
    if (searchText) {
        rows = matchText(needle);
    } else {
        rows.resize(m_refs.size());
        std::iota(rows.begin(), rows.end(), 0u);
    }
    std::erase_if(rows, [&](std::uint32_t r) {
        return (query.category >= 0 && m_category[r] != query.category) || (query.split && split(r) != *query.split) ||
               (query.goldOnly && m_gold[r] < 0) ||
               (query.rows && !std::binary_search(query.rows->begin(), query.rows->end(), r));
    });

    auto sortBy = [&](auto key) {
        std::stable_sort(rows.begin(), rows.end(), [&](std::uint32_t a, std::uint32_t b) {
            return query.descending ? key(b) < key(a) : key(a) < key(b);
        });
    };
    switch (query.sortBy) {
        case ItemColumn::Id: sortBy([&](std::uint32_t r) { return m_idRank[r]; }); break;
        case ItemColumn::Split: sortBy([&](std::uint32_t r) { return int(split(r)); }); break;
        case ItemColumn::Category: sortBy([&](std::uint32_t r) { return int(m_category[r]); }); break;
        case ItemColumn::Turns: sortBy([&](std::uint32_t r) { return m_turns[r]; }); break;
        case ItemColumn::Characters: sortBy([&](std::uint32_t r) { return m_chars[r]; }); break;
        case ItemColumn::Gold: sortBy([&](std::uint32_t r) { return int(m_gold[r]); }); break;
        case ItemColumn::Count:
            if (query.descending) std::reverse(rows.begin(), rows.end());
            break;
    }
    return rows;
}

}  // namespace cci
