// PredictDialog (see predict_dialog.h).
#include "runs/predict_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>

namespace cci::ui {

PredictDialog::PredictDialog(const run::RunSummary& run, bool hasBestAdapter, const QStringList& corpusNames,
                             int preferred, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Predict with %1").arg(QString::fromStdString(run.name)));
    m_corpus = new QComboBox(this);
    m_corpus->setObjectName(QStringLiteral("corpus"));
    m_corpus->addItems(corpusNames);
    m_corpus->setCurrentIndex(std::max(0, preferred));
    m_adapter = new QComboBox(this);
    m_adapter->setObjectName(QStringLiteral("adapter"));
    m_adapter->addItem(tr("Last step (adapter/)"), int(infer::RunAdapter::Last));
    if (hasBestAdapter && run.bestDevAccuracy) {
        m_adapter->addItem(tr("Best dev evaluation: step %1, %2% (adapter_best/)")
                               .arg(run.bestStep)
                               .arg(100 * *run.bestDevAccuracy, 0, 'f', 1),
                           int(infer::RunAdapter::Best));
        m_adapter->setCurrentIndex(1);
    }
    m_permutations = new QCheckBox(tr("Average over all 6 orders of the candidates (6× the time)"), this);
    m_permutations->setObjectName(QStringLiteral("permutations"));
    m_permutations->setToolTip(
        tr("Each item is scored with its candidates in every order and each candidate's probability averaged, so the "
           "model's preference for a letter cannot decide the answer"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Corpus"), m_corpus);
    form->addRow(tr("Adapter"), m_adapter);
    form->addRow(QString(), m_permutations);
    form->addRow(buttons);
}

int PredictDialog::corpusIndex() const { return m_corpus->currentIndex(); }

PredictChoice PredictDialog::choice() const {
    return {infer::RunAdapter(m_adapter->currentData().toInt()), m_permutations->isChecked()};
}

}  // namespace cci::ui
