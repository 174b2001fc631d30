// Whitespace rules: 1 (newlines and double spaces), 9 (strip) and variant 10 (collapse whitespace runs).
#include "refine/rules.h"

#include "text/unicode_text.h"

namespace cci::refine {

// Rule 1. Python: text.replace("\n", " ").replace("  ", " ") — the second replace is a single left-to-right,
// non-overlapping pass, so four spaces become two and three become two.
void ruleNewlines(EditableText& t) {
    if (t.text().find(U'\n') != std::u32string::npos) {
        RulePass pass(t, kNewlines);
        const std::u32string& in = pass.input();
        while (pass.position() < in.size()) {
            if (in[pass.position()] == U'\n')
                pass.replace(1, U" ");
            else
                pass.copy(1);
        }
    }
    if (t.text().find(U"  ") != std::u32string::npos) {
        RulePass pass(t, kNewlines);
        const std::u32string& in = pass.input();
        while (pass.position() < in.size()) {
            const std::size_t i = pass.position();
            if (in[i] == U' ' && i + 1 < in.size() && in[i + 1] == U' ')
                pass.replace(2, U" ");
            else
                pass.copy(1);
        }
    }
}

// Rule 9. Python: text.strip() — Unicode whitespace at both ends.
void ruleStrip(EditableText& t) {
    const std::u32string& s = t.text();
    std::size_t begin = 0, end = s.size();
    while (begin < end && text::isSpace(s[begin])) ++begin;
    while (end > begin && text::isSpace(s[end - 1])) --end;
    if (begin == 0 && end == s.size()) return;
    const std::size_t size = s.size();
    RulePass pass(t, kStrip);
    if (begin > 0) pass.replace(begin, U"");
    pass.copy(end - begin);
    if (end < size) pass.replace(size - end, U"");
}

// Variant 10: every run of whitespace (of any kind or length) becomes one space.
void ruleCollapseWhitespace(EditableText& t) {
    const std::u32string& s = t.text();
    bool needed = false;
    for (std::size_t i = 0; i < s.size() && !needed; ++i)
        needed = text::isSpace(s[i]) && (s[i] != U' ' || (i + 1 < s.size() && text::isSpace(s[i + 1])));
    if (!needed) return;
    RulePass pass(t, kCollapseWhitespace);
    const std::u32string& in = pass.input();
    while (pass.position() < in.size()) {
        std::size_t i = pass.position(), j = i;
        while (j < in.size() && text::isSpace(in[j])) ++j;
        if (j == i)
            pass.copy(1);
        else if (j == i + 1 && in[i] == U' ')
            pass.copy(1);
        else
            pass.replace(j - i, U" ");
    }
}

}  // namespace cci::refine
