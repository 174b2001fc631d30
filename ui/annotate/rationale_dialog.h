// The rationale editor of the Annotate tab: a multi-line text that Ctrl+Enter saves and Esc cancels, so that an
// annotator never leaves the keyboard (Enter adds a line, as in any text box).
#pragma once

#include <QString>

class QWidget;

namespace cci::ui {

// Shows the editor with `initial`; returns the text, with *ok false when cancelled.
QString askRationale(QWidget* parent, const QString& initial, bool* ok);

}  // namespace cci::ui
