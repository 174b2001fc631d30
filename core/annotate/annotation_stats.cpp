// Annotation agreement, exports and the agreement table.
#include "annotate/annotation_stats.h"

#include "ensemble/diversity.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

namespace cci::annotate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string fmt(double x, const char* format) {
    if (!std::isfinite(x)) return "–";
    char buf[32];
    std::snprintf(buf, sizeof buf, format, x);
    return buf;
}

std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (const char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

}  // namespace

AnnotationAgreement annotationAgreement(const AnnotationSet& set, const std::vector<const Corpus*>& gold,
                                        const ensemble::VoteMatrix* predictions) {
    AnnotationAgreement r;
    r.annotators = set.annotators();
    const std::size_t A = r.annotators.size();
    std::map<std::string, int> goldById;
    for (const Corpus* c : gold)
        for (const Sample& s : c->samples) goldById[s.id] = s.goldIndex();
    std::map<std::string, std::size_t> rowById;
    if (predictions) {
        r.modelNames = predictions->modelNames;
        for (std::size_t i = 0; i < predictions->items(); ++i) rowById[predictions->ids[i]] = i;
    }
    const std::size_t M = r.modelNames.size();

    for (std::size_t a = 0; a < A; ++a) {
        AnnotatorStats s;
        s.name = r.annotators[a];
        std::size_t goldRight = 0;
        std::vector<std::vector<std::int8_t>> mine(M), theirs(M);
        for (const auto& [id, byAnnotator] : set.items()) {
            const auto it = byAnnotator.find(s.name);
            if (it == byAnnotator.end() || it->second.choice < 0) continue;
            ++s.annotated;
            const int choice = it->second.choice;
            if (choice == kUnsure) {
                ++s.unsure;
                continue;
            }
            if (const auto g = goldById.find(id); g != goldById.end() && g->second >= 0) {
                ++s.goldCompared;
                goldRight += g->second == choice;
            }
            if (const auto row = rowById.find(id); row != rowById.end())
                for (std::size_t m = 0; m < M; ++m) {
                    mine[m].push_back(std::int8_t(choice));
                    theirs[m].push_back(std::int8_t(predictions->vote(row->second, m)));
                }
        }
        s.goldAgreement = s.goldCompared ? double(goldRight) / double(s.goldCompared) : kNaN;
        for (std::size_t m = 0; m < M; ++m) {
            s.modelAgreement.push_back(mine[m].empty() ? kNaN : ensemble::agreement(mine[m], theirs[m]));
            s.modelKappa.push_back(mine[m].empty() ? kNaN : ensemble::cohenKappa(mine[m], theirs[m]));
        }
        r.perAnnotator.push_back(std::move(s));
    }

    r.pairAgreement.assign(A, std::vector<double>(A, kNaN));
    r.pairKappa = r.pairAgreement;
    r.pairItems.assign(A, std::vector<std::size_t>(A, 0));
    for (std::size_t x = 0; x < A; ++x)
        for (std::size_t y = 0; y < A; ++y) {
            std::vector<std::int8_t> a, b;
            for (const auto& [id, byAnnotator] : set.items()) {
                const auto ix = byAnnotator.find(r.annotators[x]), iy = byAnnotator.find(r.annotators[y]);
                if (ix == byAnnotator.end() || iy == byAnnotator.end()) continue;
                const int cx = ix->second.choice, cy = iy->second.choice;
                if (cx < 0 || cx == kUnsure || cy < 0 || cy == kUnsure) continue;
                a.push_back(std::int8_t(cx));
                b.push_back(std::int8_t(cy));
            }
            r.pairItems[x][y] = a.size();
            if (!a.empty()) {
                r.pairAgreement[x][y] = ensemble::agreement(a, b);
                r.pairKappa[x][y] = ensemble::cohenKappa(a, b);
            }
        }

    std::vector<std::vector<int>> counts;
    for (const auto& [id, byAnnotator] : set.items()) {
        std::vector<int> row(3, 0);
        int definite = 0;
        for (const auto& [name, ann] : byAnnotator)
            if (ann.choice >= 0 && ann.choice < 3) {
                ++row[std::size_t(ann.choice)];
                ++definite;
            }
        int distinct = 0;
        for (int c : row) distinct += c > 0;
        if (distinct > 1) r.disagreements.push_back(id);
        if (A >= 2 && definite == int(A)) counts.push_back(row);
    }
    r.fleissItems = counts.size();
    r.fleissKappa = counts.empty() ? kNaN : ensemble::fleissKappa(counts);
    return r;
}

