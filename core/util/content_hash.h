// A content hash for files the workbench records and checks again later (a run's data files, checkpoint files):
// FNV-1a over the bytes, 64 bits, as 16 hex digits. Not a defence against tampering, only against mix-ups.
#pragma once

#include <string>
#include <string_view>

namespace cci {

std::string fnv1a64Hex(std::string_view bytes);

}  // namespace cci
