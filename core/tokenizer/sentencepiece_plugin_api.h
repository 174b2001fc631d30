// The C interface of the SentencePiece plugin (libcci_sentencepiece.so). libsentencepiece carries its own copy of
// protobuf, which clashes with the libprotobuf that libtorch loads (a crash in static initialisation when both
// are linked into one program), so it lives in a plugin opened with RTLD_LOCAL | RTLD_DEEPBIND.
#pragma once

#include <cstddef>

extern "C" {

struct CciSpmApi {
    void* (*load)(const char* path, char* error, std::size_t errorSize);  // nullptr on failure
    void (*release)(void* model);
    int (*pieceSize)(void* model);
    // Writes up to `capacity` ids; returns the number of ids (call again with more room when larger).
    std::size_t (*encode)(void* model, const char* text, std::size_t length, int* ids, std::size_t capacity);
    // Writes up to `capacity` bytes; returns the length of the text.
    std::size_t (*decode)(void* model, const int* ids, std::size_t count, char* out, std::size_t capacity);
    // Writes up to `capacity` bytes; returns the length of the piece.
    std::size_t (*idToPiece)(void* model, int id, char* out, std::size_t capacity);
    int (*pieceToId)(void* model, const char* piece, std::size_t length);
    int (*isControl)(void* model, int id);
    int (*bosId)(void* model);
    int (*eosId)(void* model);
    int (*unkId)(void* model);
};

// Exported by the plugin.
const CciSpmApi* cci_sentencepiece_api();
}
