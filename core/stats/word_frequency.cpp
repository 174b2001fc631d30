// Word frequencies (see word_frequency.h).
#include "stats/word_frequency.h"

#include "text/unicode_text.h"

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <map>
#include <memory>

namespace cci::stats {

std::set<std::string> defaultStopWords() {
    return {"그",   "이",   "저",   "것",   "거", "수", "좀", "더", "잘",   "네",   "응",   "아",     "어",    "음",
            "그래", "그냥", "진짜", "너무", "나", "너", "내", "제", "저는", "나는", "근데", "그리고", "그럼",  "그런데",
            "아니", "다",   "또",   "은",   "는", "을", "를", "에", "의",   "가",   "도",   "요",     "name1", "name2"};
}

std::vector<WordCount> wordFrequencies(const Corpus& corpus, const WordOptions& options) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> words(icu::BreakIterator::createWordInstance(icu::Locale("ko"), status));
    if (U_FAILURE(status)) return {};
    std::map<std::string, std::size_t> counts;
    for (const Sample& s : corpus.samples) {
        for (const auto& u : s.conversation) {
            const auto text = icu::UnicodeString::fromUTF8(u.text);
            words->setText(text);
            for (int32_t start = words->first(), end = words->next(); end != icu::BreakIterator::DONE;
                 start = end, end = words->next()) {
                if (words->getRuleStatus() == UBRK_WORD_NONE) continue;  // spaces and punctuation
                std::string word;
                text.tempSubStringBetween(start, end).toUTF8String(word);
                const auto cps = text::toUtf32(word);
                const bool jamoOnly = std::all_of(cps.begin(), cps.end(), text::isCompatibilityJamo);
                if (jamoOnly && !options.includeJamoOnly) continue;
                if (options.stopWords.count(word)) continue;
                ++counts[word];
            }
        }
    }
    std::vector<WordCount> out;
    for (auto& [word, count] : counts) out.push_back({word, count});
    std::sort(out.begin(), out.end(), [](const WordCount& a, const WordCount& b) {
        return a.count != b.count ? a.count > b.count : a.word < b.word;
    });
    if (out.size() > options.top) out.resize(options.top);
    return out;
}

}  // namespace cci::stats