LabelExport exportLabels(const Corpus& corpus, const AnnotationSet& set, const std::string& annotator) {
    LabelExport out;
    out.corpus = corpus;
    for (Sample& s : out.corpus.samples) {
        s.output.clear();
        const auto it = set.items().find(s.id);
        int answer = -1;
        if (it != set.items().end()) {
            if (!annotator.empty()) {
                const auto a = it->second.find(annotator);
                if (a != it->second.end() && a->second.choice >= 0 && a->second.choice < 3) answer = a->second.choice;
            } else {
                int counts[3] = {0, 0, 0};
                std::vector<int> order;  // choices in annotator-name order, for the tie-break
                for (const auto& [name, a] : it->second)
                    if (a.choice >= 0 && a.choice < 3) {
                        ++counts[a.choice];
                        order.push_back(a.choice);
                    }
                const int best = std::max({counts[0], counts[1], counts[2]});
                if (best > 0) {
                    int tied = 0;
                    for (int c : counts) tied += c == best;
                    if (tied > 1) out.ties.push_back(s.id);
                    for (int c : order)
                        if (counts[c] == best) {
                            answer = c;
                            break;
                        }
                }
            }
        }
        if (answer < 0)
            out.missing.push_back(s.id);
        else
            s.output = std::string(kOutputKeys[std::size_t(answer)]);
    }
    return out;
}

std::string rationalesCsv(const Corpus& corpus, const AnnotationSet& set) {
    std::string out = "id,annotator,choice,tags,rationale,updated\n";
    for (const Sample& s : corpus.samples) {
        const auto it = set.items().find(s.id);
        if (it == set.items().end()) continue;
        for (const auto& [name, a] : it->second) {
            std::string tags;
            for (const std::string& t : a.tags) tags += (tags.empty() ? "" : ";") + t;
            out += csvField(s.id) + "," + csvField(name) + "," + choiceName(a.choice) + "," + csvField(tags) + "," +
                   csvField(a.rationale) + "," + a.updated + "\n";
        }
    }
    return out;
}

std::string agreementTable(const AnnotationAgreement& a) {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "%-20s %9s %7s %8s", "annotator", "annotated", "unsure", "gold");
    out += line;
    for (std::size_t m = 0; m < a.modelNames.size(); ++m) {
        std::snprintf(line, sizeof line, " %14s", ("model " + std::to_string(m + 1) + " agr/κ").c_str());
        out += line;
    }
    out += "\n";
    for (const AnnotatorStats& s : a.perAnnotator) {
        std::snprintf(line, sizeof line, "%-20s %9zu %7zu %8s", s.name.c_str(), s.annotated, s.unsure,
                      fmt(100 * s.goldAgreement, "%.1f%%").c_str());
        out += line;
        for (std::size_t m = 0; m < s.modelAgreement.size(); ++m) {
            std::snprintf(line, sizeof line, " %14s",
                          (fmt(100 * s.modelAgreement[m], "%.1f%%") + "/" + fmt(s.modelKappa[m], "%.2f")).c_str());
            out += line;
        }
        out += "\n";
    }
    for (std::size_t m = 0; m < a.modelNames.size(); ++m)
        out += "model " + std::to_string(m + 1) + ": " + a.modelNames[m] + "\n";
    if (a.annotators.size() >= 2) {
        out += "\nCohen's kappa between annotators (items compared):\n";
        for (std::size_t x = 0; x < a.annotators.size(); ++x)
            for (std::size_t y = x + 1; y < a.annotators.size(); ++y)
                out += "  " + a.annotators[x] + " / " + a.annotators[y] + ": " + fmt(a.pairKappa[x][y], "%.3f") +
                       " (agreement " + fmt(100 * a.pairAgreement[x][y], "%.1f%%") + ", " +
                       std::to_string(a.pairItems[x][y]) + " items)\n";
        out += "Fleiss' kappa among all annotators: " + fmt(a.fleissKappa, "%.3f") + " (" +
               std::to_string(a.fleissItems) + " items chosen by all)\n";
    }
    out += "Items where annotators disagree: " + std::to_string(a.disagreements.size()) + "\n";
    for (const std::string& id : a.disagreements) out += "  " + id + "\n";
    return out;
}

}  // namespace cci::annotate
