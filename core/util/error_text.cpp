// Strips libtorch's backtrace from exception messages.
#include "util/error_text.h"

namespace cci {

std::string withoutBacktrace(std::string_view what) {
    // libtorch 1.x and 2.x put the backtrace after the message on a new line (with or without the raising function).
    for (const std::string_view marker :
         {std::string_view("\nException raised from "), std::string_view("\nframe #0: ")})
        if (const auto at = what.find(marker); at != std::string_view::npos) what = what.substr(0, at);
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.remove_suffix(1);
    return std::string(what);
}

}  // namespace cci
