// Fuzz target: tokenizer.json loading, then encoding and decoding of a text with the loaded tokenizer. The input is
// "JSON\0TEXT"; a malformed file must give cci::Error, never a crash.
#include "tokenizer/hf_tokenizer.h"
#include "util/problem.h"

#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto split = input.find('\0');
    const auto json = input.substr(0, split);
    const auto text =
        split == std::string_view::npos ? std::string_view("화자1: 안녕 hello 123") : input.substr(split + 1);
    try {
        const auto tokenizer = cci::tok::HfTokenizer::fromJsonText(json, "fuzz.json");
        const auto ids = tokenizer->encode(text, true);
        (void)tokenizer->decode(ids, false);
        (void)tokenizer->decode(ids, true);
    } catch (const cci::Error&) {
    }
    return 0;
}
