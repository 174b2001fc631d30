// Rationale editor (see rationale_dialog.h).
#include "annotate/rationale_dialog.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace cci::ui {

namespace {

// Ctrl+Enter (either Enter key) in the text accepts the dialog; a plain Enter stays a new line.
class SaveOnCtrlEnter : public QObject {
public:
    SaveOnCtrlEnter(QDialog* dialog) : QObject(dialog), m_dialog(dialog) {}
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::KeyPress) {
            const auto* key = static_cast<QKeyEvent*>(event);
            if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
                (key->modifiers() & Qt::ControlModifier)) {
                m_dialog->accept();
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    QDialog* m_dialog;
};

}  // namespace

QString askRationale(QWidget* parent, const QString& initial, bool* ok) {
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("rationaleDialog"));
    dialog.setWindowTitle(QDialog::tr("Rationale"));
    auto* edit = new QPlainTextEdit(initial, &dialog);
    edit->setObjectName(QStringLiteral("rationaleEdit"));
    edit->moveCursor(QTextCursor::End);
    auto* hint = new QLabel(QDialog::tr("Why this answer? Ctrl+Enter saves, Esc cancels."), &dialog);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Save)->setToolTip(QDialog::tr("Ctrl+Enter"));
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    edit->installEventFilter(new SaveOnCtrlEnter(&dialog));
    auto* layout = new QVBoxLayout(&dialog);
    layout->addWidget(hint);
    layout->addWidget(edit, 1);
    layout->addWidget(buttons);
    dialog.resize(480, 220);
    edit->setFocus();
    const bool accepted = dialog.exec() == QDialog::Accepted;
    if (ok) *ok = accepted;
    return accepted ? edit->toPlainText() : initial;
}

}  // namespace cci::ui
