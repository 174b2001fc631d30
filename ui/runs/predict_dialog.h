// The Runs view's Predict… dialog: which open corpus to score with the selected run, with which of its adapters (the
// last step's, or the best dev evaluation's when the run kept one) and whether to average over all six candidate
// orders. It only collects the choice; RunsView::predictWith starts the job.
#pragma once

#include "infer/run_settings.h"
#include "run/run_catalog.h"

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QComboBox;

namespace cci::ui {

struct PredictChoice {
    infer::RunAdapter adapter = infer::RunAdapter::Last;
    bool permutations = false;
};

class PredictDialog : public QDialog {
    Q_OBJECT
public:
    // `corpusNames` in the workspace's order; `preferred` is selected first.
    PredictDialog(const run::RunSummary& run, bool hasBestAdapter, const QStringList& corpusNames, int preferred,
                  QWidget* parent = nullptr);

    int corpusIndex() const;
    PredictChoice choice() const;

private:
    QComboBox* m_corpus;
    QComboBox* m_adapter;
    QCheckBox* m_permutations;
};

}  // namespace cci::ui
