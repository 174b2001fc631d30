// The text of an exception as the workbench shows it: the message without libtorch's C++ backtrace.
#pragma once

#include "util/error_text.h"

#include <QString>

#include <exception>

namespace cci::ui {

inline QString errorMessage(const std::exception& e) { return QString::fromStdString(withoutBacktrace(e.what())); }

}  // namespace cci::ui
