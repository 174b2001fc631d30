// SettingsDialog: the annotator name and the annotate-mode keys (remappable), stored with QSettings.
#pragma once

#include <QDialog>

class QComboBox;
class QLineEdit;
class QTableWidget;

namespace cci::ui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    void accept() override;

    static QString annotatorName();  // default: the login name
    // "ko", "en", or "" for the system language.
    static QString language();
    static QString runsFolder();        // where training runs live (default: the app data folder/runs)
    static QString device();            // "cpu" or "cuda" for training and prediction
    static QString userStylesFolder();  // prompt styles the user saved (Prompt › Save style as…)
    // Annotate's blind mode, kept across restarts (a blind study must not show gold at the next start).
    static bool blindMode();
    static void setBlindMode(bool on);

private:
    QLineEdit* m_annotator;
    QComboBox* m_language;
    QLineEdit* m_runsFolder;
    QComboBox* m_device;
    QTableWidget* m_keys;
};

}  // namespace cci::ui
