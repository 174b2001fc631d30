// SettingsDialog: form, validation (no key bound twice) and persistence.
#include "settings/settings_dialog.h"
#include "settings/device_choices.h"

#include "annotate/annotate_commands.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace cci::ui {

QString SettingsDialog::annotatorName() {
    const QString user = qEnvironmentVariable("USER", QStringLiteral("annotator"));
    return QSettings().value(QStringLiteral("annotator/name"), user).toString();
}

QString SettingsDialog::userStylesFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/prompts");
}

bool SettingsDialog::blindMode() { return QSettings().value(QStringLiteral("annotate/blind"), false).toBool(); }
void SettingsDialog::setBlindMode(bool on) { QSettings().setValue(QStringLiteral("annotate/blind"), on); }

QString SettingsDialog::language() { return QSettings().value(QStringLiteral("language")).toString(); }

QString SettingsDialog::runsFolder() {
    return QSettings()
        .value(QStringLiteral("workspace/runsFolder"),
               QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs"))
        .toString();
}

QString SettingsDialog::device() {
    return QSettings().value(QStringLiteral("device"), QStringLiteral("cpu")).toString();
}

SettingsDialog::SettingsDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Settings"));
    m_annotator = new QLineEdit(annotatorName(), this);
    m_annotator->setObjectName(QStringLiteral("annotatorName"));
    m_keys = new QTableWidget(int(annotateCommands().size()), 2, this);
    m_keys->setObjectName(QStringLiteral("keys"));
    m_keys->setHorizontalHeaderLabels({tr("Annotate command"), tr("Key")});
    m_keys->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_keys->verticalHeader()->hide();
    for (int r = 0; r < int(annotateCommands().size()); ++r) {
        const AnnotateCommand& c = annotateCommands()[std::size_t(r)];
        auto* label = new QTableWidgetItem(c.label);
        label->setFlags(Qt::ItemIsEnabled);
        m_keys->setItem(r, 0, label);
        auto* edit = new QKeySequenceEdit(annotateKey(c.id), m_keys);
        edit->setObjectName(c.id);
        m_keys->setCellWidget(r, 1, edit);
    }
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(tr("System language"), QString());
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("한국어"), QStringLiteral("ko"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(language())));
    m_language->setToolTip(tr("Takes effect after a restart."));
    auto* restartNote = new QLabel(tr("The language changes when the workbench is started again."), this);
    restartNote->setObjectName(QStringLiteral("restartNote"));
    restartNote->setWordWrap(true);
    restartNote->setVisible(false);
    const int startLanguage = m_language->currentIndex();
    connect(m_language, &QComboBox::currentIndexChanged, restartNote,
            [restartNote, startLanguage](int index) { restartNote->setVisible(index != startLanguage); });
    m_runsFolder = new QLineEdit(runsFolder(), this);
    m_runsFolder->setObjectName(QStringLiteral("runsFolder"));
    m_runsFolder->setToolTip(tr("Training runs (run.json, metrics, adapters) are kept here"));
    m_device = new QComboBox(this);
    m_device->setObjectName(QStringLiteral("device"));
    fillDeviceChoices(m_device);
    selectDevice(m_device, device());
    auto* form = new QFormLayout;
    form->addRow(tr("Annotator name"), m_annotator);
    form->addRow(tr("Language"), m_language);
    form->addRow(QString(), restartNote);
    form->addRow(tr("Runs folder"), m_runsFolder);
    form->addRow(tr("Device"), m_device);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_keys, 1);
    layout->addWidget(buttons);
    resize(460, 420);
}

void SettingsDialog::accept() {
    const QString name = m_annotator->text().trimmed();
    if (name.isEmpty()) {
        QMessageBox::warning(this, tr("Settings"), tr("The annotator name cannot be empty."));
        return;
    }
    QStringList seen;
    for (int r = 0; r < m_keys->rowCount(); ++r) {
        const QString key = static_cast<QKeySequenceEdit*>(m_keys->cellWidget(r, 1))->keySequence().toString();
        if (!key.isEmpty() && seen.contains(key)) {
            QMessageBox::warning(this, tr("Settings"), tr("The key %1 is bound to two commands.").arg(key));
            return;
        }
        seen << key;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("annotator/name"), name);
    settings.setValue(QStringLiteral("language"), m_language->currentData().toString());
    for (int r = 0; r < m_keys->rowCount(); ++r)
        settings.setValue(QStringLiteral("annotate/keys/") + annotateCommands()[std::size_t(r)].id,
                          static_cast<QKeySequenceEdit*>(m_keys->cellWidget(r, 1))->keySequence().toString());
    if (!m_runsFolder->text().trimmed().isEmpty())
        QSettings().setValue(QStringLiteral("workspace/runsFolder"), m_runsFolder->text().trimmed());
    QSettings().setValue(QStringLiteral("device"), m_device->currentData().toString());
    QDialog::accept();
}

}  // namespace cci::ui
