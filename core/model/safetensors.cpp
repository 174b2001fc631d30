// safetensors reading, checking and writing (see safetensors.h).
#include "model/safetensors.h"

#include "util/atomic_write.h"
#include "util/problem.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace cci::model {

namespace {

[[noreturn]] void fail(const std::string& file, const std::string& path, const std::string& message) {
    Problem p;
    p.file = file;
    p.path = path;
    p.message = message;
    throw Error({p});
}

constexpr std::uint64_t kMaxHeaderBytes = 100u << 20;  // the reference library's own limit

std::string shapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

}  // namespace

std::size_t dtypeSize(DType d) { return d == DType::F32 ? 4 : 2; }
const char* dtypeName(DType d) { return d == DType::F32 ? "F32" : d == DType::F16 ? "F16" : "BF16"; }

std::int64_t TensorView::elements() const {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return n;
}

SafetensorsFile::SafetensorsFile(const std::string& path) : m_file(std::make_unique<MappedFile>(path)) {
    const auto size = m_file->size();
    if (size < 8) fail(path, "", "too short for a safetensors file (" + std::to_string(size) + " bytes)");
    std::uint64_t headerBytes = 0;
    for (int i = 7; i >= 0; --i) headerBytes = (headerBytes << 8) | std::to_integer<std::uint8_t>(m_file->data()[i]);
    if (headerBytes > kMaxHeaderBytes)
        fail(path, "", "header length " + std::to_string(headerBytes) + " exceeds the 100 MB limit");
    if (headerBytes > size - 8)
        fail(path, "",
             "header length " + std::to_string(headerBytes) + " runs past the end of the file (truncated download?)");
    const std::string_view header(reinterpret_cast<const char*>(m_file->data()) + 8, headerBytes);
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(header.begin(), header.end());
    } catch (const nlohmann::json::exception& e) {
        fail(path, "", std::string("header is not valid JSON: ") + e.what());
    }
    if (!root.is_object()) fail(path, "", "header must be a JSON object");
    const std::byte* buffer = m_file->data() + 8 + headerBytes;
    const std::uint64_t bufferBytes = size - 8 - headerBytes;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    for (auto it = root.begin(); it != root.end(); ++it) {
        const std::string& name = it.key();
        if (name == "__metadata__") {
            if (it->is_object())
                for (auto m = it->begin(); m != it->end(); ++m)
                    if (m->is_string()) m_metadata[m.key()] = m->get<std::string>();
            continue;
        }
        const auto& spec = it.value();
        if (!spec.is_object() || !spec.contains("dtype") || !spec.contains("shape") || !spec.contains("data_offsets"))
            fail(path, name, "needs dtype, shape and data_offsets");
        TensorView t;
        t.name = name;
        t.file = path;
        const auto dtype = spec["dtype"].is_string() ? spec["dtype"].get<std::string>() : std::string("?");
        if (dtype == "F32")
            t.dtype = DType::F32;
        else if (dtype == "F16")
            t.dtype = DType::F16;
        else if (dtype == "BF16")
            t.dtype = DType::BF16;
        else
            fail(path, name, "unsupported dtype " + dtype + " (supported: F32, F16, BF16)");
        if (!spec["shape"].is_array()) fail(path, name + ".shape", "must be a list of sizes");
        std::uint64_t elements = 1;
        for (const auto& d : spec["shape"]) {
            if (!d.is_number_unsigned() || d.get<std::uint64_t>() > (1ULL << 40))
                fail(path, name + ".shape", "sizes must be non-negative integers");
            t.shape.push_back(static_cast<std::int64_t>(d.get<std::uint64_t>()));
            elements *= d.get<std::uint64_t>();
            if (elements > (1ULL << 40)) fail(path, name + ".shape", "absurdly large tensor");
        }
        const auto& offsets = spec["data_offsets"];
        if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
            !offsets[1].is_number_unsigned())
            fail(path, name + ".data_offsets", "must be [begin, end]");
        const auto begin = offsets[0].get<std::uint64_t>(), end = offsets[1].get<std::uint64_t>();
        if (begin > end || end > bufferBytes)
            fail(path, name + ".data_offsets",
                 "[" + std::to_string(begin) + ", " + std::to_string(end) + "] is outside the data buffer of " +
                     std::to_string(bufferBytes) + " bytes");
        if (end - begin != elements * dtypeSize(t.dtype))
            fail(path, name,
                 "shape " + shapeText(t.shape) + " of " + dtype + " needs " +
                     std::to_string(elements * dtypeSize(t.dtype)) + " bytes, data_offsets give " +
                     std::to_string(end - begin));
        t.data = buffer + begin;
        t.bytes = end - begin;
        ranges.emplace_back(begin, end);
        m_tensors.emplace(name, std::move(t));
    }
    std::sort(ranges.begin(), ranges.end());
    for (std::size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i].first < ranges[i - 1].second) fail(path, "", "tensors overlap in the data buffer");
}

