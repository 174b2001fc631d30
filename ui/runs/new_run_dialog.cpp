// NewRunDialog (see new_run_dialog.h). Model facts come from core (config.json), the demo model from core's maker.
#include "runs/new_run_dialog.h"

#include "model/model_config.h"
#include "model/tiny_model.h"
#include "prompt/prompt_style.h"
#include "settings/settings_dialog.h"
#include "util/problem.h"
#include "workspace/corpus_workspace.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace cci::ui {

NewRunDialog::NewRunDialog(CorpusWorkspace* workspace, const QString& runsFolder, QWidget* parent)
    : QDialog(parent), m_workspace(workspace), m_runsFolder(runsFolder) {
    setWindowTitle(tr("New training run"));
    m_model = new QLineEdit(this);
    m_model->setObjectName(QStringLiteral("modelFolder"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* demo = new QPushButton(tr("Make a demo model"), this);
    demo->setToolTip(tr("A tiny random model from the open corpora, to try the workflow in a minute"));
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(browse);
    modelRow->addWidget(demo);
    m_modelInfo = new QLabel(this);
    m_modelInfo->setWordWrap(true);

    m_preset = new QComboBox(this);
    m_preset->addItem(tr("(own settings)"));
    for (const auto& p : train::publishedPresets())
        m_preset->addItem(QStringLiteral("%1 — %2 %3, lr %4, %5%6")
                              .arg(QString::fromStdString(p.name), QString::fromStdString(p.baseModel), QString::fromStdString(p.method))
                              .arg(p.learningRate)
                              .arg(QString::fromStdString(p.style), p.refined ? tr(", refined data") : QString()));
    m_style = new QComboBox(this);
    for (const auto& s : prompt::loadPromptStyles(prompt::bundledPromptDir())) m_style->addItem(QString::fromStdString(s.name));
    m_style->setCurrentText(QStringLiteral("CustomRef"));
    m_train = new QComboBox(this);
    m_dev = new QComboBox(this);
    m_dev->addItem(tr("(none)"), QString());
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count(); ++i) {
        const auto& c = set.corpus(i);
        const QString path = QString::fromStdString(c.sourcePath);
        const QString label = QStringLiteral("%1 (%2 items)").arg(QFileInfo(path).fileName()).arg(c.samples.size());
        m_train->addItem(label, path);
        m_dev->addItem(label, path);
        if (c.split == Split::Train) m_train->setCurrentIndex(m_train->count() - 1);
        if (c.split == Split::Dev) m_dev->setCurrentIndex(m_dev->count() - 1);
    }
    m_name = new QLineEdit(QStringLiteral("run-%1").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))), this);
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 100);
    m_epochs->setValue(4);
    m_lr = new QDoubleSpinBox(this);
    m_lr->setDecimals(6);
    m_lr->setRange(1e-6, 1.0);
    m_lr->setSingleStep(1e-4);
    m_lr->setValue(2e-4);
    m_gradAccum = new QSpinBox(this);
    m_gradAccum->setRange(1, 4096);
    m_gradAccum->setValue(64);
    m_loraR = new QSpinBox(this);
    m_loraR->setRange(1, 1024);
    m_loraR->setValue(16);
    m_loraAlpha = new QDoubleSpinBox(this);
    m_loraAlpha->setRange(0.1, 10000);
    m_loraAlpha->setValue(32);
    m_loraDropout = new QDoubleSpinBox(this);
    m_loraDropout->setDecimals(3);
    m_loraDropout->setRange(0, 0.9);
    m_loraDropout->setValue(0.01);
    m_maxSeq = new QSpinBox(this);
    m_maxSeq->setRange(16, 1 << 20);
    m_maxSeq->setValue(QSettings().value(QStringLiteral("prompt/maxSeqLength"), 1024).toInt());

    auto* form = new QFormLayout;
    form->addRow(tr("Model folder"), modelRow);
    form->addRow(QString(), m_modelInfo);
    form->addRow(tr("Published recipe"), m_preset);
    form->addRow(tr("Prompt style"), m_style);
    form->addRow(tr("Training data"), m_train);
    form->addRow(tr("Dev data"), m_dev);
    form->addRow(tr("Run name"), m_name);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Learning rate"), m_lr);
    form->addRow(tr("Gradient accumulation"), m_gradAccum);
    form->addRow(tr("LoRA r"), m_loraR);
    form->addRow(tr("LoRA alpha"), m_loraAlpha);
    form->addRow(tr("LoRA dropout"), m_loraDropout);
    form->addRow(tr("max_seq_length"), m_maxSeq);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        try {
            train::validateConfig(config());
            accept();
        } catch (const Error& e) {
            QMessageBox::warning(this, tr("Cannot start"), QString::fromUtf8(e.what()));
        }
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Model folder"), m_model->text());
        if (!folder.isEmpty()) setModelFolder(folder);
    });
    connect(demo, &QPushButton::clicked, this, [this] {
        QString error;
        if (!makeDemoModel(&error)) QMessageBox::warning(this, tr("Demo model"), error);
    });
    connect(m_model, &QLineEdit::editingFinished, this, &NewRunDialog::describeModel);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &NewRunDialog::applyPreset);
    setModelFolder(QSettings().value(QStringLiteral("runs/lastModel")).toString());
}

