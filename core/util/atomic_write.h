// Atomic file writes: every file the workbench writes goes through here (temp file in the same folder, fsync,
// rename), so a crash leaves either the old file or the complete new one, never half a file. A symbolic link is
// written through (its target replaced, the link kept); a character device or pipe (/dev/null, /dev/stdout) is
// written to in place, never replaced by a file; a replaced file keeps its permission bits; SIGINT, SIGTERM and
// SIGHUP during a write remove the temporary file (unless the command handles those signals itself).
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cci {

// Writes `content` to `path` atomically. Throws cci::Error naming the path on failure.
void writeFileAtomic(const std::string& path, std::string_view content);

// Streams into a temp file through `write`, then commits as above; the temp file is removed on any failure.
void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& write);

// Writes files that belong together (a submission and its probabilities, a report and its HTML): every one is
// written and fsynced under a temporary name first, and only then are they renamed into place - a full disk leaves
// the old set, never a new file beside an old one.
void writeFilesAtomic(const std::vector<std::pair<std::string, std::string>>& files);

// Appends `text` (whole lines) to `path` with one write(2) on an O_APPEND descriptor: a log that grows by a line per
// step (metrics.jsonl) costs a line per step, not the whole file. A crash leaves at most a cut last line, which
// readers skip. Throws cci::Error naming the path on failure.
void appendToFile(const std::string& path, std::string_view text);

// Throws cci::Error when `output` names the same file as one of `inputs` (e.g. `-o` given the gold file).
void refuseToOverwriteInput(const std::string& output, const std::vector<std::string>& inputs);

// Reads a whole file; throws cci::Error naming the path on failure.
std::string readFile(const std::string& path);

}  // namespace cci
