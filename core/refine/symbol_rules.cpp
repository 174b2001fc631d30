// Punctuation and symbol rules: 3 (dot and question-mark runs), 4 (deleted symbols), 8 (symbol-only texts).
#include "refine/rules.h"

#include "text/unicode_text.h"

namespace cci::refine {
namespace {

// Replaces every run of `c` at least `minRun` long by `with`.
void collapseRuns(EditableText& t, char32_t c, std::size_t minRun, std::u32string_view with) {
    const std::u32string& s = t.text();
    bool found = false;
    for (std::size_t i = 0, run = 0; i < s.size() && !found; ++i) {
        run = s[i] == c ? run + 1 : 0;
        found = run >= minRun;
    }
    if (!found) return;
    RulePass pass(t, kPunctuationRuns);
    const std::u32string& in = pass.input();
    while (pass.position() < in.size()) {
        std::size_t i = pass.position(), j = i;
        while (j < in.size() && in[j] == c) ++j;
        if (j - i >= minRun)
            pass.replace(j - i, with);
        else
            pass.copy(j > i ? j - i : 1);
    }
}

bool isDeletedSymbol(char32_t c) {
    switch (c) {
        case U'~':
        case U'!':
        case U'>':
        case U'<':
        case U'@':
        case U'_':
        case U'/':
        case U'-':
        case U'\u11A2':
        case U':':
        case U';':
        case U'(':
        case U')':
        case U'^': return true;
        default: return false;
    }
}

}  // namespace

// Rule 3. Python: re.sub(r"\.{4,}", "...", t) then re.sub(r"\?{2,}", "??", t).
void rulePunctuationRuns(EditableText& t) {
    collapseRuns(t, U'.', 4, U"...");
    collapseRuns(t, U'?', 2, U"??");
}

// Rule 4. Deletes every occurrence of ~ ! > < @ _ / - ᆢ(U+11A2) : ; ( ) ^.
void ruleSymbols(EditableText& t) {
    const std::u32string& s = t.text();
    bool found = false;
    for (const char32_t c : s) found = found || isDeletedSymbol(c);
    if (!found) return;
    RulePass pass(t, kSymbols);
    const std::u32string& in = pass.input();
    while (pass.position() < in.size()) {
        if (isDeletedSymbol(in[pass.position()]))
            pass.replace(1, U"");
        else
            pass.copy(1);
    }
}

// Rule 8. A text without any Hangul syllable that holds a character which is neither a word character nor
// whitespace (a symbol, punctuation, an emoji) becomes empty. Digits-only or Latin-only texts stay.
void ruleSymbolOnly(EditableText& t) {
    const std::u32string& s = t.text();
    bool hasSyllable = false, hasSymbol = false;
    for (const char32_t c : s) {
        hasSyllable = hasSyllable || text::isHangulSyllable(c);
        hasSymbol = hasSymbol || (!text::isWordChar(c) && !text::isSpace(c));
    }
    if (hasSyllable || !hasSymbol) return;
    RulePass pass(t, kSymbolOnly);
    pass.replace(s.size(), U"");
}

}  // namespace cci::refine
