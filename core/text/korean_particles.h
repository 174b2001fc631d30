// Korean particles that depend on the preceding word: 으로/로, 을/를, 이/가, 은/는, 와/과. "Correct" mode reads the
// final consonant (jongseong) of the last Hangul syllable, skipping trailing markup and bracketed glosses;
// "legacy" mode reproduces the published prompt code's test on the very last character.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cci::text {

enum class ParticleMode { Correct, Legacy };

struct ParticlePair {
    std::string afterConsonant;        // e.g. 으로, 을, 이, 은, 과
    std::string afterVowel;            // e.g. 로, 를, 가, 는, 와
    bool rieulTakesVowelForm = false;  // 으로/로: a word ending in ㄹ takes 로
};

// Recognises "으로/로", "을/를", "이/가", "은/는", "와/과" (either order); nullopt otherwise.
std::optional<ParticlePair> particlePair(std::string_view spec);

// Jongseong index (0 = none, 1..27; 8 = ㄹ) of the last Hangul syllable of `word`, ignoring trailing spaces,
// markup (* _ ` ' ") , punctuation and bracketed parts such as "(cause)"; -1 when the word has no syllable.
int lastJongseong(std::string_view word);

// The particle for `word` in correct mode; "(으)로"-style when the word has no Hangul syllable.
std::string chooseParticle(std::string_view word, const ParticlePair& pair);

// The published test: (ord(c) - 0xAC00) mod 28 > 0 (mathematical modulo) on the last code point of `word`.
bool legacyHasFinalConsonant(std::string_view word);

}  // namespace cci::text
