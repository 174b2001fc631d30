// Run folder lock (see run_lock.h).
#include "run/run_lock.h"

#include "util/file_lock.h"
#include "util/problem.h"

#include <filesystem>

namespace cci::run {

RunFolderLock::RunFolderLock(const std::string& runDir) : m_folder(runDir) {
    std::error_code ec;
    m_created = !std::filesystem::exists(runDir, ec);
    std::filesystem::create_directories(runDir, ec);
    if (ec) throw Error(runDir + ": cannot create the run folder: " + ec.message());
    try {
        m_lock = std::make_unique<FileLock>(m_folder.lockFile(), "the run folder " + runDir);
    } catch (...) {
        if (m_created) std::filesystem::remove(runDir, ec);
        throw;
    }
}

RunFolderLock::~RunFolderLock() {
    std::error_code ec;
    if (!m_created || m_folder.hasRecord()) return;
    std::filesystem::remove(m_folder.lockFile(), ec);
    std::filesystem::remove(m_folder.path(), ec);  // only when empty
}

}  // namespace cci::run
