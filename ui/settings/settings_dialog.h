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

private:
    QLineEdit* m_annotator;
    QComboBox* m_language;
    QTableWidget* m_keys;
};

}  // namespace cci::ui
