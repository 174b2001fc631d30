// Rule colours: light backgrounds that keep dark text readable; neighbours in rule order differ in hue.
#include "refine/rule_colors.h"

namespace cci::ui {

QColor ruleColor(int rule) {
    static const char* const kColors[] = {"#ffffff", "#ffe066", "#b2f2bb", "#a5d8ff", "#ffc9c9", "#eebefa", "#ffd8a8",
                                          "#96f2d7", "#d0bfff", "#ced4da", "#fcc2d7", "#99e9f2", "#d8f5a2"};
    constexpr int n = int(sizeof(kColors) / sizeof(kColors[0]));
    return QColor(QString::fromLatin1(kColors[rule >= 0 && rule < n ? rule : 0]));
}

}  // namespace cci::ui
