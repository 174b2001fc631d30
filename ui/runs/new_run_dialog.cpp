// NewRunDialog (see new_run_dialog.h). Model facts come from core (config.json), the demo model from core's maker.
#include "runs/new_run_dialog.h"
#include "error_message.h"

#include "chat/template_kwargs.h"
#include "chat/template_source.h"
#include "corpus/corpus_reader.h"
#include "model/hub_cache.h"
#include "model/memory_estimate.h"
#include "model/model_config.h"
#include "model/tiny_model.h"
#include "prompt/prompt_builder.h"
#include "prompt/prompt_style.h"
#include "refine/refiner.h"
#include "run/run_catalog.h"
#include "run/run_folder.h"
#include "settings/device_choices.h"
#include "settings/settings_dialog.h"
#include "system/cuda_devices.h"
#include "system/device_spec.h"
#include "system/system_info.h"
#include "util/problem.h"
#include "workspace/corpus_workspace.h"

#include <algorithm>

#include <QCheckBox>
#include <QComboBox>
#include <QCursor>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

#include <algorithm>
#include <thread>

namespace cci::ui {

NewRunDialog::NewRunDialog(CorpusWorkspace* workspace, const QString& runsFolder, QWidget* parent)
    : QDialog(parent), m_workspace(workspace), m_runsFolder(runsFolder) {
    setWindowTitle(tr("New training run"));
    m_model = new QLineEdit(this);
    m_model->setObjectName(QStringLiteral("modelFolder"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* cached = new QPushButton(tr("Hugging Face cache…"), this);
    cached->setObjectName(QStringLiteral("hubCache"));
    cached->setToolTip(tr("A model downloaded with hf download (or by transformers), by its id"));
    auto* demo = new QPushButton(tr("Make a demo model"), this);
    demo->setToolTip(tr("A tiny random model from the open corpora, to try the workflow in a minute"));
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(m_model, 1);
    modelRow->addWidget(browse);
    modelRow->addWidget(cached);
    modelRow->addWidget(demo);
    m_modelInfo = new QLabel(this);
    m_modelInfo->setWordWrap(true);
    m_modelInfo->setObjectName(QStringLiteral("modelInfo"));

    m_preset = new QComboBox(this);
    m_preset->addItem(tr("(own settings)"));
    for (const auto& p : train::publishedPresets())
        m_preset->addItem(QStringLiteral("%1 — %2 %3, lr %4, %5%6")
                              .arg(QString::fromStdString(p.name), QString::fromStdString(p.baseModel),
                                   QString::fromStdString(p.method))
                              .arg(p.learningRate)
                              .arg(QString::fromStdString(p.style), p.refined ? tr(", refined data") : QString()));
    m_copyFrom = new QComboBox(this);
    m_copyFrom->setObjectName(QStringLiteral("copyFrom"));
    m_copyFrom->addItem(tr("(none)"), QString());
    for (const auto& run : run::listRuns(runsFolder.toStdString()))
        m_copyFrom->addItem(QStringLiteral("%1 — %2, %3, lr %4")
                                .arg(QString::fromStdString(run.name), QString::fromStdString(run.model),
                                     QString::fromStdString(run.style))
                                .arg(run.learningRate),
                            QString::fromStdString(run.folder));
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItem(tr("LoRA"), false);
    m_method->addItem(tr("QLoRA (NF4 base weights)"), true);
    m_dora = new QCheckBox(tr("DoRA (a trained magnitude per output row, PEFT's use_dora)"), this);
    m_dora->setObjectName(QStringLiteral("dora"));
    m_dora->setToolTip(
        tr("Weight-decomposed LoRA: each adapted weight's rows are rescaled to trained magnitudes. "
           "Works with LoRA and QLoRA; PEFT and cci predict load the adapter."));
    m_device = new QComboBox(this);
    m_device->setObjectName(QStringLiteral("device"));
    fillDeviceChoices(m_device);
    selectDevice(m_device, SettingsDialog::device());
    // CPU threads, as `cci train --threads`: 0 takes the machine's hardware threads (the workbench stays usable with
    // fewer while a run trains).
    m_threads = new QSpinBox(this);
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(0, int(std::max(1u, std::thread::hardware_concurrency())));
    m_threads->setSpecialValueText(tr("all (%1)").arg(m_threads->maximum()));
    m_threads->setToolTip(tr("Threads the CPU computes with; fewer keep the workbench responsive while a run trains"));
    m_memory = new QLabel(this);
    m_memory->setObjectName(QStringLiteral("memoryEstimate"));
    m_memory->setWordWrap(true);
    m_preview = new QPlainTextEdit(this);
    m_preview->setObjectName(QStringLiteral("stylePreview"));
    m_preview->setReadOnly(true);
    m_preview->setMaximumHeight(140);
    // The bundled styles by name, and the styles saved from the Prompt tab by their file (as a run records them).
    m_style = new QComboBox(this);
    m_style->setObjectName(QStringLiteral("style"));
    for (const auto& s : prompt::loadPromptStyles(prompt::bundledPromptDir()))
        m_style->addItem(QString::fromStdString(s.name), QString::fromStdString(s.name));
    if (QDir(SettingsDialog::userStylesFolder()).exists()) {
        try {
            for (const auto& s : prompt::loadPromptStyles(SettingsDialog::userStylesFolder().toStdString()))
                m_style->addItem(tr("%1 (saved)").arg(QString::fromStdString(s.name)),
                                 QString::fromStdString(s.sourcePath));
        } catch (const Error&) {  // a malformed saved style: the Prompt tab says which; the bundled ones remain
        }
    }
    m_style->setCurrentIndex(m_style->findData(QStringLiteral("CustomRef")));
    m_template = new QComboBox(this);
    m_template->setObjectName(QStringLiteral("chatTemplate"));
    m_templateKwargs = new QLineEdit(this);
    m_templateKwargs->setObjectName(QStringLiteral("templateKwargs"));
    m_templateKwargs->setPlaceholderText(QStringLiteral("enable_thinking=false"));
    m_templateKwargs->setToolTip(
        tr("Keyword arguments for the chat template, as apply_chat_template(**kwargs) passes them: name=value, "
           "separated by commas (values are JSON, True/False/None, or text). Qwen3 and EXAONE 4.0 need "
           "enable_thinking=false."));
    m_train = new QComboBox(this);
    m_dev = new QComboBox(this);
    m_dev->setObjectName(QStringLiteral("devData"));
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
    m_name = new QLineEdit(
        QStringLiteral("run-%1").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))), this);
    m_epochs = new QSpinBox(this);
    m_epochs->setRange(1, 100);
    m_lr = new QDoubleSpinBox(this);
    m_lr->setDecimals(6);
    m_lr->setRange(1e-6, 1.0);
    m_lr->setSingleStep(1e-4);
    m_gradAccum = new QSpinBox(this);
    m_gradAccum->setRange(1, 4096);
    m_loraR = new QSpinBox(this);
    m_loraR->setRange(1, 1024);
    m_loraAlpha = new QDoubleSpinBox(this);
    m_loraAlpha->setRange(0.1, 10000);
    m_loraDropout = new QDoubleSpinBox(this);
    m_loraDropout->setDecimals(3);
    m_loraDropout->setRange(0, 0.9);
    m_maxSeq = new QSpinBox(this);
    m_maxSeq->setRange(16, 1 << 20);
    m_maxSeq->setValue(
        QSettings().value(QStringLiteral("prompt/maxSeqLength"), train::TrainConfig().maxSeqLength).toInt());
    m_refine = new QCheckBox(tr("Clean training and dev data with the published 9 refinement rules first"), this);
    m_shuffleOptions =
        new QCheckBox(tr("Show each item's candidates in a random order every epoch (option shuffling)"), this);
    m_shuffleOptions->setObjectName(QStringLiteral("shuffleOptions"));
    m_shuffleOptions->setToolTip(
        tr("Augmentation against a letter preference: the answer letter follows the gold "
           "candidate to whichever of A, B, C it is shown as"));
    // Dev evaluation between epoch ends and early stopping; both need dev data.
    m_evalEvery = new QSpinBox(this);
    m_evalEvery->setObjectName(QStringLiteral("evalEvery"));
    m_evalEvery->setRange(0, 1 << 20);
    m_evalEvery->setSpecialValueText(tr("at epoch ends only"));
    m_evalEvery->setSuffix(tr(" steps"));
    m_evalEvery->setToolTip(
        tr("Dev accuracy (A/B/C scoring) every N optimizer steps as well as at each epoch's end; "
           "the best evaluation's adapter is kept in adapter_best/"));
    m_patience = new QSpinBox(this);
    m_patience->setObjectName(QStringLiteral("earlyStoppingPatience"));
    m_patience->setRange(0, 1000);
    m_patience->setSpecialValueText(tr("off"));
    m_patience->setSuffix(tr(" evaluations"));
    m_patience->setToolTip(tr("Stop after this many dev evaluations without a better accuracy"));
    const auto devChosen = [this] {
        const bool dev = !m_dev->currentData().toString().isEmpty();
        m_evalEvery->setEnabled(dev);
        m_patience->setEnabled(dev);
    };
    connect(m_dev, &QComboBox::currentIndexChanged, this, devChosen);
    devChosen();

