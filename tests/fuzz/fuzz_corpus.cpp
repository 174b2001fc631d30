// Fuzz target: corpus JSON reading and validation. Property: never crashes; a valid corpus written back in the
// official layout reads back valid with the same content.
#include "corpus/corpus_reader.h"
#include "corpus/corpus_writer.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const cci::CorpusReadResult r = cci::readCorpus(text, "fuzz.json");
    for (const cci::Problem& p : r.problems) (void)p.toString();
    if (!r.ok()) return 0;
    const std::string again = cci::corpusToJson(r.corpus);
    const cci::CorpusReadResult back = cci::readCorpus(again, "again.json");
    if (!back.ok() || cci::corpusToJson(back.corpus) != again) std::abort();
    return 0;
}
