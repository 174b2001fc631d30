// Fast skim of id/output pairs with a validating fallback; probability sidecars.
#include "ensemble/answer_reader.h"

#include "corpus/corpus_reader.h"
#include "util/json_stream.h"
#include "util/mapped_file.h"
#include "util/problem.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace cci::ensemble {
namespace {

// Next byte in [p, end) that is a quote or a bracket; `end` when none. Pretty-printed files are mostly
// indentation between strings, so 16 bytes are tested at a time where SSE2 is available.
const char* nextStructural(const char* p, const char* end) {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), openSq = _mm_set1_epi8('['), closeSq = _mm_set1_epi8(']'),
                  openCu = _mm_set1_epi8('{'), closeCu = _mm_set1_epi8('}');
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_or_si128(_mm_cmpeq_epi8(v, openSq), _mm_cmpeq_epi8(v, closeSq))),
            _mm_or_si128(_mm_cmpeq_epi8(v, openCu), _mm_cmpeq_epi8(v, closeCu)));
        const int mask = _mm_movemask_epi8(hit);
        if (mask != 0) return p + __builtin_ctz(unsigned(mask));
        p += 16;
    }
#endif
    while (p < end && *p != '"' && *p != '[' && *p != ']' && *p != '{' && *p != '}') ++p;
    return p;
}

// Returns false whenever the text is not the plain shape expected (escapes in ids, odd nesting, missing keys);
// the caller then uses the validating reader.
bool skim(std::string_view text, AnswerFile& out, const MappedFile* mapping) {
    const char* p = text.data();
    const char* const end = p + text.size();
    int depth = 0;
    bool inItem = false, haveId = false, haveOutput = false;
    std::size_t released = 0;
    auto stringEnd = [&](const char* open) -> const char* {  // position of the closing quote, or nullptr
        const char* q = open + 1;
        while (true) {
            q = static_cast<const char*>(std::memchr(q, '"', std::size_t(end - q)));
            if (!q) return nullptr;
            const char* b = q;
            while (b > open + 1 && b[-1] == '\\') --b;
            if ((q - b) % 2 == 0) return q;
            ++q;
        }
    };
    while (p < end) {
        p = nextStructural(p, end);
        if (p >= end) break;
        const char c = *p;
        if (c == '"') {
            const char* close = stringEnd(p);
            if (!close) return false;
            if (depth == 2) {
                const char* after = close + 1;
                while (after < end && (*after == ' ' || *after == '\n' || *after == '\r' || *after == '\t')) ++after;
                if (after < end && *after == ':') {
                    const std::string_view key(p + 1, std::size_t(close - p - 1));
                    const bool isId = key == "id", isOutput = key == "output";
                    if (isId || isOutput) {
                        const char* v = after + 1;
                        while (v < end && (*v == ' ' || *v == '\n' || *v == '\r' || *v == '\t')) ++v;
                        if (v >= end || *v != '"') return false;
                        const char* vClose = stringEnd(v);
                        if (!vClose) return false;
                        const std::string_view value(v + 1, std::size_t(vClose - v - 1));
                        if (value.find('\\') != std::string_view::npos) return false;
                        if ((isId && haveId) || (isOutput && haveOutput)) return false;
                        (isId ? out.ids : out.outputs).back() = std::string(value);
                        (isId ? haveId : haveOutput) = true;
                        p = vClose + 1;
                        continue;
                    }
                }
            }
            p = close + 1;
            continue;
        }
        if (c == '[' || c == '{') {
            ++depth;
            if (depth == 2) {
                if (c != '{' || inItem) return false;
                inItem = true;
                haveId = haveOutput = false;
                out.ids.emplace_back();
                out.outputs.emplace_back();
            } else if (depth == 1 && c != '[') {
                return false;
            }
        } else if (c == ']' || c == '}') {
            if (depth == 2) {
                if (!haveId || !haveOutput) return false;
                inItem = false;
                // Drop the pages already read (every 64 MiB), so eleven large files do not all stay resident.
                const std::size_t at = std::size_t(p - text.data());
                if (mapping && at >= released + (std::size_t(64) << 20)) {
                    mapping->release(released, at);
                    released = at;
                }
            }
            if (--depth < 0) return false;
        }
        ++p;
    }
    return depth == 0 && !inItem;
}

}  // namespace

AnswerFile readAnswers(const std::string& path) {
    AnswerFile out;
    out.path = path;
    {
        const MappedFile file(path);
        if (skim(file.view(), out, &file)) {
            bool plausible = true;
            for (const std::string& o : out.outputs)
                plausible = plausible && (o.empty() || o == "inference_1" || o == "inference_2" || o == "inference_3");
            if (plausible && !out.ids.empty()) return out;
        }
    }
    // Anything unusual: the validating reader tells exactly what is wrong (or accepts an unusual but valid file).
    CorpusReadResult r = readCorpusFile(path);
    if (!r.ok()) throw Error(std::move(r.problems));
    out.ids.clear();
    out.outputs.clear();
    for (const Sample& s : r.corpus.samples) {
        out.ids.push_back(s.id);
        out.outputs.push_back(s.output);
    }
    return out;
}

bool isPredictionSidecar(const std::string& path) {
    return path.ends_with(".probs.json") || path.ends_with(".audit.json");
}

std::string probabilitiesPathFor(const std::string& predictionPath) {
    namespace fs = std::filesystem;
    const fs::path p(predictionPath);
    const fs::path probs = p.parent_path() / (p.stem().string() + ".probs.json");
    std::error_code ec;
    return fs::is_regular_file(probs, ec) ? probs.string() : std::string();
}

Probabilities readProbabilities(const std::string& path) {
    Probabilities out;
    const MappedFile file(path);
    std::vector<Problem> problems;
    long index = 0;
    try {
        forEachArrayElement(file.view(), [&](const JsonNode& item) {
            const std::string where = "[" + std::to_string(index) + "]";
            auto report = [&](const std::string& field, const std::string& what) {
                problems.push_back(Problem{.file = path, .itemIndex = index, .path = where + field, .message = what});
            };
            const JsonNode id = item.find("id"), probs = item.find("probs");
            if (!item.isObject() || !id.valid() || !id.isString())
                report(".id", "missing or not a string");
            else
                out.ids.emplace_back(id.string());
            if (!probs.valid() || !probs.isArray() || probs.size() != 3) {
                report(".probs", "expected an array of three probabilities (A, B, C)");
                out.probs.insert(out.probs.end(), 3, 0.0f);
            } else {
                for (std::size_t k = 0; k < 3; ++k) {
                    const JsonNode v = probs.at(k);
                    const double x = v.kind() == JsonNode::Kind::Integer ? double(v.integer())
                                     : v.kind() == JsonNode::Kind::Float
                                         ? std::strtod(std::string(v.source()).c_str(), nullptr)
                                         : NAN;
                    if (!std::isfinite(x) || x < 0)
                        report(".probs[" + std::to_string(k) + "]", "expected a finite, non-negative number");
                    out.probs.push_back(float(x));
                }
            }
            ++index;
        });
    } catch (const JsonSyntaxError& e) {
        auto [line, col] = lineAndColumn(file.view(), e.offset);
        problems.push_back(
            Problem{.file = path, .line = line, .column = col, .message = std::string("malformed JSON: ") + e.what()});
    }
    if (!problems.empty()) throw Error(std::move(problems));
    return out;
}

}  // namespace cci::ensemble
