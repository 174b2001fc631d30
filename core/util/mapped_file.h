// MappedFile: a read-only memory map of a whole file (corpora, safetensors), so large inputs are not copied.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cci {

class MappedFile {
public:
    // Throws cci::Error naming the path when the file cannot be opened or mapped.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    MappedFile(MappedFile&& other) noexcept;

    std::string_view view() const { return {static_cast<const char*>(m_data), m_size}; }
    const std::byte* data() const { return static_cast<const std::byte*>(m_data); }
    std::size_t size() const { return m_size; }
    // Hints that bytes in [begin, end) are no longer needed: their whole pages leave resident memory and are
    // read again from the file if touched. Thread-safe (no state).
    void release(std::size_t begin, std::size_t end) const;

private:
    void* m_data = nullptr;
    std::size_t m_size = 0;  // bytes
};

}  // namespace cci
