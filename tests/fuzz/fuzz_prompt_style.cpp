// Fuzz target: prompt style files; a style that loads must build a prompt for a sample item.
#include "prompt/prompt_builder.h"
#include "util/problem.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const cci::prompt::PromptStyle style =
            cci::prompt::parsePromptStyle(std::string(reinterpret_cast<const char*>(data), size), "fuzz.json");
        cci::Sample s;
        s.id = "f";
        s.category = "동기";
        s.conversation = {{1, "안녕 {text} {speaker}", {"u1"}, false}, {2, "ㅋ", {"u2"}, false}};
        s.referenceIds = {"u1"};
        s.inferences = {"가", "나", "다"};
        for (auto mode : {cci::text::ParticleMode::Correct, cci::text::ParticleMode::Legacy})
            (void)cci::prompt::buildPrompt(s, style, mode);
    } catch (const cci::Error&) {
    }
    return 0;
}
