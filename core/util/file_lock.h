// FileLock: an advisory lock (flock) that keeps two processes from writing one run folder or annotation sidecar at
// once. The lock file holds the holder's pid for the message the second process gets; the kernel drops the lock
// when its holder exits, however it exits, so a killed process never leaves a stale lock behind.
#pragma once

#include <string>

namespace cci {

// The hidden lock file beside a file: DIR/.NAME.lock.
std::string hiddenLockPathFor(const std::string& file);

class FileLock {
public:
    // Takes the lock on `lockPath` (created when missing) without waiting. Throws cci::Error naming `what` and the
    // holder's pid when another process holds it, or naming the file when it cannot be created.
    FileLock(const std::string& lockPath, const std::string& what);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int m_fd = -1;
};

}  // namespace cci