void NewRunDialog::setModelFolder(const QString& folder) {
    m_model->setText(folder);
    describeModel();
}

void NewRunDialog::describeModel() {
    const QString folder = m_model->text();
    if (folder.isEmpty()) {
        m_modelInfo->setText(tr("Choose a Hugging Face model folder, or make a demo model."));
        return;
    }
    try {
        const auto c = model::readLlamaConfig((folder + QStringLiteral("/config.json")).toStdString());
        const double params = double(c.parameterCount());
        // fp32 weights on CPU, LoRA r 16 state and activations of one 1024-token example.
        const double gib = (params * 4 + 1024.0 * c.hidden * c.layers * 40 + 1024.0 * c.vocab * 8) / double(1ULL << 30);
        m_modelInfo->setText(tr("%1 layers, hidden %2, vocabulary %3: %4 M parameters; LoRA training on this CPU needs about %5 GiB.")
                                 .arg(c.layers).arg(c.hidden).arg(c.vocab).arg(params / 1e6, 0, 'f', 1).arg(gib, 0, 'f', 2));
        QSettings().setValue(QStringLiteral("runs/lastModel"), folder);
    } catch (const Error& e) {
        m_modelInfo->setText(tr("Not a model folder: %1").arg(QString::fromUtf8(e.what())));
    }
}

QString NewRunDialog::modelSummary() const { return m_modelInfo->text(); }

bool NewRunDialog::makeDemoModel(QString* error) {
    std::vector<Corpus> corpora;
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count(); ++i) corpora.push_back(set.corpus(i));
    if (corpora.empty()) {
        if (error) *error = tr("Open a corpus first: the demo model's vocabulary is its characters.");
        return false;
    }
    const QString folder = QDir(m_runsFolder).filePath(QStringLiteral("../models/tiny-demo"));
    try {
        model::makeTinyModel(QDir::cleanPath(folder).toStdString(), corpora, {});
    } catch (const Error& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    setModelFolder(QDir::cleanPath(folder));
    // A setting that shows learning within a minute on the demo data.
    m_gradAccum->setValue(4);
    m_lr->setValue(3e-3);
    return true;
}

void NewRunDialog::applyPreset(int index) {
    if (index <= 0) return;
    const auto& p = train::publishedPresets()[std::size_t(index - 1)];
    m_style->setCurrentText(QString::fromStdString(p.style));
    m_lr->setValue(p.learningRate);
    m_epochs->setValue(4);
    m_gradAccum->setValue(64);
    m_loraR->setValue(16);
    m_loraAlpha->setValue(32);
    m_loraDropout->setValue(0.01);
    m_name->setText(QString::fromStdString(p.name));
}

train::TrainConfig NewRunDialog::config() const {
    train::TrainConfig c;
    c.modelDir = m_model->text().toStdString();
    c.style = m_style->currentText().toStdString();
    c.trainFile = m_train->currentData().toString().toStdString();
    c.devFile = m_dev->currentData().toString().toStdString();
    c.runDir = QDir(m_runsFolder).filePath(m_name->text()).toStdString();
    c.epochs = m_epochs->value();
    c.learningRate = m_lr->value();
    c.gradientAccumulation = m_gradAccum->value();
    c.loraR = m_loraR->value();
    c.loraAlpha = m_loraAlpha->value();
    c.loraDropout = m_loraDropout->value();
    c.maxSeqLength = m_maxSeq->value();
    c.warmupSteps = 20;
    c.device = SettingsDialog::device().toStdString();
    if (m_preset->currentIndex() > 0) {
        const auto& p = train::publishedPresets()[std::size_t(m_preset->currentIndex() - 1)];
        c.loadIn4bit = p.method == "QLoRA";
        c.baseModelName = p.baseModel;
    }
    return c;
}

}  // namespace cci::ui
