// Writing corpora in the official layout: UTF-8, non-ASCII kept as is, 4-space indent, official key order
// (the layout of Python's json.dump(..., ensure_ascii=False, indent=4)).
#pragma once

#include "corpus/corpus.h"

#include <ostream>
#include <string>

namespace cci {

// Appends `s` as a JSON string literal, escaping only what JSON requires (as Python does with ensure_ascii=False).
void appendJsonString(std::string& out, std::string_view s);

void writeCorpus(std::ostream& out, const Corpus& corpus);
std::string corpusToJson(const Corpus& corpus);
// Atomic: the target is replaced only once the whole file is written.
void saveCorpus(const Corpus& corpus, const std::string& path);

}  // namespace cci
