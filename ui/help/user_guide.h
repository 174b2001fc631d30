// Help › User Guide: docs/USER_GUIDE.md (compiled into the workbench with its screenshots) in a window beside the
// main one, so the guide is there offline and matches the version that runs.
#pragma once

class QWidget;

namespace cci::ui {

// Shows the guide (one window, raised when already open).
void showUserGuide(QWidget* parent);

}  // namespace cci::ui
