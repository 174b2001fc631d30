// The SentencePiece plugin (see sentencepiece_plugin_api.h): a thin C wrapper over libsentencepiece.
#include "tokenizer/sentencepiece_plugin_api.h"

#include <sentencepiece_processor.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace {

sentencepiece::SentencePieceProcessor& sp(void* model) {
    return *static_cast<sentencepiece::SentencePieceProcessor*>(model);
}

std::size_t copyOut(const std::string& s, char* out, std::size_t capacity) {
    if (out && capacity) std::memcpy(out, s.data(), std::min(capacity, s.size()));
    return s.size();
}

const CciSpmApi kApi{
    [](const char* path, char* error, std::size_t errorSize) -> void* {
        auto* processor = new sentencepiece::SentencePieceProcessor();
        const auto status = processor->Load(path);
        if (status.ok()) return processor;
        const std::string message = status.ToString();
        if (error && errorSize) {
            const std::size_t n = std::min(errorSize - 1, message.size());
            std::memcpy(error, message.data(), n);
            error[n] = '\0';
        }
        delete processor;
        return nullptr;
    },
    [](void* model) { delete static_cast<sentencepiece::SentencePieceProcessor*>(model); },
    [](void* model) { return sp(model).GetPieceSize(); },
    [](void* model, const char* text, std::size_t length, int* ids, std::size_t capacity) -> std::size_t {
        std::vector<int> pieces;
        sp(model).Encode(std::string_view(text, length), &pieces).IgnoreError();
        std::copy_n(pieces.begin(), std::min(capacity, pieces.size()), ids);
        return pieces.size();
    },
    [](void* model, const int* ids, std::size_t count, char* out, std::size_t capacity) -> std::size_t {
        std::string text;
        sp(model).Decode(std::vector<int>(ids, ids + count), &text).IgnoreError();
        return copyOut(text, out, capacity);
    },
    [](void* model, int id, char* out, std::size_t capacity) -> std::size_t {
        return copyOut(sp(model).IdToPiece(id), out, capacity);
    },
    [](void* model, const char* piece, std::size_t length) {
        return sp(model).PieceToId(std::string_view(piece, length));
    },
    [](void* model, int id) { return sp(model).IsControl(id) ? 1 : 0; },
    [](void* model) { return sp(model).bos_id(); },
    [](void* model) { return sp(model).eos_id(); },
    [](void* model) { return sp(model).unk_id(); },
};

}  // namespace

extern "C" __attribute__((visibility("default"))) const CciSpmApi* cci_sentencepiece_api() { return &kApi; }
