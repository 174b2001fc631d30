// Atomic file writes: every file the workbench writes goes through here (temp file in the same folder, fsync,
// rename), so a crash leaves either the old file or the complete new one, never half a file.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace cci {

// Writes `content` to `path` atomically. Throws cci::Error naming the path on failure.
void writeFileAtomic(const std::string& path, std::string_view content);

// Streams into a temp file through `write`, then commits as above; the temp file is removed on any failure.
void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& write);

// Reads a whole file; throws cci::Error naming the path on failure.
std::string readFile(const std::string& path);

}  // namespace cci
