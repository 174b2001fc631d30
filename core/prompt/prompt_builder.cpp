// Prompt building: blocks, line formats, category wording and particles.
#include "prompt/prompt_builder.h"

#include "util/utf8.h"

namespace cci::prompt {
namespace {

void replaceAll(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
        s.replace(p, from.size(), to);
}

// Fills a line format: {speaker} (conversation and reference lines) or {letter} (options) with `label`, then
// {text} last, so that braces inside an utterance are never expanded.
std::string formatLine(std::string format, const std::string& label, const std::string& text) {
    replaceAll(format, "{speaker}", label);
    replaceAll(format, "{letter}", label);
    const std::size_t p = format.find("{text}");
    if (p != std::string::npos) format.replace(p, 6, text);
    return format;
}

std::string lineBlock(const std::string& header, const std::vector<std::string>& lines, const std::string& sep) {
    std::string out = header;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!out.empty()) out += i == 0 && !header.empty() ? "\n" : sep;
        out += lines[i];
    }
    return out;
}

// Renders a text block: {category} and one particle placeholder attached to it.
std::string renderText(const std::string& tmpl, const std::string& wording, const std::string& formatted,
                       text::ParticleMode mode, bool& dropped) {
    std::string out;
    std::size_t pos = 0;
    while (pos < tmpl.size()) {
        const std::size_t open = tmpl.find('{', pos);
        if (open == std::string::npos) {
            out += tmpl.substr(pos);
            break;
        }
        out += tmpl.substr(pos, open - pos);
        const std::size_t close = tmpl.find('}', open);
        const std::string name = tmpl.substr(open + 1, close - open - 1);
        pos = close + 1;
        if (name == "category") {
            out += formatted;
            continue;
        }
        const auto pair = text::particlePair(name);  // validated when the style was loaded
        if (mode == text::ParticleMode::Correct) {
            out += text::chooseParticle(wording, *pair);
        } else if (text::legacyHasFinalConsonant(wording)) {
            out += pair->afterConsonant;
        } else {
            // The published code replaced everything so far by the particle.
            out = pair->afterVowel;
            dropped = true;
        }
    }
    return out;
}

}  // namespace

PromptMessages buildPrompt(const Sample& sample, const PromptStyle& style,
                           std::optional<text::ParticleMode> particles) {
    PromptMessages m;
    m.system = style.system;
    const text::ParticleMode mode = particles.value_or(style.particles);
    const std::string wording = categoryWording(sample.category, style.wording);
    std::string formatted = style.categoryFormat;
    replaceAll(formatted, "{wording}", wording);

    auto keep = [&](const Utterance& u) {
        return utf8::codePointCount(u.text) >= std::size_t(style.minUtteranceChars);
    };
    const std::vector<std::size_t> refs = sample.referenceUtteranceIndices();
    for (const PromptBlock& block : style.blocks) {
        std::string text;
        switch (block.type) {
            case PromptBlock::Type::Text:
                text = renderText(block.text, wording, formatted, mode, m.legacyDroppedText);
                break;
            case PromptBlock::Type::Conversation: {
                std::vector<std::string> lines;
                for (const Utterance& u : sample.conversation)
                    if (keep(u)) lines.push_back(formatLine(style.conversationLine, std::to_string(u.speaker), u.text));
                text = lineBlock(block.header, lines, style.lineSeparator);
                break;
            }
            case PromptBlock::Type::References: {
                std::vector<std::string> lines;
                for (const std::size_t i : refs)
                    if (keep(sample.conversation[i]))
                        lines.push_back(formatLine(style.referenceLine, std::to_string(sample.conversation[i].speaker),
                                                   sample.conversation[i].text));
                text = lineBlock(block.header, lines, style.lineSeparator);
                break;
            }
            case PromptBlock::Type::Options: {
                std::vector<std::string> lines;
                for (std::size_t k = 0; k < 3; ++k)
                    lines.push_back(formatLine(style.optionLine, std::string(1, char('A' + k)), sample.inferences[k]));
                text = lineBlock(block.header, lines, style.lineSeparator);
                break;
            }
        }
        if (!m.blocks.empty()) m.user += style.blockSeparator;
        m.blocks.push_back({block.type, m.user.size(), m.user.size() + text.size()});
        m.user += text;
    }
    return m;
}

}  // namespace cci::prompt
