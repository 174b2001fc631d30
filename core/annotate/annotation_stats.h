// Agreement of annotators with each other (Cohen's kappa per pair, Fleiss' kappa among all), with gold labels and
// with model predictions, the items they disagree on, and exports: a corpus labelled by one annotator or by the
// majority (ties reported) and a CSV of rationales. "Unsure" answers count as annotated but not as a choice.
#pragma once

#include "annotate/annotations.h"
#include "corpus/corpus.h"
#include "ensemble/vote_matrix.h"

#include <string>
#include <vector>

namespace cci::annotate {

using Matrix = std::vector<std::vector<double>>;

struct AnnotatorStats {
    std::string name;
    std::size_t annotated = 0;  // items with a choice or "unsure"
    std::size_t unsure = 0;
    std::size_t goldCompared = 0;        // items with both a definite choice and a gold label
    double goldAgreement = 0;            // NaN when nothing to compare
    std::vector<double> modelAgreement;  // per model, over items with a definite choice
    std::vector<double> modelKappa;
};

struct AnnotationAgreement {
    std::vector<std::string> annotators;
    std::vector<AnnotatorStats> perAnnotator;
    Matrix pairAgreement, pairKappa;                  // (A, A); NaN where two annotators share no item
    std::vector<std::vector<std::size_t>> pairItems;  // items both chose definitely
    double fleissKappa = 0;                           // over items every annotator chose definitely; NaN if none
    std::size_t fleissItems = 0;
    std::vector<std::string> modelNames;
    std::vector<std::string> disagreements;  // item ids where definite choices differ
};

// `gold` supplies gold labels by id (unlabelled items are skipped); `predictions` (may be null) model answers by id.
AnnotationAgreement annotationAgreement(const AnnotationSet& set, const std::vector<const Corpus*>& gold,
                                        const ensemble::VoteMatrix* predictions);

struct LabelExport {
    Corpus corpus;                     // the input corpus with "output" from the annotations
    std::vector<std::string> ties;     // majority ties (resolved to the option of the first annotator by name)
    std::vector<std::string> missing;  // items without a definite choice ("output" left empty)
};
// `annotator` empty = majority of all annotators.
LabelExport exportLabels(const Corpus& corpus, const AnnotationSet& set, const std::string& annotator);
// id,annotator,choice,tags,rationale,updated — RFC 4180 quoting; one row per annotation, corpus order.
std::string rationalesCsv(const Corpus& corpus, const AnnotationSet& set);

// A plain-text agreement table (for `cci annotations stats`).
std::string agreementTable(const AnnotationAgreement& a);

}  // namespace cci::annotate
