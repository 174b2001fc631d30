// NewRunDialog: what a training run needs - a model folder (with its size and an estimate of the memory LoRA or
// QLoRA needs on the chosen device, with a warning before starting what cannot fit), or a tiny demo model made from
// the open corpora; one of the published presets, an earlier run's settings or own settings; the prompt style with
// a preview of the first training item; the training and dev files; the LoRA settings and the recipe's numbers.
#pragma once

#include "corpus/corpus.h"
#include "model/model_config.h"
#include "train/lora_trainer.h"
#include "train/sweep.h"
#include "train/train_config.h"

#include <optional>

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace cci::ui {

class CorpusWorkspace;

class NewRunDialog : public QDialog {
    Q_OBJECT
public:
    NewRunDialog(CorpusWorkspace* workspace, const QString& runsFolder, QWidget* parent = nullptr);
    // The configuration as chosen (run folder = runs folder / run name).
    train::TrainConfig config() const;
    // The runs to start: that configuration, or with Sweep ticked one per combination of the listed values (in the
    // runs folder, named "NAME-lr…-r…-STYLE-raw|refined"). Throws cci::Error for a list that does not parse.
    std::vector<train::SweepRun> runs() const;
    void setModelFolder(const QString& folder);
    // Makes a tiny random model from the open corpora (cci make-tiny-model) and selects it.
    bool makeDemoModel(QString* error = nullptr);
    // Where the demo model is made: <runs folder>/../models/tiny-demo.
    QString demoModelFolder() const;
    QString modelSummary() const;
    QString memorySummary() const;
    QString stylePreview() const;
    // False when the memory estimate exceeds what this machine has available (CPU runs).
    bool fitsInMemory() const { return m_fits; }
    // The training data counted when Start was pressed (labelled, kept, over max_seq_length).
    train::TrainingDataCount dataCount() const { return m_dataCount; }
    // Fills the form from an earlier run's configuration (its run.json); false when it cannot be read.
    bool copyFromRun(const QString& runFolder);

private:
    void applyPreset(int index);
    // Shows a configuration's recipe (style, epochs, lr, accumulation, LoRA settings, method, refinement).
    void showRecipe(const train::TrainConfig& config);
    void describeModel();
    // The folder the model field names: itself, or a hub model id's snapshot in the Hugging Face cache (throws
    // cci::Error naming the `hf download` command when it is not cached).
    QString modelFolder() const;
    void chooseCachedModel();
    void estimateMemory();
    void previewStyle();
    // The template choices for model folder `folder` (empty: none read): its named templates and the built-ins.
    void fillTemplateChoices(const QString& folder);
    void selectTemplate(const train::TrainConfig& c);
    void selectCorpus(QComboBox* box, const QString& path);

    CorpusWorkspace* m_workspace;
    QString m_runsFolder;
    QLineEdit* m_model;
    QLabel* m_modelInfo;
    QComboBox* m_preset;
    QComboBox* m_copyFrom;
    QComboBox* m_method;
    QComboBox* m_device;
    QSpinBox* m_threads;  // CPU threads (0 = all the machine's)
    QLabel* m_memory;
    QPlainTextEdit* m_preview;
    bool m_fits = true;
    train::TrainingDataCount m_dataCount;
    std::optional<model::LlamaConfig> m_config;  // of the model folder shown
    std::optional<Sample> m_firstItem;           // of m_firstItemPath, when that file is not open in the workspace
    QString m_firstItemPath;
    QComboBox* m_style;
    QComboBox* m_template;        // "" the model's template, "#NAME" one of its named ones, or a built-in name
    QLineEdit* m_templateKwargs;  // keyword arguments for the template (chat/template_kwargs.h)
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
    QSpinBox* m_evalEvery;
    QGroupBox* m_sweep;
    QLineEdit* m_sweepRates;
    QLineEdit* m_sweepRanks;
    QLineEdit* m_sweepStyles;
    QComboBox* m_sweepData;
    QLabel* m_sweepSummary;
    QSpinBox* m_patience;
    QCheckBox* m_refine;
    QCheckBox* m_shuffleOptions;
    QCheckBox* m_dora;
};

}  // namespace cci::ui