    auto* form = new QFormLayout;
    form->addRow(tr("Model folder"), modelRow);
    form->addRow(QString(), m_modelInfo);
    form->addRow(tr("Published recipe"), m_preset);
    form->addRow(tr("Copy from run"), m_copyFrom);
    auto* methodRow = new QHBoxLayout;
    methodRow->addWidget(m_method, 1);
    methodRow->addWidget(m_dora);
    form->addRow(tr("Method"), methodRow);
    form->addRow(tr("Device"), m_device);
    form->addRow(tr("CPU threads"), m_threads);
    form->addRow(QString(), m_memory);
    form->addRow(tr("Prompt style"), m_style);
    auto* templateRow = new QHBoxLayout;
    templateRow->addWidget(m_template, 1);
    templateRow->addWidget(new QLabel(tr("arguments"), this));
    templateRow->addWidget(m_templateKwargs, 1);
    form->addRow(tr("Chat template"), templateRow);
    form->addRow(tr("First item"), m_preview);
    form->addRow(tr("Training data"), m_train);
    form->addRow(tr("Dev data"), m_dev);
    form->addRow(tr("Refinement"), m_refine);
    form->addRow(tr("Augmentation"), m_shuffleOptions);
    form->addRow(tr("Run name"), m_name);
    form->addRow(tr("Epochs"), m_epochs);
    form->addRow(tr("Learning rate"), m_lr);
    form->addRow(tr("Gradient accumulation"), m_gradAccum);
    form->addRow(tr("LoRA r"), m_loraR);
    form->addRow(tr("LoRA alpha"), m_loraAlpha);
    form->addRow(tr("LoRA dropout"), m_loraDropout);
    form->addRow(tr("max_seq_length"), m_maxSeq);
    form->addRow(tr("Evaluate on dev every"), m_evalEvery);
    form->addRow(tr("Early stopping patience"), m_patience);
    // A sweep: one run per combination of the listed values (empty = the value above), all queued.
    m_sweep = new QGroupBox(tr("Sweep: one run per combination"), this);
    m_sweep->setObjectName(QStringLiteral("sweep"));
    m_sweep->setCheckable(true);
    m_sweep->setChecked(false);
    m_sweepRates = new QLineEdit(m_sweep);
    m_sweepRates->setObjectName(QStringLiteral("sweepRates"));
    m_sweepRates->setPlaceholderText(tr("e.g. 1e-4, 2e-4"));
    m_sweepRanks = new QLineEdit(m_sweep);
    m_sweepRanks->setObjectName(QStringLiteral("sweepRanks"));
    m_sweepRanks->setPlaceholderText(tr("e.g. 8, 16"));
    m_sweepStyles = new QLineEdit(m_sweep);
    m_sweepStyles->setObjectName(QStringLiteral("sweepStyles"));
    m_sweepStyles->setPlaceholderText(tr("e.g. CustomRef, SystemRefOfficialTerm"));
    m_sweepData = new QComboBox(m_sweep);
    m_sweepData->setObjectName(QStringLiteral("sweepData"));
    m_sweepData->addItem(tr("as above"), QString());
    m_sweepData->addItem(tr("raw and refined"), QStringLiteral("both"));
    m_sweepSummary = new QLabel(m_sweep);
    m_sweepSummary->setObjectName(QStringLiteral("sweepSummary"));
    auto* sweepRow = new QHBoxLayout;
    sweepRow->addWidget(new QLabel(tr("Learning rates"), m_sweep));
    sweepRow->addWidget(m_sweepRates, 2);
    sweepRow->addWidget(new QLabel(tr("LoRA r"), m_sweep));
    sweepRow->addWidget(m_sweepRanks, 1);
    sweepRow->addWidget(new QLabel(tr("Styles"), m_sweep));
    sweepRow->addWidget(m_sweepStyles, 3);
    sweepRow->addWidget(m_sweepData);
    auto* sweepLayout = new QVBoxLayout(m_sweep);
    sweepLayout->addLayout(sweepRow);
    sweepLayout->addWidget(m_sweepSummary);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    const auto countSweep = [this, buttons] {
        QString summary;
        int count = 1;
        if (m_sweep->isChecked()) {
            try {
                count = int(runs().size());
                summary = tr("%n run(s), named %1-lr…-r…-STYLE-raw|refined", "", count).arg(m_name->text());
            } catch (const std::exception& e) {
                summary = errorMessage(e);
            }
        }
        m_sweepSummary->setText(summary);
        buttons->button(QDialogButtonBox::Ok)->setText(count > 1 ? tr("Start %n runs", "", count) : tr("Start"));
    };
    for (QLineEdit* edit : {m_sweepRates, m_sweepRanks, m_sweepStyles, m_name})
        connect(edit, &QLineEdit::textChanged, this, countSweep);
    connect(m_sweepData, &QComboBox::currentIndexChanged, this, countSweep);
    connect(m_sweep, &QGroupBox::toggled, this, countSweep);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_sweep);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        try {
            (void)modelFolder();  // a hub id not in the cache: the `hf download` command to get it
            (void)chat::parseTemplateKwargs(m_templateKwargs->text().toStdString(),
                                            tr("Template arguments").toStdString());
            const train::TrainConfig c = config();
            for (const auto& run : runs()) train::validateConfig(run.config);
            if (!m_fits && QMessageBox::question(this, tr("Not enough memory?"),
                                                 tr("%1\n\nStart anyway?").arg(m_memory->text())) != QMessageBox::Yes)
                return;
            // Items the trainer will skip, counted as it counts them (the same style, template and refinement).
            m_dataCount = train::countTrainingData(c);
            if (m_dataCount.tooLong > 0 &&
                QMessageBox::question(this, tr("Items over max_seq_length"),
                                      tr("%1 of %2 labelled items are longer than max_seq_length (%3 tokens with the "
                                         "answer) with this style and template; training skips them.\n\nStart anyway?")
                                          .arg(m_dataCount.tooLong)
                                          .arg(m_dataCount.labelled)
                                          .arg(c.maxSeqLength)) != QMessageBox::Yes)
                return;
            accept();
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("Cannot start"), errorMessage(e));
        }
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, tr("Model folder"), m_model->text());
        if (!folder.isEmpty()) setModelFolder(folder);
    });
    connect(cached, &QPushButton::clicked, this, &NewRunDialog::chooseCachedModel);
    connect(demo, &QPushButton::clicked, this, [this] {
        QString error;
        if (!makeDemoModel(&error)) QMessageBox::warning(this, tr("Demo model"), error);
    });
    connect(m_model, &QLineEdit::editingFinished, this, &NewRunDialog::describeModel);
    connect(m_preset, &QComboBox::currentIndexChanged, this, &NewRunDialog::applyPreset);
    connect(m_copyFrom, &QComboBox::activated, this, [this] {
        const QString folder = m_copyFrom->currentData().toString();
        if (!folder.isEmpty() && !copyFromRun(folder))
            QMessageBox::warning(this, tr("Copy from run"), tr("%1 has no readable configuration.").arg(folder));
    });
    for (QComboBox* box : {m_method, m_device, m_style, m_train})
        connect(box, &QComboBox::currentIndexChanged, this, [this] {
            estimateMemory();
            previewStyle();
        });
    connect(m_refine, &QCheckBox::toggled, this, &NewRunDialog::previewStyle);
    for (QSpinBox* box : {m_loraR, m_maxSeq})
        connect(box, &QSpinBox::valueChanged, this, &NewRunDialog::estimateMemory);
    previewStyle();
    // Every value starts from core's recipe (the demo model's when that model is chosen), at every opening.
    setModelFolder(QSettings().value(QStringLiteral("runs/lastModel")).toString());
    // First start: no model chosen yet - the tiny demo model (made once from the open corpora) is ready to train.
    if (m_model->text().isEmpty())
        makeDemoModel();
    else
        showRecipe(QDir::cleanPath(m_model->text()) == demoModelFolder() ? train::demoModelRecipe()
                                                                         : train::TrainConfig());
}

