// The refinement rules: the nine published cleaning rules (numbers 1-9, applied in that order) and optional
// variants (10+, off by default). Each rule is a function over an EditableText; rules are documented in
// rules.cpp and in docs/REFINEMENT.md.
#pragma once

#include "refine/editable_text.h"

#include <optional>
#include <string_view>
#include <vector>

namespace cci::refine {

enum Rule : int {
    kNewlines = 1,         // "\n" -> " ", then "  " -> " " in one non-overlapping pass
    kEung = 2,             // a whitespace-delimited run of 2+ ㅇ -> 응
    kPunctuationRuns = 3,  // 4+ "." -> "...", then 2+ "?" -> "??"
    kSymbols = 4,          // delete ~ ! > < @ _ / - ᆢ : ; ( ) ^
    kGreetings = 5,        // delete \b안녕\w* then \b반갑습\w*
    kSpeakerNames = 6,     // name1 -> 화자1, name2 -> 화자2
    kJamo = 7,             // delete runs of compatibility jamo ㄱ–ㅎ, ㅏ–ㅣ
    kSymbolOnly = 8,       // no Hangul syllable and some non-word, non-space character -> empty
    kStrip = 9,            // strip leading and trailing whitespace
    // Variants beyond the published recipe (off by default).
    kCollapseWhitespace = 10,  // after rule 1: any whitespace run -> one space
    kLaughterTags = 11,  // before rule 7: ㅋㅋ/ㅎㅎ -> [웃음], ㅠㅠ/ㅜㅜ -> [슬픔] instead of deleting them
    kKeepReferenceGreetings = 12,  // rule 5 leaves reference utterances alone
};

struct RuleInfo {
    int number;
    std::string_view name;     // stable name for --disable / --enable and the GUI
    std::string_view summary;  // one line for help texts and the legend
    bool published;            // part of the published recipe (on by default)
};

// All rules, published ones first, in number order.
const std::vector<RuleInfo>& allRules();
const RuleInfo* findRule(std::string_view nameOrNumber);

// Order in which rules run (variants sit next to the rule they modify).
const std::vector<int>& applicationOrder();

struct RuleContext {
    bool isReference = false;  // the utterance is one of the item's reference utterances
};

// Applies one rule to the text.
void applyRule(int rule, EditableText& text, const RuleContext& context);

// The rule functions, grouped by family in whitespace_rules.cpp, symbol_rules.cpp, hangul_rules.cpp and
// phrase_rules.cpp.
void ruleNewlines(EditableText& t);
void ruleStrip(EditableText& t);
void ruleCollapseWhitespace(EditableText& t);
void rulePunctuationRuns(EditableText& t);
void ruleSymbols(EditableText& t);
void ruleSymbolOnly(EditableText& t);
void ruleEung(EditableText& t);
void ruleJamo(EditableText& t);
void ruleLaughterTags(EditableText& t);
void ruleGreetings(EditableText& t);
void ruleSpeakerNames(EditableText& t);

}  // namespace cci::refine
