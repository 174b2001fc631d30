// Advisory flock with the holder's pid (see file_lock.h).
#include "util/file_lock.h"

#include "util/problem.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

namespace cci {

std::string hiddenLockPathFor(const std::string& file) {
    const std::filesystem::path p(file);
    return (p.parent_path() / ("." + p.filename().string() + ".lock")).string();
}

FileLock::FileLock(const std::string& lockPath, const std::string& what) {
    m_fd = ::open(lockPath.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) throw Error(lockPath + ": cannot create the lock file: " + std::strerror(errno));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        char buffer[32] = {};
        const ssize_t n = ::pread(m_fd, buffer, sizeof buffer - 1, 0);
        ::close(m_fd);
        m_fd = -1;
        if (error != EWOULDBLOCK) throw Error(lockPath + ": cannot lock: " + std::strerror(error));
        std::string holder = n > 0 ? std::string(buffer, std::size_t(n)) : std::string();
        while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
        throw Error(what + " is in use by another process" + (holder.empty() ? "" : " (pid " + holder + ")") +
                    "; wait for it to end, or stop it");
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(m_fd, 0) != 0 || ::pwrite(m_fd, pid.data(), pid.size(), 0) < 0) {
        // The lock holds without the pid; only the message of a second process loses it.
    }
}

FileLock::~FileLock() {
    if (m_fd >= 0) ::close(m_fd);
}

}  // namespace cci