QString NewRunDialog::demoModelFolder() const {
    return QDir::cleanPath(QDir(m_runsFolder).filePath(QStringLiteral("../models/tiny-demo")));
}

void NewRunDialog::setModelFolder(const QString& folder) {
    m_model->setText(folder);
    describeModel();
}

QString NewRunDialog::modelFolder() const {
    return QString::fromStdString(model::resolveModelFolder(m_model->text().toStdString()));
}

void NewRunDialog::chooseCachedModel() {
    QMenu menu(this);
    for (const std::string& id : model::cachedHubModels())
        menu.addAction(QString::fromStdString(id), this,
                       [this, name = QString::fromStdString(id)] { setModelFolder(name); });
    if (menu.isEmpty())
        menu.addAction(tr("No models in %1").arg(QString::fromStdString(model::hubCacheFolder())))->setEnabled(false);
    menu.exec(QCursor::pos());
}

void NewRunDialog::describeModel() {
    const QString text = m_model->text();
    m_config.reset();
    if (text.isEmpty()) {
        fillTemplateChoices({});
        m_modelInfo->setText(tr("Choose a Hugging Face model folder, or make a demo model."));
        estimateMemory();
        return;
    }
    bool filled = false;
    try {
        const QString folder = modelFolder();  // resolved once here (a hub id reads the cache)
        fillTemplateChoices(folder);
        filled = true;
        // Read once per folder: the memory estimate reuses it on every change of method, device, r or length.
        const auto& c =
            m_config.emplace(model::readLlamaConfig((folder + QStringLiteral("/config.json")).toStdString()));
        const double params = double(c.parameterCount());
        const std::string layers = model::describeLayers(c);  // what sets the family's layers apart, if anything
        m_modelInfo->setText(
            tr("%7: %1 layers, hidden %2, %3 heads (%4 KV), vocabulary %5: %6 M parameters.")
                .arg(c.layers)
                .arg(c.hidden)
                .arg(c.heads)
                .arg(c.kvHeads)
                .arg(c.vocab)
                .arg(params / 1e6, 0, 'f', 1)
                .arg(QString::fromStdString(c.architecture)) +
            (layers.empty() ? QString() : QStringLiteral("\n") + QString::fromStdString(layers)) +
            (folder == text ? QString() : QStringLiteral("\n") + tr("From the Hugging Face cache: %1").arg(folder)));
        QSettings().setValue(QStringLiteral("runs/lastModel"), text);
    } catch (const Error& e) {
        if (!filled) fillTemplateChoices({});  // a hub id that is not cached: no model templates to offer
        m_modelInfo->setText(tr("Not a model folder: %1").arg(errorMessage(e)));
    }
    estimateMemory();
}

