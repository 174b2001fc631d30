// EditableText: one utterance's text as code points while refinement rules rewrite it, remembering for every
// current character which span of the original text it came from, so each rule's edits can be reported in
// original-text coordinates (the diff view). RulePass is the one-pass rewriter every rule uses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cci::refine {

struct RuleEdit {
    int rule = 0;             // rule number (1-9 published, 10+ variants)
    std::uint32_t begin = 0;  // span of the ORIGINAL text, in code points, [begin, end)
    std::uint32_t end = 0;
    std::u32string replacement;  // empty for a deletion
};

inline constexpr int kMaxRuleNumber = 15;  // rule numbers index small arrays

class EditableText {
public:
    EditableText(std::u32string text, bool trace);
    EditableText() : m_trace(false) {}
    // Starts over with new UTF-8 text, keeping the buffers' capacity (one EditableText serves many utterances).
    void reset(std::string_view utf8, bool trace);

    const std::u32string& text() const { return m_text; }
    const std::vector<RuleEdit>& edits() const { return m_edits; }
    bool tracing() const { return m_trace; }
    // Counters kept with or without tracing: net characters each rule removed, and which rules changed the text.
    int removedBy(int rule) const { return m_removed[std::size_t(rule)]; }
    bool changedBy(int rule) const { return (m_changedMask >> rule) & 1u; }

private:
    friend class RulePass;
    struct Origin {
        std::uint32_t begin, end;  // original span this character stands for
    };
    std::u32string m_text;
    std::vector<Origin> m_origin;  // one per character of m_text (only when tracing)
    std::u32string m_scratch;      // a pass writes here, then swaps with m_text
    std::vector<Origin> m_scratchOrigin;
    std::vector<RuleEdit> m_edits;
    int m_removed[kMaxRuleNumber + 1] = {};
    std::uint32_t m_changedMask = 0;
    bool m_trace;
};

// Rewrites an EditableText left to right in one pass: copy() keeps input characters, replace() consumes some and
// emits a replacement (recording an edit). Adjacent edits of the same pass are merged into one. The result is
// committed on destruction or by commit(). A pass that changes nothing costs one copy of the text at most.
class RulePass {
public:
    RulePass(EditableText& text, int rule);
    ~RulePass() { commit(); }
    RulePass(const RulePass&) = delete;
    RulePass& operator=(const RulePass&) = delete;

    const std::u32string& input() const { return m_in.m_text; }
    std::size_t position() const { return m_pos; }  // next unread input character

    void copy(std::size_t n);
    void replace(std::size_t n, std::u32string_view with);
    void commit();

private:
    EditableText& m_in;
    int m_rule;
    std::size_t m_pos = 0;
    std::u32string& m_out;                           // m_in.m_scratch
    std::vector<EditableText::Origin>& m_outOrigin;  // m_in.m_scratchOrigin
    std::size_t m_lastEditInputEnd = SIZE_MAX;       // input end of the previous edit, for merging adjacent edits
    bool m_changed = false;
    bool m_committed = false;
};

}  // namespace cci::refine