WeightStore::WeightStore(const std::string& folder) : m_folder(folder) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path dir(folder);
    const auto single = dir / "model.safetensors";
    const auto index = dir / "model.safetensors.index.json";
    std::vector<std::string> shards;
    if (fs::exists(index, ec)) {
        nlohmann::json root;
        try {
            root = nlohmann::json::parse(readFile(index.string()));
        } catch (const nlohmann::json::exception& e) {
            fail(index.string(), "", std::string("not valid JSON: ") + e.what());
        }
        if (!root.is_object() || !root.contains("weight_map") || !root["weight_map"].is_object())
            fail(index.string(), "weight_map", "missing");
        for (auto it = root["weight_map"].begin(); it != root["weight_map"].end(); ++it) {
            if (!it->is_string()) fail(index.string(), "weight_map." + it.key(), "must name a shard file");
            const auto shard = it->get<std::string>();
            if (shard.find('/') != std::string::npos)
                fail(index.string(), "weight_map." + it.key(), "shard names must be plain file names");
            if (std::find(shards.begin(), shards.end(), shard) == shards.end()) shards.push_back(shard);
        }
        for (const auto& shard : shards)
            if (!fs::exists(dir / shard, ec))
                fail(index.string(), "weight_map", "lists " + shard + ", which is missing from " + folder);
    } else if (fs::exists(single, ec)) {
        shards.push_back("model.safetensors");
    } else {
        fail(folder, "", "no model.safetensors or model.safetensors.index.json (only safetensors weights are read)");
    }
    for (const auto& shard : shards) {
        m_files.push_back(std::make_unique<SafetensorsFile>((dir / shard).string()));
        for (const auto& [name, view] : m_files.back()->tensors()) {
            if (m_index.count(name)) fail((dir / shard).string(), name, "tensor also appears in another shard");
            m_index[name] = &view;
        }
    }
}

const TensorView* WeightStore::find(const std::string& name) const {
    const auto it = m_index.find(name);
    return it == m_index.end() ? nullptr : it->second;
}

const TensorView& WeightStore::require(const std::string& name, const std::vector<std::int64_t>& shape) const {
    const TensorView* t = find(name);
    if (!t) fail(m_folder, name, "tensor missing from the model's weights");
    if (t->shape != shape)
        fail(t->file, name,
             "shape " + shapeText(t->shape) + " does not match the config, which needs " + shapeText(shape));
    return *t;
}

void WeightStore::overlay(const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& replacements) {
    if (replacements.empty()) return;
    m_files.push_back(std::make_unique<SafetensorsFile>(path));
    const auto& tensors = m_files.back()->tensors();
    for (const auto& [name, source] : replacements) {
        const auto it = tensors.find(source);
        if (it == tensors.end()) fail(path, source, "tensor missing");
        if (!m_index.count(name)) fail(path, source, "replaces " + name + ", which the model's weights do not have");
        m_index[name] = &it->second;
    }
}