void NewRunDialog::fillTemplateChoices(const QString& folder) {
    const QString chosen = m_template->currentData().toString();
    m_template->clear();
    m_template->addItem(tr("The model's template"), QString());
    try {
        for (const auto& name : chat::modelTemplateNames(folder.toStdString()))
            if (name != "default")
                m_template->addItem(tr("The model's template “%1”").arg(QString::fromStdString(name)),
                                    QStringLiteral("#") + QString::fromStdString(name));
    } catch (const Error&) {  // an unreadable template file: training with the model's template says which
    }
    for (const std::string& name : chat::ChatTemplate::builtinNames())
        m_template->addItem(tr("Built-in: %1").arg(QString::fromStdString(name)), QString::fromStdString(name));
    m_template->setCurrentIndex(std::max(0, m_template->findData(chosen)));
}

void NewRunDialog::selectTemplate(const train::TrainConfig& c) {
    QString data = QString::fromStdString(c.templateSpec);
    const QString modelPrefix = QString::fromStdString(c.modelDir) + QLatin1Char('#');
    if (data.startsWith(modelPrefix)) data = data.mid(modelPrefix.size() - 1);
    int index = m_template->findData(data);
    if (index < 0) {  // a template file the run was given
        m_template->addItem(QFileInfo(data).fileName(), data);
        index = m_template->count() - 1;
    }
    m_template->setCurrentIndex(index);
    m_templateKwargs->setText(QString::fromStdString(chat::describeTemplateKwargs(c.templateKwargs)));
}

