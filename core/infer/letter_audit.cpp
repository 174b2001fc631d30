// The answer-letter audit (see letter_audit.h).
#include "infer/letter_audit.h"

#include "prompt/prompt_tokens.h"
#include "run/dev_evaluations.h"
#include "run/run_folder.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <map>

namespace cci::infer {

bool LetterAudit::trainedAsScored() const {
    return std::all_of(letters.begin(), letters.end(),
                       [](const LetterToken& t) { return !t.trained || *t.trained == t.scored; });
}

LetterAudit auditLetters(const Corpus& corpus, const PredictResult& scored, const tok::Tokenizer& tokenizer) {
    LetterAudit audit;
    for (std::size_t j = 0; j < 3; ++j) {
        LetterToken& t = audit.letters[j];
        t.letter = std::string(1, char('A' + j));
        t.scored = j < scored.letterIds.size() ? scored.letterIds[j] : tokenizer.tokenToId(t.letter).value_or(-1);
        t.scoredText = tokenizer.idToToken(t.scored);
        if (!corpus.samples.empty()) {
            // Only the target's first token matters; any item and eos id give it.
            const auto target = prompt::targetTokenIds(corpus.samples.front(), int(j), tokenizer, 0);
            t.trained = target.front();
            t.trainedText = tokenizer.idToToken(*t.trained);
        }
    }
    std::map<tok::TokenId, std::size_t> others;
    double sum = 0;
    audit.minMass = 1;
    for (const ItemScore& s : scored.scores) {
        if (s.choice >= 0 && s.choice < 3) ++audit.picked[std::size_t(s.choice)];
        if (!s.letterMass) continue;
        ++audit.items;
        sum += *s.letterMass;
        audit.minMass = std::min(audit.minMass, *s.letterMass);
        audit.itemsBelowHalf += *s.letterMass < 0.5;
        const bool letter = std::any_of(audit.letters.begin(), audit.letters.end(),
                                        [&](const LetterToken& t) { return t.scored == s.topToken; });
        if (s.topToken >= 0 && !letter) ++others[s.topToken];
    }
    audit.meanMass = audit.items ? sum / double(audit.items) : 0;
    if (!audit.items) audit.minMass = 0;
    std::vector<std::pair<std::size_t, tok::TokenId>> ranked;
    for (const auto& [id, count] : others) ranked.push_back({count, id});
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    for (std::size_t i = 0; i < ranked.size() && i < 5; ++i)
        audit.otherTopTokens.push_back({tokenizer.idToToken(ranked[i].second), ranked[i].first});
    return audit;
}

std::vector<std::string> letterAuditFindings(const LetterAudit& audit) {
    std::vector<std::string> out;
    if (const auto collapse = run::collapsedAnswers(audit.picked))
        out.push_back("the model " + run::describeCollapse(*collapse));
    for (const LetterToken& t : audit.letters)
        if (t.trained && *t.trained != t.scored)
            out.push_back("letter " + t.letter + ": training teaches token " + std::to_string(*t.trained) + " \"" +
                          t.trainedText + "\" but scoring reads token " + std::to_string(t.scored) + " \"" +
                          t.scoredText +
                          "\": the fine-tuned model learns to answer with a token that is not scored, so its "
                          "A/B/C scores come from what training moved only indirectly");
    char text[200];
    if (audit.items && audit.meanMass < 0.5) {
        std::snprintf(text, sizeof text,
                      "the model puts only %.1f%% of its next-token probability on A, B and C together (mean over %zu "
                      "items): its answers are read from tokens it rarely emits",
                      100 * audit.meanMass, audit.items);
        out.push_back(text);
    } else if (audit.itemsBelowHalf) {
        std::snprintf(text, sizeof text, "%zu of %zu items have less than half of the probability on A, B and C",
                      audit.itemsBelowHalf, audit.items);
        out.push_back(text);
    }
    return out;
}

nlohmann::ordered_json letterAuditToJson(const LetterAudit& audit) {
    nlohmann::ordered_json letters = nlohmann::ordered_json::array();
    for (const LetterToken& t : audit.letters) {
        nlohmann::ordered_json j = {{"letter", t.letter}, {"scored_id", t.scored}, {"scored_token", t.scoredText}};
        if (t.trained) {
            j["trained_id"] = *t.trained;
            j["trained_token"] = t.trainedText;
        }
        letters.push_back(j);
    }
    nlohmann::ordered_json others = nlohmann::ordered_json::array();
    for (const auto& [token, count] : audit.otherTopTokens) others.push_back({{"token", token}, {"items", count}});
    return {{"letters", letters},
            {"items", audit.items},
            {"letter_mass_mean", audit.meanMass},
            {"letter_mass_min", audit.minMass},
            {"items_below_half", audit.itemsBelowHalf},
            {"picked", audit.picked},
            {"other_top_tokens", others},
            {"findings", letterAuditFindings(audit)}};
}

std::optional<LetterAudit> letterAuditFromJson(const nlohmann::json& j) {
    if (!j.is_object()) return std::nullopt;
    const auto letters = j.find("letters");
    if (letters == j.end() || !letters->is_array() || letters->size() != 3) return std::nullopt;
    const auto number = [](const nlohmann::json& o, const char* key) -> std::optional<double> {
        const auto it = o.find(key);
        return it != o.end() && it->is_number() ? std::optional(it->get<double>()) : std::nullopt;
    };
    const auto text = [](const nlohmann::json& o, const char* key) {
        const auto it = o.find(key);
        return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    LetterAudit a;
    for (std::size_t i = 0; i < 3; ++i) {
        const auto& l = (*letters)[i];
        if (!l.is_object()) return std::nullopt;
        a.letters[i].letter = text(l, "letter");
        a.letters[i].scored = tok::TokenId(number(l, "scored_id").value_or(-1));
        a.letters[i].scoredText = text(l, "scored_token");
        if (const auto trained = number(l, "trained_id")) a.letters[i].trained = tok::TokenId(*trained);
        a.letters[i].trainedText = text(l, "trained_token");
    }
    a.items = std::size_t(std::max(0.0, number(j, "items").value_or(0)));
    a.meanMass = number(j, "letter_mass_mean").value_or(0);
    a.minMass = number(j, "letter_mass_min").value_or(0);
    a.itemsBelowHalf = std::size_t(std::max(0.0, number(j, "items_below_half").value_or(0)));
    if (const auto picked = j.find("picked"); picked != j.end() && picked->is_array() && picked->size() == 3)
        for (std::size_t i = 0; i < 3; ++i)
            if ((*picked)[i].is_number()) a.picked[i] = std::size_t(std::max(0.0, (*picked)[i].get<double>()));
    if (const auto others = j.find("other_top_tokens"); others != j.end() && others->is_array())
        for (const auto& o : *others)
            if (o.is_object())
                a.otherTopTokens.push_back(
                    {text(o, "token"), std::size_t(std::max(0.0, number(o, "items").value_or(0)))});
    return a;
}

std::optional<LetterAudit> letterAuditOfRun(const std::string& runFolder) {
    try {
        const auto record = run::RunFolder(runFolder).readRecord();
        const auto audit = record.find("letter_audit");
        return audit == record.end() ? std::nullopt : letterAuditFromJson(nlohmann::json(*audit));
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string letterAuditText(const LetterAudit& audit) {
    std::string out;
    char line[256];
    for (const LetterToken& t : audit.letters) {
        std::snprintf(line, sizeof line, "%s: scored token %d \"%s\"", t.letter.c_str(), t.scored,
                      t.scoredText.c_str());
        out += line;
        if (t.trained) {
            std::snprintf(line, sizeof line, ", trained token %d \"%s\"%s", *t.trained, t.trainedText.c_str(),
                          *t.trained == t.scored ? " (the same)" : " (DIFFERENT)");
            out += line;
        }
        out += "\n";
    }
    std::snprintf(
        line, sizeof line,
        "Probability on A+B+C at the answer position: mean %.1f%%, lowest %.1f%% (%zu items; %zu below 50%%)\n",
        100 * audit.meanMass, 100 * audit.minMass, audit.items, audit.itemsBelowHalf);
    out += line;
    if (!audit.otherTopTokens.empty()) {
        out += "Most probable token where it is not a letter:";
        for (const auto& [token, count] : audit.otherTopTokens)
            out += " \"" + token + "\" (" + std::to_string(count) + " items)";
        out += "\n";
    }
    for (const auto& finding : letterAuditFindings(audit)) out += "Note: " + finding + "\n";
    return out;
}

}  // namespace cci::infer
