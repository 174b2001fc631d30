// One highlight colour per refinement rule, shared by the diff view and its legend.
#pragma once

#include <QColor>

namespace cci::ui {

QColor ruleColor(int rule);

}  // namespace cci::ui