void NewRunDialog::estimateMemory() {
    m_fits = true;
    m_memory->setStyleSheet(QString());
    if (!m_config) {
        m_memory->clear();
        return;
    }
    const model::LlamaConfig& c = *m_config;
    const QString device = m_device->currentData().toString();
    model::TrainingMemoryInput in;
    in.qlora = m_method->currentData().toBool();
    in.cuda = parseDevice(device.toStdString()).cuda;  // the picker offers cpu, cuda or cuda:N only
    in.loraR = m_loraR->value();
    in.seqLength = m_maxSeq->value();
    const auto m = model::estimateTrainingMemory(c, in);
    auto gib = [](double bytes) { return QString::number(bytes / double(1ULL << 30), 'f', 2); };
    QString text = tr("%1 on %2 needs about %3 GiB: base weights %4, adapter and optimizer %5, activations %6 "
                      "(%7 trainable parameters).")
                       .arg(m_method->currentText(), device, gib(m.total()), gib(m.weights), gib(m.adapterState),
                            gib(m.activations))
                       .arg(static_cast<long long>(m.trainable));
    if (in.cuda) {
        const auto gpus = cudaDevices();
        const auto gpu = std::find_if(gpus.begin(), gpus.end(), [&](const GpuInfo& g) {
            return QString::fromStdString(g.deviceName()) == device;
        });
        if (gpu != gpus.end()) {
            m_fits = m.total() <= gpu->totalBytes;
            text += QLatin1Char(' ') +
                    (m_fits ? tr("%1 has %2 GiB (%3 GiB free).").arg(device, gib(gpu->totalBytes), gib(gpu->freeBytes))
                            : tr("%1 has only %2 GiB: the run cannot fit. Try QLoRA, a smaller "
                                 "max_seq_length or a smaller model.")
                                  .arg(device, gib(gpu->totalBytes)));
        }
    } else if (const double available = availableMemoryBytes(); available > 0) {
        m_fits = m.total() <= available;
        text += QLatin1Char(' ') + (m_fits ? tr("This machine has %1 GiB available.").arg(gib(available))
                                           : tr("This machine has only %1 GiB available: the run will fail or swap. "
                                                "Try QLoRA, a smaller max_seq_length or a smaller model.")
                                                 .arg(gib(available)));
    }
    m_memory->setText(text);
    if (!m_fits) m_memory->setStyleSheet(QStringLiteral("color:#c92a2a;"));
}

