// Small helpers of the corpus model: categories, gold answers, splits.
#include "corpus/corpus.h"

#include "util/utf8.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <unordered_set>

namespace cci {

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
