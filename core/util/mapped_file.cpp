// POSIX mmap implementation of MappedFile.
#include "util/mapped_file.h"

#include "util/problem.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstring>

namespace cci {

MappedFile::MappedFile(const std::string& path) {
    // A FIFO or device would block open() or read forever: refuse anything but a regular file before opening.
    struct stat before {};
    if (::stat(path.c_str(), &before) == 0 && !S_ISREG(before.st_mode)) throw Error(path + ": not a regular file");
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(path + ": not a regular file");
    }
    m_size = static_cast<std::size_t>(st.st_size);
    if (m_size > 0) {
        m_data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (m_data == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            m_data = nullptr;
            throw Error(path + ": cannot map: " + std::strerror(err));
        }
        ::madvise(m_data, m_size, MADV_SEQUENTIAL);
    }
    ::close(fd);
}

MappedFile::MappedFile(MappedFile&& other) noexcept : m_data(other.m_data), m_size(other.m_size) {
    other.m_data = nullptr;
    other.m_size = 0;
}

void MappedFile::release(std::size_t begin, std::size_t end) const {
    if (!m_data) return;
    const std::size_t page = std::size_t(::sysconf(_SC_PAGESIZE));
    begin = (begin + page - 1) / page * page;
    end = std::min(end, m_size) / page * page;
    if (end > begin) ::madvise(static_cast<char*>(m_data) + begin, end - begin, MADV_DONTNEED);
}

MappedFile::~MappedFile() {
    if (m_data) ::munmap(m_data, m_size);
}

}  // namespace cci
