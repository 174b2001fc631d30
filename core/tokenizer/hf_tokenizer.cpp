// HfTokenizer (see hf_tokenizer.h).
#include "tokenizer/hf_tokenizer.h"

#include "tokenizer/added_vocabulary.h"
#include "tokenizer/bpe_model.h"
#include "tokenizer/decoders.h"
#include "tokenizer/json_fields.h"
#include "tokenizer/normalizers.h"
#include "tokenizer/post_processors.h"
#include "tokenizer/pre_tokenizers.h"
#include "util/atomic_write.h"
#include "util/json_stream.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

namespace cci::tok {

HfTokenizer::HfTokenizer() = default;
HfTokenizer::~HfTokenizer() = default;

std::unique_ptr<HfTokenizer> HfTokenizer::fromFile(const std::string& path) {
    std::string text;
    try {
        text = readFile(path);
    } catch (const std::exception& e) {
        Problem p;
        p.file = path;
        p.message = std::string("cannot read the tokenizer: ") + e.what();
        throw Error({p});
    }
    return fromJsonText(text, path);
}

std::unique_ptr<HfTokenizer> HfTokenizer::fromJsonText(std::string_view text, const std::string& origin) {
    Problem problem;
    problem.file = origin;
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        const auto [line, column] = lineAndColumn(text, e.byte > 0 ? e.byte - 1 : 0);
        problem.line = line;
        problem.column = column;
        problem.message = "not valid JSON: " + std::string(e.what()).substr(std::string(e.what()).find(':') + 2);
        throw Error({problem});
    } catch (const nlohmann::json::exception& e) {
        problem.message = std::string("not valid JSON: ") + e.what();
        throw Error({problem});
    }
    std::unique_ptr<HfTokenizer> tokenizer(new HfTokenizer());
    try {
        tokenizer->load(root);
    } catch (const TokenizerFormatError& e) {
        problem.path = e.path;
        problem.message = e.what();
        throw Error({problem});
    } catch (const nlohmann::json::exception& e) {
        problem.message = std::string("unexpected value: ") + e.what();
        throw Error({problem});
    }
    return tokenizer;
}

void HfTokenizer::load(const nlohmann::json& root) {
    if (!root.is_object()) throw TokenizerFormatError("", "a tokenizer.json must be a JSON object");
    const auto& model = requireField(root, "model", "");
    const auto modelType = model.is_object() ? optionalString(model, "type", "BPE") : std::string();
    if (modelType != "BPE")
        throw TokenizerFormatError("model.type",
                                   "unsupported model type \"" + modelType +
                                       "\" (supported: BPE; SentencePiece models load from tokenizer.model)");
    m_model = BpeModel::fromJson(model, "model");
    m_maxId = m_model->maxId();

    const auto component = [&](const char* key) -> const nlohmann::json* {
        const auto it = root.find(key);
        return it == root.end() || it->is_null() ? nullptr : &*it;
    };
    if (const auto* spec = component("normalizer")) m_normalizer = parseNormalizer(*spec, "normalizer");
    if (const auto* spec = component("pre_tokenizer")) m_preTokenizer = parsePreTokenizer(*spec, "pre_tokenizer");
    if (const auto* spec = component("post_processor")) m_postProcessor = parsePostProcessor(*spec, "post_processor");
    if (const auto* spec = component("decoder")) m_decoder = parseDecoder(*spec, "decoder");

    m_added = std::make_unique<AddedVocabulary>();
    if (const auto* spec = component("added_tokens"))
        m_added->load(
            *spec, m_normalizer.get(), [&](const std::string& content) { return m_model->tokenToId(content); },
            static_cast<TokenId>(m_model->size()), "added_tokens");
    for (const auto& t : m_added->tokens()) m_maxId = std::max(m_maxId, t.id);
}

void HfTokenizer::encodeText(std::string_view text, bool atInputStart, std::vector<TokenId>& ids) const {
    std::string normalized(text);
    if (m_normalizer) m_normalizer->normalize(normalized);
    std::vector<PreToken> pieces;
    for (const auto& segment : m_added->normalizedMatcher().split(normalized)) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
            continue;
        }
        if (segment.text.empty()) continue;
        pieces.assign(1, PreToken{std::string(segment.text), atInputStart && segment.offset == 0});
        if (m_preTokenizer) m_preTokenizer->split(pieces);
        for (const auto& piece : pieces) m_model->tokenize(piece.text, ids);
    }
}

std::vector<TokenId> HfTokenizer::encode(std::string_view text, bool addSpecialTokens) const {
    std::vector<TokenId> ids;
    ids.reserve(text.size() / 2 + 4);
    for (const auto& segment : m_added->rawMatcher().split(text)) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
        } else if (!segment.text.empty()) {
            encodeText(segment.text, segment.offset == 0, ids);
        }
    }
    if (addSpecialTokens && m_postProcessor) m_postProcessor->process(ids);
    return ids;
}

std::string HfTokenizer::decode(const std::vector<TokenId>& ids, bool skipSpecialTokens) const {
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const auto id : ids) {
        if (const auto* added = m_added->byId(id)) {
            if (!(skipSpecialTokens && added->special)) tokens.push_back(added->content);
        } else if (const auto* token = m_model->idToToken(id)) {
            tokens.push_back(*token);
        }
    }
    if (!m_decoder) {
        std::string joined;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i) joined += ' ';
            joined += tokens[i];
        }
        return joined;
    }
    m_decoder->decode(tokens);
    std::string out;
    for (const auto& t : tokens) out += t;
    return out;
}

std::optional<TokenId> HfTokenizer::tokenToId(std::string_view token) const {
    if (const auto* added = m_added->byContent(token)) return added->id;
    return m_model->tokenToId(token);
}

std::string HfTokenizer::idToToken(TokenId id) const {
    if (const auto* added = m_added->byId(id)) return added->content;
    const auto* token = m_model->idToToken(id);
    return token ? *token : std::string();
}

std::size_t HfTokenizer::vocabSize() const { return static_cast<std::size_t>(m_maxId + 1); }

bool HfTokenizer::isSpecial(TokenId id) const {
    const auto* added = m_added->byId(id);
    return added && added->special;
}

std::vector<std::string> HfTokenizer::specialTokens() const {
    std::vector<std::string> out;
    for (const auto& t : m_added->tokens())
        if (t.special) out.push_back(t.content);
    return out;
}

}  // namespace cci::tok