std::vector<std::string> WeightStore::names() const {
    std::vector<std::string> out;
    for (const auto& [name, _] : m_index) out.push_back(name);
    return out;
}

bool SafetensorsFile::release(const TensorView& view) const {
    const std::byte* begin = m_file->data();
    if (view.data < begin || view.data + view.bytes > begin + m_file->size()) return false;
    m_file->release(std::size_t(view.data - begin), std::size_t(view.data - begin) + view.bytes);
    return true;
}

void WeightStore::release(const TensorView& view) const {
    for (const auto& file : m_files)
        if (file->release(view)) return;
}

std::uint64_t TensorHeader::bytes() const {
    std::uint64_t elements = 1;
    for (auto d : shape) elements *= static_cast<std::uint64_t>(d);
    return elements * dtypeSize(dtype);
}

void writeSafetensorsStreamed(const std::string& path, const std::vector<TensorHeader>& tensors,
                              const std::function<void(std::size_t, std::ostream&)>& writeData,
                              const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::uint64_t offset = 0;
    for (const auto& t : tensors) {
        header[t.name] = {
            {"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes()}}};
        offset += t.bytes();
    }
    std::string headerText = header.dump();
    while ((headerText.size() + 8) % 8 != 0) headerText += ' ';
    writeFileAtomic(path, [&](std::ostream& out) {
        const std::uint64_t n = headerText.size();
        for (int i = 0; i < 8; ++i) out.put(static_cast<char>((n >> (8 * i)) & 0xFF));
        out << headerText;
        for (std::size_t i = 0; i < tensors.size(); ++i) {
            const auto before = out.tellp();
            writeData(i, out);
            if (out && std::uint64_t(out.tellp() - before) != tensors[i].bytes())
                throw Error(path + ": tensor " + tensors[i].name + " wrote " + std::to_string(out.tellp() - before) +
                            " bytes instead of " + std::to_string(tensors[i].bytes()) + " for shape " +
                            shapeText(tensors[i].shape));
        }
    });
}

void writeSafetensors(const std::string& path, const std::vector<TensorData>& tensors,
                      const std::map<std::string, std::string>& metadata) {
    std::vector<const TensorData*> sorted;
    for (const auto& t : tensors) sorted.push_back(&t);
    std::sort(sorted.begin(), sorted.end(), [](const TensorData* a, const TensorData* b) { return a->name < b->name; });
    std::vector<TensorHeader> headers;
    for (const auto* t : sorted) {
        headers.push_back({t->name, t->dtype, t->shape});
        if (headers.back().bytes() != t->bytes.size())
            throw Error(path + ": tensor " + t->name + " has " + std::to_string(t->bytes.size()) + " bytes for shape " +
                        shapeText(t->shape));
    }
    writeSafetensorsStreamed(
        path, headers,
        [&](std::size_t i, std::ostream& out) {
            out.write(sorted[i]->bytes.data(), static_cast<std::streamsize>(sorted[i]->bytes.size()));
        },
        metadata);
}

float bf16ToFloat(std::uint16_t v) {
    const std::uint32_t bits = std::uint32_t(v) << 16;
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

std::uint16_t floatToBf16(float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, 4);
    const std::uint32_t rounding = 0x7FFF + ((bits >> 16) & 1);  // round to nearest even
    return static_cast<std::uint16_t>((bits + rounding) >> 16);
}

float f16ToFloat(std::uint16_t h) {
    const std::uint32_t sign = (h & 0x8000u) << 16;
    std::uint32_t exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF, bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {
            exponent = 127 - 15 + 1;
            while (!(mantissa & 0x400)) {
                mantissa <<= 1;
                --exponent;
            }
            mantissa &= 0x3FF;
            bits = sign | (exponent << 23) | (mantissa << 13);
        }
    } else if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

}  // namespace cci::model
