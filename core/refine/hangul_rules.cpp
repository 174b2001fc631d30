// Hangul rules: 2 (ㅇㅇ -> 응), 7 (delete compatibility jamo runs) and variant 11 (laughter/sadness tags).
#include "refine/rules.h"

#include "text/unicode_text.h"

namespace cci::refine {

// Rule 2. A maximal run of two or more ㅇ (U+3147) with the start of the text or whitespace before it and the end
// of the text or whitespace after it becomes 응 (Python: lookarounds (?<!\S)ㅇ{2,}(?!\S)).
void ruleEung(EditableText& t) {
    constexpr char32_t kIeung = U'\u3147';
    if (t.text().find(std::u32string(2, kIeung)) == std::u32string::npos) return;
    RulePass pass(t, kEung);
    const std::u32string& in = pass.input();
    while (pass.position() < in.size()) {
        const std::size_t i = pass.position();
        std::size_t j = i;
        while (j < in.size() && in[j] == kIeung) ++j;
        if (j == i) {
            pass.copy(1);
            continue;
        }
        const bool before = i == 0 || text::isSpace(in[i - 1]);
        const bool after = j == in.size() || text::isSpace(in[j]);
        if (j - i >= 2 && before && after)
            pass.replace(j - i, U"응");
        else
            pass.copy(j - i);
    }
}

// Rule 7. Deletes every run of Hangul compatibility jamo U+3131–U+3163 (ㅋㅋ, ㅎㅎ, ㅠㅠ, a stray ㄱ…).
void ruleJamo(EditableText& t) {
    const std::u32string& s = t.text();
    bool found = false;
    for (const char32_t c : s) found = found || text::isCompatibilityJamo(c);
    if (!found) return;
    RulePass pass(t, kJamo);
    const std::u32string& in = pass.input();
    while (pass.position() < in.size()) {
        std::size_t i = pass.position(), j = i;
        while (j < in.size() && text::isCompatibilityJamo(in[j])) ++j;
        if (j > i)
            pass.replace(j - i, U"");
        else
            pass.copy(1);
    }
}

// Variant 11. Keeps the meaning of laughter and crying that rule 7 would delete: a run of 2+ of ㅋ/ㅎ becomes
// [웃음], a run of 2+ of ㅠ/ㅜ becomes [슬픔]. Runs a step before rule 7.
void ruleLaughterTags(EditableText& t) {
    auto laugh = [](char32_t c) { return c == U'ㅋ' || c == U'ㅎ'; };
    auto cry = [](char32_t c) { return c == U'ㅠ' || c == U'ㅜ'; };
    const std::u32string& s = t.text();
    bool found = false;
    for (std::size_t i = 0; i + 1 < s.size() && !found; ++i)
        found = (laugh(s[i]) && laugh(s[i + 1])) || (cry(s[i]) && cry(s[i + 1]));
    if (!found) return;
    RulePass pass(t, kLaughterTags);
    const std::u32string& in = pass.input();
    while (pass.position() < in.size()) {
        const std::size_t i = pass.position();
        std::size_t j = i;
        if (laugh(in[i])) {
            while (j < in.size() && laugh(in[j])) ++j;
            if (j - i >= 2) {
                pass.replace(j - i, U"[웃음]");
                continue;
            }
        } else if (cry(in[i])) {
            while (j < in.size() && cry(in[j])) ++j;
            if (j - i >= 2) {
                pass.replace(j - i, U"[슬픔]");
                continue;
            }
        }
        pass.copy(j > i ? j - i : 1);
    }
}

}  // namespace cci::refine