QString NewRunDialog::memorySummary() const { return m_memory->text(); }
QString NewRunDialog::stylePreview() const { return m_preview->toPlainText(); }

void NewRunDialog::previewStyle() {
    const QString path = m_train->currentData().toString();
    // The first item of the training file: from the open corpora, else read from disk (once per file).
    const Sample* first = nullptr;
    const CorpusSet& set = m_workspace->corpora();
    for (std::size_t i = 0; i < set.count() && !first; ++i)
        if (QString::fromStdString(set.corpus(i).sourcePath) == path && !set.corpus(i).samples.empty())
            first = &set.corpus(i).samples.front();
    try {
        if (!first && !path.isEmpty()) {
            if (!m_firstItem || m_firstItemPath != path) {
                const Corpus c = loadCorpus(path.toStdString());
                if (c.samples.empty()) throw Error(path.toStdString() + ": no items");
                m_firstItem = c.samples.front();
                m_firstItemPath = path;
            }
            first = &*m_firstItem;
        }
        if (!first) {
            m_preview->setPlainText(tr("(choose the training data to preview its first item)"));
            return;
        }
        const auto style = prompt::findPromptStyle(m_style->currentData().toString().toStdString());
        // As training will see it: refined when refinement is on.
        refine::RefineStats stats;
        const Sample shown =
            m_refine->isChecked() ? refine::refineSample(*first, refine::RefineConfig{}, nullptr, stats) : *first;
        const auto messages = prompt::buildPrompt(shown, style);
        m_preview->setPlainText(
            (messages.system.empty()
                 ? QString()
                 : QStringLiteral("[system]\n%1\n\n").arg(QString::fromStdString(messages.system))) +
            QStringLiteral("[user]\n%1").arg(QString::fromStdString(messages.user)));
    } catch (const Error& e) {
        m_preview->setPlainText(errorMessage(e));
    }
}

