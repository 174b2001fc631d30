// Korean particle selection.
#include "text/korean_particles.h"

#include "text/unicode_text.h"

#include <array>

namespace cci::text {

std::optional<ParticlePair> particlePair(std::string_view spec) {
    struct Known {
        std::string_view consonant, vowel;
        bool rieul;
    };
    static constexpr std::array<Known, 5> known = {
        {{"으로", "로", true}, {"을", "를", false}, {"이", "가", false}, {"은", "는", false}, {"과", "와", false}}};
    const auto slash = spec.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string_view a = spec.substr(0, slash), b = spec.substr(slash + 1);
    for (const Known& k : known)
        if ((a == k.consonant && b == k.vowel) || (a == k.vowel && b == k.consonant))
            return ParticlePair{std::string(k.consonant), std::string(k.vowel), k.rieul};
    return std::nullopt;
}

int lastJongseong(std::string_view word) {
    const std::u32string w = toUtf32(word);
    std::size_t end = w.size();
    while (end > 0) {
        const char32_t c = w[end - 1];
        if (isHangulSyllable(c)) return int((c - 0xAC00) % 28);
        if (c == U')' || c == U']' || c == U'}') {  // skip a bracketed gloss: "(cause)"
            const char32_t open = c == U')' ? U'(' : c == U']' ? U'[' : U'{';
            std::size_t k = end - 1;
            while (k > 0 && w[k - 1] != open) --k;
            end = k > 0 ? k - 1 : end - 1;
            continue;
        }
        --end;  // spaces, markup, punctuation, Latin letters inside no brackets are skipped too
    }
    return -1;
}

std::string chooseParticle(std::string_view word, const ParticlePair& pair) {
    const int jong = lastJongseong(word);
    if (jong < 0) {
        // No syllable to read: write both, the usual convention, e.g. "(으)로", "을(를)".
        if (pair.rieulTakesVowelForm) return "(으)로";
        return pair.afterConsonant + "(" + pair.afterVowel + ")";
    }
    if (jong == 0) return pair.afterVowel;
    if (jong == 8 && pair.rieulTakesVowelForm) return pair.afterVowel;  // ㄹ + 로: 서울로, 물로
    return pair.afterConsonant;
}

bool legacyHasFinalConsonant(std::string_view word) {
    const std::u32string w = toUtf32(word);
    if (w.empty()) return false;
    const long long d = (long long)w.back() - 0xAC00;
    return ((d % 28) + 28) % 28 > 0;
}

}  // namespace cci::text
