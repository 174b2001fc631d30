// The keyboard commands of annotate mode, their default keys and the settings keys that remap them.
#pragma once

#include <QKeySequence>
#include <QString>

#include <vector>

namespace cci::ui {

struct AnnotateCommand {
    QString id;     // settings key suffix: annotate/keys/<id>
    QString label;  // shown in the help overlay and the settings dialog
    QKeySequence defaultKey;
};

const std::vector<AnnotateCommand>& annotateCommands();
// The key for a command: the user's setting, or its default.
QKeySequence annotateKey(const QString& id);

}  // namespace cci::ui
