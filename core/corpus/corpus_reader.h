// Reading and validating corpus files in the official JSON schema. Validation never stops at the first problem:
// every problem is listed with the file, item index and id, JSON path and what is wrong. What the published Python
// code accepts is a warning, not an error (Corpus::warnings), and the item is read as that code reads it: an
// utterance that is a JSON number (or true/false/null) becomes the text str() makes of it; a reference id that names
// no utterance (the published refinement drops emptied utterances without updating reference_id) is kept but
// matches nothing, so the prompt leaves it out.
#pragma once

#include "corpus/corpus.h"
#include "util/problem.h"

#include <string>
#include <string_view>
#include <vector>

namespace cci {

struct CorpusReadResult {
    Corpus corpus;                  // the items that could be read (possibly partial when problems exist), and
                                    // the warnings (corpus.warnings)
    std::vector<Problem> problems;  // errors: empty when the file can be used
    bool ok() const { return problems.empty(); }
};

// Parses and validates corpus JSON text. `fileName` only labels problems. Never throws on bad content.
CorpusReadResult readCorpus(std::string_view json, const std::string& fileName);

// Same, reading the file (memory-mapped); an unreadable file becomes a problem. The split is guessed from the
// file name.
CorpusReadResult readCorpusFile(const std::string& path);

// Reads a file and throws cci::Error carrying every problem when it is not valid; hands its warnings to the
// warning sink (util/problem.h).
Corpus loadCorpus(const std::string& path);

}  // namespace cci
