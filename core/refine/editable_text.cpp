// EditableText and RulePass: origin bookkeeping for traced refinement.
#include "refine/editable_text.h"

#include "text/unicode_text.h"

#include <algorithm>
#include <iterator>

namespace cci::refine {

EditableText::EditableText(std::u32string text, bool trace) : m_text(std::move(text)), m_trace(trace) {
    if (m_trace) {
        m_origin.resize(m_text.size());
        for (std::uint32_t i = 0; i < m_origin.size(); ++i) m_origin[i] = {i, i + 1};
    }
}

void EditableText::reset(std::string_view utf8, bool trace) {
    m_text.clear();
    text::appendUtf32(m_text, utf8);
    m_trace = trace;
    m_edits.clear();
    std::fill(std::begin(m_removed), std::end(m_removed), 0);
    m_changedMask = 0;
    if (m_trace) {
        m_origin.resize(m_text.size());
        for (std::uint32_t i = 0; i < m_origin.size(); ++i) m_origin[i] = {i, i + 1};
    }
}

RulePass::RulePass(EditableText& text, int rule)
    : m_in(text), m_rule(rule), m_out(text.m_scratch), m_outOrigin(text.m_scratchOrigin) {}

void RulePass::copy(std::size_t n) {
    n = std::min(n, m_in.m_text.size() - m_pos);
    if (m_changed) {
        m_out.append(m_in.m_text, m_pos, n);
        if (m_in.m_trace)
            m_outOrigin.insert(m_outOrigin.end(), m_in.m_origin.begin() + std::ptrdiff_t(m_pos),
                               m_in.m_origin.begin() + std::ptrdiff_t(m_pos + n));
    }
    m_pos += n;
}

void RulePass::replace(std::size_t n, std::u32string_view with) {
    n = std::min(n, m_in.m_text.size() - m_pos);
    if (!m_changed) {
        // First change: materialise the output up to here.
        m_changed = true;
        m_out.assign(m_in.m_text, 0, m_pos);
        if (m_in.m_trace) m_outOrigin.assign(m_in.m_origin.begin(), m_in.m_origin.begin() + std::ptrdiff_t(m_pos));
    }
    if (m_in.m_trace) {
        // Original span of the consumed characters (an insertion sits at the next character's start).
        std::uint32_t begin, end;
        if (n > 0) {
            begin = m_in.m_origin[m_pos].begin;
            end = m_in.m_origin[m_pos].end;
            for (std::size_t i = m_pos; i < m_pos + n; ++i) {
                begin = std::min(begin, m_in.m_origin[i].begin);
                end = std::max(end, m_in.m_origin[i].end);
            }
        } else {
            begin = end = m_pos < m_in.m_origin.size() ? m_in.m_origin[m_pos].begin
                          : m_in.m_origin.empty()      ? 0
                                                       : m_in.m_origin.back().end;
        }
        auto& edits = m_in.m_edits;
        if (m_lastEditInputEnd == m_pos && !edits.empty() && edits.back().rule == m_rule) {
            edits.back().end = std::max(edits.back().end, end);
            edits.back().replacement += with;
        } else {
            edits.push_back({m_rule, begin, end, std::u32string(with)});
        }
        for (std::size_t i = 0; i < with.size(); ++i) m_outOrigin.push_back({begin, end});
    }
    m_out += with;
    m_pos += n;
    m_lastEditInputEnd = m_pos;
    m_in.m_removed[m_rule] += int(n) - int(with.size());
    m_in.m_changedMask |= 1u << m_rule;
}

void RulePass::commit() {
    if (m_committed) return;
    m_committed = true;
    if (!m_changed) return;
    copy(m_in.m_text.size() - m_pos);
    m_in.m_text.swap(m_out);
    if (m_in.m_trace) m_in.m_origin.swap(m_outOrigin);
}

}  // namespace cci::refine
