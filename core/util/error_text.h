// Error text for people: libtorch's exceptions carry a C++ stack trace after their message ("Exception raised
// from … frame #0: …"); users see the message only.
#pragma once

#include <string>
#include <string_view>

namespace cci {

// `what` without libtorch's "Exception raised from …" backtrace and trailing blank lines.
std::string withoutBacktrace(std::string_view what);

}  // namespace cci
