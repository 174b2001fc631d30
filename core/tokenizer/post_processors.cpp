// Post-processors of tokenizer.json (see post_processors.h).
#include "tokenizer/post_processors.h"

#include "tokenizer/json_fields.h"

namespace cci::tok {

namespace {

class SequenceProcessor final : public PostProcessor {
public:
    explicit SequenceProcessor(std::vector<std::unique_ptr<PostProcessor>> parts) : m_parts(std::move(parts)) {}
    void process(std::vector<TokenId>& ids) const override {
        for (const auto& part : m_parts) part->process(ids);
    }

private:
    std::vector<std::unique_ptr<PostProcessor>> m_parts;
};

class IdentityProcessor final : public PostProcessor {
public:
    void process(std::vector<TokenId>&) const override {}
};

// The template for single sequences: a list of fixed id runs with one slot for the sequence.
class TemplateProcessor final : public PostProcessor {
public:
    TemplateProcessor(std::vector<TokenId> before, std::vector<TokenId> after)
        : m_before(std::move(before)), m_after(std::move(after)) {}
    void process(std::vector<TokenId>& ids) const override {
        ids.insert(ids.begin(), m_before.begin(), m_before.end());
        ids.insert(ids.end(), m_after.begin(), m_after.end());
    }

private:
    std::vector<TokenId> m_before, m_after;
};

TokenId idOfPair(const nlohmann::json& pair, const std::string& path) {
    if (!pair.is_array() || pair.size() != 2 || !pair[1].is_number_integer())
        throw TokenizerFormatError(path, "expected [\"token\", id]");
    return static_cast<TokenId>(pair[1].get<std::int64_t>());
}

std::unique_ptr<PostProcessor> parseTemplate(const nlohmann::json& spec, const std::string& path) {
    const auto& single = requireField(spec, "single", path);
    const auto& specials = requireField(spec, "special_tokens", path);
    if (!single.is_array()) throw TokenizerFormatError(path + ".single", "expected an array");
    std::vector<TokenId> before, after;
    bool sawSequence = false;
    for (std::size_t i = 0; i < single.size(); ++i) {
        const auto where = path + ".single[" + std::to_string(i) + "]";
        const auto& piece = single[i];
        if (piece.is_object() && piece.contains("Sequence")) {
            if (sawSequence) throw TokenizerFormatError(where, "the single template names the sequence twice");
            sawSequence = true;
            continue;
        }
        if (!piece.is_object() || !piece.contains("SpecialToken"))
            throw TokenizerFormatError(where, "expected {\"SpecialToken\": …} or {\"Sequence\": …}");
        const auto name = stringField(piece["SpecialToken"], "id", where + ".SpecialToken");
        if (!specials.is_object() || !specials.contains(name))
            throw TokenizerFormatError(where, "special token \"" + name + "\" is not listed in special_tokens");
        const auto& ids = requireField(specials[name], "ids", path + ".special_tokens[\"" + name + "\"]");
        if (!ids.is_array()) throw TokenizerFormatError(path + ".special_tokens", "ids must be an array");
        for (const auto& id : ids) {
            if (!id.is_number_integer()) throw TokenizerFormatError(path + ".special_tokens", "ids must be integers");
            (sawSequence ? after : before).push_back(static_cast<TokenId>(id.get<std::int64_t>()));
        }
    }
    if (!sawSequence) throw TokenizerFormatError(path + ".single", "the single template has no Sequence slot");
    return std::make_unique<TemplateProcessor>(std::move(before), std::move(after));
}

}  // namespace

std::unique_ptr<PostProcessor> parsePostProcessor(const nlohmann::json& spec, const std::string& path) {
    const auto type = typeOf(spec, path);
    if (type == "Sequence") {
        const auto& list = requireField(spec, "processors", path);
        if (!list.is_array()) throw TokenizerFormatError(path + ".processors", "expected an array");
        std::vector<std::unique_ptr<PostProcessor>> parts;
        for (std::size_t i = 0; i < list.size(); ++i)
            parts.push_back(parsePostProcessor(list[i], path + ".processors[" + std::to_string(i) + "]"));
        return std::make_unique<SequenceProcessor>(std::move(parts));
    }
    if (type == "TemplateProcessing") return parseTemplate(spec, path);
    if (type == "ByteLevel") return std::make_unique<IdentityProcessor>();
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        return std::make_unique<TemplateProcessor>(
            std::vector<TokenId>{idOfPair(requireField(spec, "cls", path), path + ".cls")},
            std::vector<TokenId>{idOfPair(requireField(spec, "sep", path), path + ".sep")});
    }
    throw TokenizerFormatError(path, "unsupported post-processor type \"" + type + "\"");
}

}  // namespace cci::tok
