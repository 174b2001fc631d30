// Chat-format JSON lines (see chat_export.h).
#include "prompt/chat_export.h"

#include "prompt/prompt_builder.h"
#include "prompt/prompt_preview.h"
#include "prompt/prompt_tokens.h"
#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

namespace cci::prompt {

std::string chatJsonLine(const Sample& sample, const PromptStyle& style, std::optional<text::ParticleMode> particles) {
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    for (const auto& m : chatMessages(buildPrompt(sample, style, particles)))
        messages.push_back({{"role", m.role}, {"content", m.content}});
    if (const int gold = sample.goldIndex(); gold >= 0)
        messages.push_back({{"role", "assistant"}, {"content", targetText(sample, gold)}});
    try {
        return nlohmann::ordered_json{{"messages", messages}}.dump(-1, ' ', false,
                                                                   nlohmann::json::error_handler_t::strict);
    } catch (const nlohmann::json::exception&) {
        throw Error("item " + sample.id + ": its text is not valid UTF-8 and cannot be written as JSON");
    }
}

ChatExportCounts writeChatJsonl(const Corpus& corpus, const PromptStyle& style,
                                std::optional<text::ParticleMode> particles, const std::string& outPath) {
    ChatExportCounts counts;
    std::string text;
    for (const Sample& s : corpus.samples) {
        text += chatJsonLine(s, style, particles);
        text += '\n';
        ++(s.goldIndex() >= 0 ? counts.withAnswer : counts.withoutAnswer);
    }
    writeFileAtomic(outPath, text);
    return counts;
}

}  // namespace cci::prompt
