// Small helpers of the corpus model: categories, gold answers, splits.
#include "corpus/corpus.h"

#include "util/utf8.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <unordered_set>

namespace cci {

namespace {

// Python's repr() of a float: the shortest digits that read back to the same double, in positional notation when
// the decimal exponent is from -5 to 15 (with ".0" when integral), else as d.ddde+XX.
std::string pythonFloatRepr(double value) {
    char buf[64];
    const auto end = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific).ptr;
    const std::string sci(buf, end);  // "-1.2345e+03"
    const auto e = sci.find('e');
    const bool negative = sci[0] == '-';
    std::string digits;
    for (std::size_t i = negative ? 1 : 0; i < e; ++i)
        if (sci[i] != '.') digits += sci[i];
    const int exponent = std::atoi(sci.c_str() + e + 1);
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
        out += digits.substr(0, 1);
        if (digits.size() > 1) out += "." + digits.substr(1);
        const std::string magnitude = std::to_string(std::abs(exponent));
        out += std::string(exponent < 0 ? "e-" : "e+") + (magnitude.size() < 2 ? "0" : "") + magnitude;
    } else if (exponent < 0) {
        out += "0." + std::string(std::size_t(-exponent - 1), '0') + digits;
    } else {
        const std::size_t point = std::size_t(exponent) + 1;
        if (digits.size() <= point)
            out += digits + std::string(point - digits.size(), '0') + ".0";
        else
            out += digits.substr(0, point) + "." + digits.substr(point);
    }
    return out;
}

}  // namespace

std::string pythonStrOfJsonLiteral(std::string_view literal) {
    if (literal == "true") return "True";
    if (literal == "false") return "False";
    if (literal == "null") return "None";
    if (literal.find_first_of(".eE") == std::string_view::npos) {
        // A JSON integer becomes a Python int: the digits as written, without the sign of a negative zero.
        const bool zero = literal.find_first_not_of("-0") == std::string_view::npos;
        return zero ? "0" : std::string(literal);
    }
    // json.load reads it as a float (an overflow becomes inf).
    const double value = std::strtod(std::string(literal).c_str(), nullptr);
    if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
    return pythonFloatRepr(value);
}

int categoryIndex(std::string_view category) {
    const auto it = std::find(kCategories.begin(), kCategories.end(), category);
    return it == kCategories.end() ? -1 : int(it - kCategories.begin());
}

int Sample::goldIndex() const {
    const auto it = std::find(kOutputKeys.begin(), kOutputKeys.end(), output);
    return it == kOutputKeys.end() ? -1 : int(it - kOutputKeys.begin());
}

std::vector<std::size_t> Sample::referenceUtteranceIndices() const {
    const std::unordered_set<std::string_view> refs(referenceIds.begin(), referenceIds.end());
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < conversation.size(); ++i)
        for (const std::string& id : conversation[i].ids)
            if (refs.count(id)) {
                out.push_back(i);
                break;
            }
    return out;
}

std::size_t Sample::totalCharacters() const {
    std::size_t n = 0;
    for (const Utterance& u : conversation) n += utf8::codePointCount(u.text);
    return n;
}

std::string_view splitName(Split split) {
    switch (split) {
        case Split::Train: return "train";
        case Split::Dev: return "dev";
        case Split::Test: return "test";
        case Split::Other: return "other";
    }
    return "other";
}

std::optional<Split> splitFromName(std::string_view name) {
    for (Split s : {Split::Train, Split::Dev, Split::Test, Split::Other})
        if (splitName(s) == name) return s;
    return std::nullopt;
}

Split guessSplit(std::string_view fileName) {
    std::string stem = std::filesystem::path(fileName).stem().string();
    std::transform(stem.begin(), stem.end(), stem.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    // Match whole tokens so that "contest" is not read as "test".
    std::vector<std::string> tokens;
    std::string cur;
    for (char c : stem) {
        if (std::isalnum(static_cast<unsigned char>(c))) {
            cur += c;
        } else if (!cur.empty()) {
            tokens.push_back(cur);
            cur.clear();
        }
    }
    if (!cur.empty()) tokens.push_back(cur);
    for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
        if (*it == "train" || *it == "training") return Split::Train;
        if (*it == "dev" || *it == "valid" || *it == "validation" || *it == "val") return Split::Dev;
        if (*it == "test") return Split::Test;
    }
    return Split::Other;
}

}  // namespace cci
