// NewRunDialog: what a training run needs - a model folder (with its size and an estimate of the memory it needs),
// or a tiny demo model made from the open corpora; one of the published presets or own settings; the prompt style;
// the training and dev files; the LoRA settings and the recipe's numbers.
#pragma once

#include "train/train_config.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace cci::ui {

class CorpusWorkspace;

class NewRunDialog : public QDialog {
    Q_OBJECT
public:
    NewRunDialog(CorpusWorkspace* workspace, const QString& runsFolder, QWidget* parent = nullptr);
    // The configuration as chosen (run folder = runs folder / run name).
    train::TrainConfig config() const;
    void setModelFolder(const QString& folder);
    // Makes a tiny random model from the open corpora (cci make-tiny-model) and selects it.
    bool makeDemoModel(QString* error = nullptr);
    QString modelSummary() const;

private:
    void applyPreset(int index);
    void describeModel();

    CorpusWorkspace* m_workspace;
    QString m_runsFolder;
    QLineEdit* m_model;
    QLabel* m_modelInfo;
    QComboBox* m_preset;
    QComboBox* m_style;
    QComboBox* m_train;
    QComboBox* m_dev;
    QLineEdit* m_name;
    QSpinBox* m_epochs;
    QDoubleSpinBox* m_lr;
    QSpinBox* m_gradAccum;
    QSpinBox* m_loraR;
    QDoubleSpinBox* m_loraAlpha;
    QDoubleSpinBox* m_loraDropout;
    QSpinBox* m_maxSeq;
};

}  // namespace cci::ui
