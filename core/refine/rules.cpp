// Rule table, application order and dispatch.
#include "refine/rules.h"

#include <charconv>

namespace cci::refine {

const std::vector<RuleInfo>& allRules() {
    static const std::vector<RuleInfo> rules = {
        {kNewlines, "newlines", "newlines become spaces; double spaces become one (single pass)", true},
        {kEung, "eung", "a run of 2+ ㅇ between spaces becomes 응", true},
        {kPunctuationRuns, "punctuation-runs", "4+ dots become ...; 2+ question marks become ??", true},
        {kSymbols, "symbols", "delete ~ ! > < @ _ / - ᆢ : ; ( ) ^", true},
        {kGreetings, "greetings", "delete words starting with 안녕 or 반갑습", true},
        {kSpeakerNames, "speaker-names", "name1/name2 become 화자1/화자2", true},
        {kJamo, "jamo", "delete runs of compatibility jamo (ㅋㅋ, ㅠㅠ, ㅎㅎ…)", true},
        {kSymbolOnly, "symbol-only", "empty a text with no Hangul syllable and some symbol", true},
        {kStrip, "strip", "strip leading and trailing whitespace", true},
        {kCollapseWhitespace, "collapse-whitespace", "variant: any whitespace run becomes one space", false},
        {kLaughterTags, "laughter-tags", "variant: ㅋㅋ/ㅎㅎ become [웃음], ㅠㅠ/ㅜㅜ [슬픔] instead of deleted",
         false},
        {kKeepReferenceGreetings, "keep-reference-greetings", "variant: greetings stay in reference utterances", false},
    };
    return rules;
}

const RuleInfo* findRule(std::string_view nameOrNumber) {
    int number = 0;
    const auto [ptr, ec] = std::from_chars(nameOrNumber.data(), nameOrNumber.data() + nameOrNumber.size(), number);
    const bool numeric = ec == std::errc() && ptr == nameOrNumber.data() + nameOrNumber.size();
    for (const RuleInfo& r : allRules())
        if ((numeric && r.number == number) || (!numeric && r.name == nameOrNumber)) return &r;
    return nullptr;
}

const std::vector<int>& applicationOrder() {
    static const std::vector<int> order = {kNewlines, kCollapseWhitespace, kEung,         kPunctuationRuns,
                                           kSymbols,  kGreetings,          kSpeakerNames, kLaughterTags,
                                           kJamo,     kSymbolOnly,         kStrip};
    return order;
}

void applyRule(int rule, EditableText& text, const RuleContext& context) {
    switch (rule) {
        case kNewlines: ruleNewlines(text); break;
        case kEung: ruleEung(text); break;
        case kPunctuationRuns: rulePunctuationRuns(text); break;
        case kSymbols: ruleSymbols(text); break;
        case kGreetings: ruleGreetings(text); break;
        case kSpeakerNames: ruleSpeakerNames(text); break;
        case kJamo: ruleJamo(text); break;
        case kSymbolOnly: ruleSymbolOnly(text); break;
        case kStrip: ruleStrip(text); break;
        case kCollapseWhitespace: ruleCollapseWhitespace(text); break;
        case kLaughterTags: ruleLaughterTags(text); break;
        case kKeepReferenceGreetings: break;  // modifies rule 5 (see the refiner); no pass of its own
        default: break;
    }
    (void)context;
}

}  // namespace cci::refine