void NewRunDialog::selectCorpus(QComboBox* box, const QString& path) {
    int index = box->findData(path);
    if (index < 0 && !path.isEmpty()) {
        box->addItem(QFileInfo(path).fileName(), path);
        index = box->count() - 1;
    }
    if (index >= 0) box->setCurrentIndex(index);
}

bool NewRunDialog::copyFromRun(const QString& runFolder) {
    train::TrainConfig c;
    try {
        const run::RunFolder folder(runFolder.toStdString());
        c = train::configFromJson(folder.readRecordText(), folder.recordFile());
    } catch (const Error&) {
        return false;
    }
    m_preset->setCurrentIndex(0);
    m_model->setText(QString::fromStdString(c.modelDir));
    selectCorpus(m_train, QString::fromStdString(c.trainFile));
    if (c.devFile.empty())
        m_dev->setCurrentIndex(0);
    else
        selectCorpus(m_dev, QString::fromStdString(c.devFile));
    showRecipe(c);
    describeModel();
    selectTemplate(c);
    m_maxSeq->setValue(c.maxSeqLength);
    selectDevice(m_device, QString::fromStdString(c.device));
    m_threads->setValue(c.threads);
    m_name->setText(QFileInfo(runFolder).fileName() + QStringLiteral("-again"));
    return true;
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
    const QString folder = demoModelFolder();
    try {
        if (!QFileInfo::exists(folder + QStringLiteral("/model.safetensors")))
            model::makeTinyModel(folder.toStdString(), corpora, {});
    } catch (const Error& e) {
        if (error) *error = errorMessage(e);
        return false;
    }
    setModelFolder(folder);
    showRecipe(train::demoModelRecipe());  // shows learning within a minute on the demo data
    return true;
}

