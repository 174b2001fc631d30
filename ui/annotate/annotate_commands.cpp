// Annotate-mode commands and their (remappable) keys.
#include "annotate/annotate_commands.h"

#include <QCoreApplication>
#include <QSettings>

namespace cci::ui {

const std::vector<AnnotateCommand>& annotateCommands() {
    static const std::vector<AnnotateCommand> commands = {
        {"choose1", QCoreApplication::translate("annotate", "Choose option 1"), QKeySequence(Qt::Key_1)},
        {"choose2", QCoreApplication::translate("annotate", "Choose option 2"), QKeySequence(Qt::Key_2)},
        {"choose3", QCoreApplication::translate("annotate", "Choose option 3"), QKeySequence(Qt::Key_3)},
        {"unsure", QCoreApplication::translate("annotate", "Unsure"), QKeySequence(Qt::Key_0)},
        {"next", QCoreApplication::translate("annotate", "Next unannotated item"), QKeySequence(Qt::Key_Return)},
        {"previous", QCoreApplication::translate("annotate", "Previous item"), QKeySequence(Qt::Key_Backspace)},
        {"tag", QCoreApplication::translate("annotate", "Tag the item"), QKeySequence(Qt::Key_T)},
        {"note", QCoreApplication::translate("annotate", "Write a rationale"), QKeySequence(Qt::Key_N)},
        {"undo", QCoreApplication::translate("annotate", "Undo"), QKeySequence(QKeySequence::Undo)},
        {"help", QCoreApplication::translate("annotate", "Show the shortcuts"), QKeySequence(Qt::Key_Question)},
    };
    return commands;
}

QKeySequence annotateKey(const QString& id) {
    for (const AnnotateCommand& c : annotateCommands())
        if (c.id == id)
            return QKeySequence(
                QSettings().value(QStringLiteral("annotate/keys/") + id, c.defaultKey.toString()).toString());
    return {};
}

}  // namespace cci::ui
