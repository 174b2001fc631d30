// SentencePieceTokenizer (see sentencepiece_tokenizer.h), over the isolated SentencePiece plugin.
#include "tokenizer/sentencepiece_tokenizer.h"

#include "tokenizer/added_vocabulary.h"
#include "tokenizer/sentencepiece_plugin_api.h"
#include "util/problem.h"

#include <dlfcn.h>

#include <filesystem>
#include <mutex>

namespace cci::tok {

namespace {

// Finds and opens the plugin once: installed beside the program (../lib/cci-workbench), else in this build tree.
const CciSpmApi* pluginApi(std::string& error) {
    static std::once_flag once;
    static const CciSpmApi* api = nullptr;
    static std::string loadError;
    std::call_once(once, [] {
        namespace fs = std::filesystem;
        std::error_code ec;
        std::vector<fs::path> candidates;
        const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
        if (!ec)
            candidates.push_back(exe.parent_path().parent_path() / "lib" / "cci-workbench" / "libcci_sentencepiece.so");
#ifdef CCI_SENTENCEPIECE_PLUGIN
        candidates.emplace_back(CCI_SENTENCEPIECE_PLUGIN);
#endif
        for (const auto& path : candidates) {
            if (!fs::exists(path, ec)) continue;
            void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
            if (!handle) {
                loadError = dlerror();
                continue;
            }
            using Entry = const CciSpmApi* (*)();
            if (auto entry = reinterpret_cast<Entry>(dlsym(handle, "cci_sentencepiece_api"))) {
                api = entry();
                return;
            }
            loadError = path.string() + " has no cci_sentencepiece_api";
        }
        if (loadError.empty()) loadError = "the SentencePiece plugin (libcci_sentencepiece.so) is not installed";
    });
    error = loadError;
    return api;
}

}  // namespace

struct SentencePieceTokenizer::Impl {
    const CciSpmApi* api = nullptr;
    void* model = nullptr;
    std::vector<AddedToken> controls;
    AddedTokenMatcher matcher;
    ~Impl() {
        if (model) api->release(model);
    }
};

bool sentencePieceAvailable() {
    std::string error;
    return pluginApi(error) != nullptr;
}

SentencePieceTokenizer::SentencePieceTokenizer() : m_impl(std::make_unique<Impl>()) {}
SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::fromFile(const std::string& path, bool addBos,
                                                                         bool addEos) {
    Problem problem;
    problem.file = path;
    std::string error;
    const CciSpmApi* api = pluginApi(error);
    if (!api) {
        problem.message = "cannot read SentencePiece models: " + error;
        throw Error({problem});
    }
    std::unique_ptr<SentencePieceTokenizer> t(new SentencePieceTokenizer());
    t->m_addBos = addBos;
    t->m_addEos = addEos;
    auto& impl = *t->m_impl;
    impl.api = api;
    char message[512] = {0};
    impl.model = api->load(path.c_str(), message, sizeof message);
    if (!impl.model) {
        problem.message = std::string("not a SentencePiece model: ") + message;
        throw Error({problem});
    }
    for (int id = 0; id < api->pieceSize(impl.model); ++id) {
        if (!api->isControl(impl.model, id)) continue;
        AddedToken token;
        token.content = t->idToToken(id);
        token.id = id;
        token.special = true;
        impl.controls.push_back(token);
    }
    std::vector<const AddedToken*> tokens;
    std::vector<std::string> patterns;
    for (const auto& c : impl.controls) {
        tokens.push_back(&c);
        patterns.push_back(c.content);
    }
    impl.matcher.build(tokens, patterns);
    return t;
}

std::vector<TokenId> SentencePieceTokenizer::encode(std::string_view text, bool addSpecialTokens) const {
    const auto& impl = *m_impl;
    std::vector<TokenId> ids;
    const int bos = impl.api->bosId(impl.model), eos = impl.api->eosId(impl.model);
    if (addSpecialTokens && m_addBos && bos >= 0) ids.push_back(bos);
    std::vector<int> pieces;
    for (const auto& segment : impl.matcher.split(text)) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
            continue;
        }
        if (segment.text.empty()) continue;
        pieces.resize(segment.text.size() + 8);
        const auto n =
            impl.api->encode(impl.model, segment.text.data(), segment.text.size(), pieces.data(), pieces.size());
        if (n > pieces.size()) {
            pieces.resize(n);
            impl.api->encode(impl.model, segment.text.data(), segment.text.size(), pieces.data(), pieces.size());
        }
        ids.insert(ids.end(), pieces.begin(), pieces.begin() + static_cast<std::ptrdiff_t>(n));
    }
    if (addSpecialTokens && m_addEos && eos >= 0) ids.push_back(eos);
    return ids;
}

std::string SentencePieceTokenizer::decode(const std::vector<TokenId>& ids, bool skipSpecialTokens) const {
    const auto& impl = *m_impl;
    std::vector<int> kept;
    const int size = impl.api->pieceSize(impl.model);
    for (const auto id : ids) {
        if (id < 0 || id >= size) continue;
        if (skipSpecialTokens && impl.api->isControl(impl.model, id)) continue;
        kept.push_back(id);
    }
    std::string out(kept.size() * 8 + 16, '\0');
    const auto n = impl.api->decode(impl.model, kept.data(), kept.size(), out.data(), out.size());
    if (n > out.size()) {
        out.resize(n);
        impl.api->decode(impl.model, kept.data(), kept.size(), out.data(), out.size());
    }
    out.resize(n);
    return out;
}

std::optional<TokenId> SentencePieceTokenizer::tokenToId(std::string_view token) const {
    const int id = m_impl->api->pieceToId(m_impl->model, token.data(), token.size());
    if (id == m_impl->api->unkId(m_impl->model) && token != idToToken(id)) return std::nullopt;
    return id;
}

std::string SentencePieceTokenizer::idToToken(TokenId id) const {
    if (id < 0 || id >= m_impl->api->pieceSize(m_impl->model)) return {};
    std::string out(64, '\0');
    const auto n = m_impl->api->idToPiece(m_impl->model, id, out.data(), out.size());
    if (n > out.size()) {
        out.resize(n);
        m_impl->api->idToPiece(m_impl->model, id, out.data(), out.size());
    }
    out.resize(n);
    return out;
}

std::size_t SentencePieceTokenizer::vocabSize() const {
    return static_cast<std::size_t>(m_impl->api->pieceSize(m_impl->model));
}

bool SentencePieceTokenizer::isSpecial(TokenId id) const {
    return id >= 0 && id < m_impl->api->pieceSize(m_impl->model) && m_impl->api->isControl(m_impl->model, id);
}

std::vector<std::string> SentencePieceTokenizer::specialTokens() const {
    std::vector<std::string> out;
    for (const auto& c : m_impl->controls) out.push_back(c.content);
    return out;
}

}  // namespace cci::tok
