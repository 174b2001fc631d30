// Temp-file + fsync + rename implementation of atomic writes.
#include "util/atomic_write.h"

#include "util/problem.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

namespace cci {
namespace {

std::string errnoText() { return std::strerror(errno); }

void fsyncPath(const std::string& path, bool directory) {
    const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_WRONLY) | O_CLOEXEC);
    if (fd < 0) {
        if (directory) return;  // some file systems refuse opening directories; the rename is still atomic
        throw Error(path + ": cannot reopen for fsync: " + errnoText());
    }
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0 && !directory) throw Error(path + ": fsync failed: " + errnoText());
}

// A fail point for tests of full disks: CCI_FAIL_WRITES="PATTERN:N" makes the N-th write (1-based, counted in this
// process) of a file whose path contains PATTERN fail as a full disk would, after part of it was written.
bool injectedWriteFailure(const std::string& path) {
    static const char* spec = std::getenv("CCI_FAIL_WRITES");
    if (!spec || !*spec) return false;
    static std::mutex mutex;
    static long count = 0;
    const std::string text(spec);
    const auto colon = text.rfind(':');
    const std::string pattern = text.substr(0, colon);
    const long nth = colon == std::string::npos ? 1 : std::atol(text.c_str() + colon + 1);
    if (path.find(pattern) == std::string::npos) return false;
    std::lock_guard<std::mutex> lock(mutex);
    return ++count == nth;
}

}  // namespace

namespace {

// A file written to a temporary name beside its target and fsynced, not yet in place.
struct StagedFile {
    std::string path, tmp;
};

StagedFile stage(const std::string& path, const std::function<void(std::ostream&)>& write) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw Error(path + ": cannot create a temporary file beside it: " + errnoText());
    ::close(fd);
    const std::string tmp = tmpl;
    try {
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out) throw Error(tmp + ": cannot open for writing");
            write(out);
            out.flush();
            if (!out) throw Error(path + ": write failed (disk full?)");
            if (injectedWriteFailure(path))
                throw Error(path + ": write failed: No space left on device (CCI_FAIL_WRITES)");
        }
        ::chmod(tmp.c_str(), 0644);
        fsyncPath(tmp, false);
    } catch (...) {
        std::remove(tmp.c_str());
        throw;
    }
    return {path, tmp};
}

void publish(const StagedFile& f) {
    if (std::rename(f.tmp.c_str(), f.path.c_str()) != 0) throw Error(f.path + ": cannot replace: " + errnoText());
    const std::filesystem::path target(f.path);
    fsyncPath(target.has_parent_path() ? target.parent_path().string() : ".", true);
}

}  // namespace

void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& write) {
    const StagedFile f = stage(path, write);
    try {
        publish(f);
    } catch (...) {
        std::remove(f.tmp.c_str());
        throw;
    }
}

void writeFileAtomic(const std::string& path, std::string_view content) {
    writeFileAtomic(path, [&](std::ostream& out) { out.write(content.data(), std::streamsize(content.size())); });
}

void writeFilesAtomic(const std::vector<std::pair<std::string, std::string>>& files) {
    std::vector<StagedFile> staged;
    try {
        for (const auto& file : files) {
            const std::string& content = file.second;
            staged.push_back(stage(
                file.first, [&](std::ostream& out) { out.write(content.data(), std::streamsize(content.size())); }));
        }
        for (const StagedFile& f : staged) publish(f);
    } catch (...) {
        for (const StagedFile& f : staged) std::remove(f.tmp.c_str());
        throw;
    }
}

void appendToFile(const std::string& path, std::string_view text) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) throw Error(path + ": cannot open for appending: " + errnoText());
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0 || injectedWriteFailure(path)) {
            const std::string reason = n < 0 ? errnoText() : "No space left on device";
            ::close(fd);
            throw Error(path + ": write failed: " + reason);
        }
        done += std::size_t(n);
    }
    if (::close(fd) != 0) throw Error(path + ": write failed: " + errnoText());
}

void refuseToOverwriteInput(const std::string& output, const std::vector<std::string>& inputs) {
    std::error_code ec;
    for (const std::string& input : inputs)
        if (std::filesystem::equivalent(output, input, ec))
            throw Error(output + ": is also an input (" + input + "); write the output to another file");
}

std::string readFile(const std::string& path) {
    // A FIFO or device would block the read forever: only regular files are read.
    std::error_code ec;
    if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
        throw Error(path + ": not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open: " + errnoText());
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw Error(path + ": read failed");
    return std::move(ss).str();
}

}  // namespace cci
