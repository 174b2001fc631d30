// safetensors files: header parsing with every check the format allows (8-byte little-endian length within the
// file, JSON object, known dtypes, shapes matching byte sizes, data_offsets inside the buffer and not overlapping),
// memory-mapped tensor data, sharded models through model.safetensors.index.json, and an atomic writer.
#pragma once

#include "util/mapped_file.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace cci::model {

enum class DType { F32, F16, BF16 };
std::size_t dtypeSize(DType d);
const char* dtypeName(DType d);  // "F32", "F16", "BF16"

struct TensorView {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    const std::byte* data = nullptr;
    std::size_t bytes = 0;
    std::string file;
    std::int64_t elements() const;
};

class SafetensorsFile {
public:
    // Throws cci::Error naming the file and the problem.
    explicit SafetensorsFile(const std::string& path);
    const std::map<std::string, TensorView>& tensors() const { return m_tensors; }
    const std::map<std::string, std::string>& metadata() const { return m_metadata; }
    // Drops a tensor's pages from resident memory once it has been copied (they are read again if touched).
    bool release(const TensorView& view) const;

private:
    std::unique_ptr<MappedFile> m_file;
    std::map<std::string, TensorView> m_tensors;
    std::map<std::string, std::string> m_metadata;
};

// All weights of a model folder: model.safetensors, or the shards that model.safetensors.index.json lists.
class WeightStore {
public:
    explicit WeightStore(const std::string& folder);
    const TensorView* find(const std::string& name) const;
    // The tensor, with its shape checked; throws cci::Error naming the tensor, file and both shapes.
    const TensorView& require(const std::string& name, const std::vector<std::int64_t>& shape) const;
    std::vector<std::string> names() const;
    // Takes tensors of another safetensors file in place of the model's own: {model tensor name, tensor name in
    // the file} (a PEFT adapter's modules_to_save copies). Throws cci::Error naming the file or tensor.
    void overlay(const std::string& path, const std::vector<std::pair<std::string, std::string>>& replacements);
    // After a tensor has been copied out: its file pages leave resident memory (a large model's load then holds
    // the copies, not the copies plus the mapped file).
    void release(const TensorView& view) const;

private:
    std::vector<std::unique_ptr<SafetensorsFile>> m_files;
    std::map<std::string, const TensorView*> m_index;
    std::string m_folder;
};

struct TensorData {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::string bytes;  // little-endian raw data
};

// Writes a safetensors file atomically (tensors sorted by name, 8-byte aligned header).
void writeSafetensors(const std::string& path, const std::vector<TensorData>& tensors,
                      const std::map<std::string, std::string>& metadata = {});

struct TensorHeader {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t bytes() const;
};
// The same for tensors too large to hold at once: the header is written first, then `writeData(i, out)` streams
// tensor i's bytes, in the order given (exactly bytes() of them, or cci::Error and no file).
void writeSafetensorsStreamed(const std::string& path, const std::vector<TensorHeader>& tensors,
                              const std::function<void(std::size_t, std::ostream&)>& writeData,
                              const std::map<std::string, std::string>& metadata = {});

// Little-endian conversions of one element.
float bf16ToFloat(std::uint16_t v);
float f16ToFloat(std::uint16_t v);
std::uint16_t floatToBf16(float f);

}  // namespace cci::model
