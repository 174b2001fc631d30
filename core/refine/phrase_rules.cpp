// Phrase rules: 5 (greeting words) and 6 (speaker name placeholders).
#include "refine/rules.h"

#include "text/unicode_text.h"

namespace cci::refine {
namespace {

// Deletes every match of \b<prefix>\w* (Unicode word semantics), scanning left to right.
void deleteWordsStartingWith(EditableText& t, std::u32string_view prefix) {
    if (t.text().find(prefix) == std::u32string::npos) return;
    RulePass pass(t, kGreetings);
    const std::u32string& in = pass.input();
    while (pass.position() < in.size()) {
        const std::size_t i = pass.position();
        // \b before a word character holds at the start or after a non-word character.
        const bool boundary = i == 0 || !text::isWordChar(in[i - 1]);
        if (boundary && in.compare(i, prefix.size(), prefix) == 0) {
            std::size_t j = i + prefix.size();
            while (j < in.size() && text::isWordChar(in[j])) ++j;
            pass.replace(j - i, U"");
        } else {
            pass.copy(1);
        }
    }
}

void replaceAll(EditableText& t, std::u32string_view from, std::u32string_view to, int rule) {
    if (t.text().find(from) == std::u32string::npos) return;
    RulePass pass(t, rule);
    const std::u32string& in = pass.input();
    while (pass.position() < in.size()) {
        if (in.compare(pass.position(), from.size(), from) == 0)
            pass.replace(from.size(), to);
        else
            pass.copy(1);
    }
}

}  // namespace

// Rule 5. Python: re.sub(r"\b안녕\w*", "", t) then re.sub(r"\b반갑습\w*", "", t).
void ruleGreetings(EditableText& t) {
    deleteWordsStartingWith(t, U"안녕");
    deleteWordsStartingWith(t, U"반갑습");
}

// Rule 6. Python: t.replace("name1", "화자1").replace("name2", "화자2").
void ruleSpeakerNames(EditableText& t) {
    replaceAll(t, U"name1", U"화자1", kSpeakerNames);
    replaceAll(t, U"name2", U"화자2", kSpeakerNames);
}

}  // namespace cci::refine