void NewRunDialog::applyPreset(int index) {
    if (index <= 0) return;
    const auto& p = train::publishedPresets()[std::size_t(index - 1)];
    train::TrainConfig c = config();
    train::applyPreset(c, p);
    showRecipe(c);
    m_name->setText(QString::fromStdString(p.name));
}

void NewRunDialog::showRecipe(const train::TrainConfig& c) {
    if (const int i = m_style->findData(QString::fromStdString(c.style)); i >= 0) m_style->setCurrentIndex(i);
    m_epochs->setValue(c.epochs);
    m_lr->setValue(c.learningRate);
    m_gradAccum->setValue(c.gradientAccumulation);
    m_loraR->setValue(c.loraR);
    m_loraAlpha->setValue(c.loraAlpha);
    m_loraDropout->setValue(c.loraDropout);
    m_method->setCurrentIndex(c.loadIn4bit ? 1 : 0);
    m_refine->setChecked(c.refine);
    m_evalEvery->setValue(c.evalEvery);
    m_shuffleOptions->setChecked(c.shuffleOptions);
    m_dora->setChecked(c.useDora);
    m_patience->setValue(c.earlyStoppingPatience);
}

std::vector<train::SweepRun> NewRunDialog::runs() const {
    const train::TrainConfig c = config();
    if (!m_sweep->isChecked()) return {{m_name->text().toStdString(), c}};
    const auto grid =
        train::parseSweepGrid(m_sweepRates->text().toStdString(), m_sweepRanks->text().toStdString(),
                              m_sweepStyles->text().toStdString(), m_sweepData->currentData().toString().toStdString());
    return train::expandSweep(c, grid, m_runsFolder.toStdString(), m_name->text().toStdString());
}

train::TrainConfig NewRunDialog::config() const {
    train::TrainConfig c;
    QString folder = m_model->text();
    try {  // Start says why when a hub id is not cached
        folder = modelFolder();
    } catch (const Error&) {
    }
    c.modelDir = folder.toStdString();
    c.style = m_style->currentData().toString().toStdString();
    const QString templateChoice = m_template->currentData().toString();
    c.templateSpec =
        (templateChoice.startsWith(QLatin1Char('#')) ? folder + templateChoice : templateChoice).toStdString();
    try {  // the Start button refuses malformed arguments with the reason before any run is built
        c.templateKwargs = chat::parseTemplateKwargs(m_templateKwargs->text().toStdString(), "template arguments");
    } catch (const Error&) {
    }
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
    c.device = m_device->currentData().toString().toStdString();
    c.threads = m_threads->value();
    c.loadIn4bit = m_method->currentData().toBool();
    c.refine = m_refine->isChecked();
    c.shuffleOptions = m_shuffleOptions->isChecked();
    c.useDora = m_dora->isChecked();
    if (!c.devFile.empty()) {  // without dev data there is nothing to evaluate on
        c.evalEvery = m_evalEvery->value();
        c.earlyStoppingPatience = m_patience->value();
    }
    if (m_preset->currentIndex() > 0)
        c.baseModelName = train::publishedPresets()[std::size_t(m_preset->currentIndex() - 1)].baseModel;
    else if (folder != m_model->text())  // a hub id: the adapter names it as its base model
        c.baseModelName = m_model->text().toStdString();
    return c;
}

}  // namespace cci::ui
