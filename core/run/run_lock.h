// RunFolderLock: the lock a process holds on a run folder while it trains the run (run/.lock, through FileLock), so
// that a second `cci train --out` or `--resume` of the folder stops at once, naming the holder. A folder that was
// made for the lock alone is removed again when the holder ends before writing the run's record (refused at start).
#pragma once

#include "run/run_folder.h"

#include <memory>
#include <string>

namespace cci {
class FileLock;
}

namespace cci::run {

class RunFolderLock {
public:
    // Creates the folder when missing and takes its lock. Throws cci::Error naming the folder and the holder's pid.
    explicit RunFolderLock(const std::string& runDir);
    ~RunFolderLock();
    RunFolderLock(const RunFolderLock&) = delete;
    RunFolderLock& operator=(const RunFolderLock&) = delete;

private:
    RunFolder m_folder;
    bool m_created = false;
    std::unique_ptr<FileLock> m_lock;
};

}  // namespace cci::run
