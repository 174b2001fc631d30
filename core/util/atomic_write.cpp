// Temp-file + fsync + rename implementation of atomic writes.
#include "util/atomic_write.h"

#include "util/problem.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
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

// A fail point for tests of signals: CCI_SIGNAL_DURING_WRITE="PATTERN" raises SIGTERM once the content of a file
// whose path contains PATTERN is written to its temporary file, before it is put in place.
void injectedSignal(const std::string& path) {
    static const char* pattern = std::getenv("CCI_SIGNAL_DURING_WRITE");
    if (pattern && *pattern && path.find(pattern) != std::string::npos) std::raise(SIGTERM);
}

}  // namespace

namespace {

// The permission bits a new file gets (0666 less the process's umask, read without changing it).
mode_t newFileMode() {
    static const mode_t mode = [] {
        std::ifstream status("/proc/self/status");
        std::string line;
        while (std::getline(status, line))
            if (line.rfind("Umask:", 0) == 0) return mode_t(0666 & ~std::strtol(line.c_str() + 6, nullptr, 8));
        return mode_t(0644);
    }();
    return mode;
}

// Where a write to a path lands. A symbolic link is followed to its target, which is replaced (the link stays a
// link); a character device or a pipe (/dev/null, /dev/stdout on a terminal or pipe) is written to directly, never
// replaced by a file; a replaced file keeps its permission bits.
struct OutputTarget {
    std::string path;     // the file to replace (links resolved), or the device to write to
    bool direct = false;  // a device or pipe: written in place, not through a temporary file
    mode_t mode = 0;      // permission bits of the file once written
};

OutputTarget resolveOutput(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) throw Error(path + ": is a folder, not a file");
        if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) return {path, true, 0};
        if (!S_ISREG(st.st_mode))
            throw Error(path + ": not a regular file, a character device or a pipe; refusing to write to it");
        std::string real = path;
        struct stat link {};
        if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
            char* resolved = ::realpath(path.c_str(), nullptr);
            if (!resolved) throw Error(path + ": cannot follow the symbolic link: " + errnoText());
            real = resolved;
            std::free(resolved);
        }
        return {real, false, mode_t(st.st_mode & 07777)};
    }
    // Nothing there (through the links): a dangling link gets its target created.
    std::filesystem::path p(path);
    for (int hops = 0;; ++hops) {
        struct stat link {};
        if (::lstat(p.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) break;
        if (hops == 40) throw Error(path + ": too many levels of symbolic links");
        std::error_code ec;
        const auto target = std::filesystem::read_symlink(p, ec);
        if (ec) throw Error(path + ": cannot follow the symbolic link: " + ec.message());
        p = target.is_absolute() ? target : p.parent_path() / target;
    }
    return {p.string(), false, newFileMode()};
}

// Temporary files being written, so that SIGINT, SIGTERM or SIGHUP arriving mid-write removes them (a killed
// `cci refine` left hundreds of MB of hidden files). Fixed slots, since a signal handler may not allocate or lock.
constexpr int kTempSlots = 16;
constexpr std::size_t kTempPathMax = 4096;
char g_tempPaths[kTempSlots][kTempPathMax];
std::atomic<bool> g_tempUsed[kTempSlots];
std::once_flag g_handlersInstalled;

extern "C" void removeTempFilesAndDie(int signal) {
    for (int i = 0; i < kTempSlots; ++i)
        if (g_tempUsed[i].load()) ::unlink(g_tempPaths[i]);
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

// Installs the clean-up handler for the signals whose disposition is still the default (a command that handles
// them itself, as training does, keeps its handler).
void installTempCleanup() {
    std::call_once(g_handlersInstalled, [] {
        for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction current {};
            if (::sigaction(signal, nullptr, &current) == 0 && current.sa_handler == SIG_DFL)
                std::signal(signal, removeTempFilesAndDie);
        }
    });
}

// Registers a temporary file for removal on a signal for as long as it lives; -1 when every slot is taken.
class TempRegistration {
public:
    explicit TempRegistration(const std::string& tmp) {
        installTempCleanup();
        if (tmp.size() >= kTempPathMax) return;
        for (int i = 0; i < kTempSlots; ++i) {
            bool expected = false;
            if (g_tempUsed[i].load() || !g_tempUsed[i].compare_exchange_strong(expected, true)) continue;
            std::memcpy(g_tempPaths[i], tmp.c_str(), tmp.size() + 1);
            m_slot = i;
            return;
        }
    }
    ~TempRegistration() { release(); }
    void release() {
        if (m_slot >= 0) g_tempUsed[m_slot].store(false);
        m_slot = -1;
    }
    TempRegistration(const TempRegistration&) = delete;
    TempRegistration& operator=(const TempRegistration&) = delete;

private:
    int m_slot = -1;
};

// A file written to a temporary name beside its target and fsynced, not yet in place (or, for a device or pipe,
// already written: tmp is empty).
struct StagedFile {
    std::string path, tmp;
    std::shared_ptr<TempRegistration> registration;
};

StagedFile stage(const std::string& path, const std::function<void(std::ostream&)>& write) {
    namespace fs = std::filesystem;
    const OutputTarget output = resolveOutput(path);
    if (output.direct) {
        std::ofstream out(output.path, std::ios::binary);
        if (!out) throw Error(path + ": cannot open for writing: " + errnoText());
        write(out);
        out.flush();
        if (!out) throw Error(path + ": write failed");
        return {output.path, {}, nullptr};
    }
    const fs::path target(output.path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string tmpl = (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw Error(path + ": cannot create a temporary file beside it: " + errnoText());
    ::close(fd);
    const std::string tmp = tmpl;
    auto registration = std::make_shared<TempRegistration>(tmp);
    try {
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            if (!out) throw Error(tmp + ": cannot open for writing");
            write(out);
            out.flush();
            injectedSignal(path);
            if (!out) throw Error(path + ": write failed (disk full?)");
            if (injectedWriteFailure(path))
                throw Error(path + ": write failed: No space left on device (CCI_FAIL_WRITES)");
        }
        ::chmod(tmp.c_str(), output.mode);
        fsyncPath(tmp, false);
    } catch (...) {
        std::remove(tmp.c_str());
        throw;
    }
    return {output.path, tmp, std::move(registration)};
}

void publish(const StagedFile& f) {
    if (f.tmp.empty()) return;  // a device or pipe, written in place
    if (std::rename(f.tmp.c_str(), f.path.c_str()) != 0) throw Error(f.path + ": cannot replace: " + errnoText());
    f.registration->release();
    const std::filesystem::path target(f.path);
    fsyncPath(target.has_parent_path() ? target.parent_path().string() : ".", true);
}

}  // namespace

void writeFileAtomic(const std::string& path, const std::function<void(std::ostream&)>& write) {
    const StagedFile f = stage(path, write);
    try {
        publish(f);
    } catch (...) {
        if (!f.tmp.empty()) std::remove(f.tmp.c_str());
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
        for (const StagedFile& f : staged)
            if (!f.tmp.empty()) std::remove(f.tmp.c_str());
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
