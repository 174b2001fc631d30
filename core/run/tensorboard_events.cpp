// TensorBoard event files (see tensorboard_events.h). The protocol buffer fields are those of tensorboard's
// event.proto (Event: wall_time 1, step 2, file_version 3, summary 5, session_log 7; SessionLog: status 1, START 1),
// summary.proto (Summary: value 1; Value: tag 1, simple_value 2, metadata 9; SummaryMetadata: plugin_data 1;
// PluginData: plugin_name 1, content 2) and the hparams plugin's plugin_data.proto / api.proto.
#include "run/tensorboard_events.h"

#include "util/atomic_write.h"
#include "util/problem.h"

#include <array>
#include <bit>
#include <filesystem>

#include <unistd.h>

namespace cci::run {

namespace {

std::string littleEndian(std::uint64_t value, int bytes) {
    std::string out;
    for (int i = 0; i < bytes; ++i) out += char((value >> (8 * i)) & 0xff);
    return out;
}

// Protocol buffer encoding: varints, tags, and the wire types the events use.
class Proto {
public:
    Proto& varint(int field, std::uint64_t value) {
        key(field, 0);
        putVarint(value);
        return *this;
    }
    Proto& fixed64(int field, double value) {
        key(field, 1);
        m_bytes += littleEndian(std::bit_cast<std::uint64_t>(value), 8);
        return *this;
    }
    Proto& fixed32(int field, float value) {
        key(field, 5);
        m_bytes += littleEndian(std::bit_cast<std::uint32_t>(value), 4);
        return *this;
    }
    Proto& bytes(int field, const std::string& value) {
        key(field, 2);
        putVarint(value.size());
        m_bytes += value;
        return *this;
    }
    Proto& message(int field, const Proto& value) { return bytes(field, value.m_bytes); }
    const std::string& str() const { return m_bytes; }

private:
    void key(int field, int wireType) { putVarint(std::uint64_t(field) << 3 | std::uint64_t(wireType)); }
    void putVarint(std::uint64_t v) {
        while (v >= 0x80) {
            m_bytes += char((v & 0x7f) | 0x80);
            v >>= 7;
        }
        m_bytes += char(v);
    }
    std::string m_bytes;
};

std::array<std::uint32_t, 256> crcTable() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;  // Castagnoli, reflected
        table[i] = c;
    }
    return table;
}

std::uint32_t masked(std::uint32_t crc) { return ((crc >> 15) | (crc << 17)) + 0xa282ead8u; }

Proto event(double wallTime, std::int64_t step) {
    Proto e;
    e.fixed64(1, wallTime);
    if (step != 0) e.varint(2, std::uint64_t(step));
    return e;
}

// A summary value carrying only the hparams plugin's data (as torch's SummaryWriter.add_hparams writes it).
Proto hparamsSummary(const std::string& tag, const Proto& pluginData) {
    Proto data;
    data.bytes(1, "hparams").bytes(2, pluginData.str());
    Proto metadata;
    metadata.message(1, data);
    Proto value;
    value.bytes(1, tag).message(9, metadata);
    Proto summary;
    summary.message(1, value);
    return summary;
}

// google.protobuf.Value: number_value 2, string_value 3, bool_value 4.
Proto protobufValue(const HParam& p) {
    Proto v;
    if (const auto* d = std::get_if<double>(&p.value)) v.fixed64(2, *d);
    if (const auto* s = std::get_if<std::string>(&p.value)) v.bytes(3, *s);
    if (const auto* b = std::get_if<bool>(&p.value)) v.varint(4, *b ? 1 : 0);
    return v;
}

std::string hostName() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || !name[0]) return "localhost";
    return name;
}

}  // namespace

std::uint32_t crc32c(const std::string& data) {
    static const auto table = crcTable();
    std::uint32_t crc = 0xffffffffu;
    for (unsigned char c : data) crc = table[(crc ^ c) & 0xff] ^ (crc >> 8);
    return crc ^ 0xffffffffu;
}

std::string tfRecord(const std::string& data) {
    const std::string length = littleEndian(data.size(), 8);
    return length + littleEndian(masked(crc32c(length)), 4) + data + littleEndian(masked(crc32c(data)), 4);
}

TensorBoardEvents TensorBoardEvents::createAt(const std::string& path, double wallTime) {
    TensorBoardEvents events(path);
    Proto e = event(wallTime, 0);
    e.bytes(3, "brain.Event:2");
    writeFileAtomic(path, tfRecord(e.str()));
    return events;
}

TensorBoardEvents TensorBoardEvents::create(const std::string& folder, double wallTime) {
    return createAt(nextFilePath(folder, wallTime), wallTime);
}

std::string TensorBoardEvents::nextFilePath(const std::string& folder, double wallTime) {
    namespace fs = std::filesystem;
    // Readers order a run's files by name: the seconds come first, so a new file must not carry an earlier second
    // than the folder's last one (a restart within the same second).
    long long seconds = static_cast<long long>(wallTime);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with("events.out.tfevents.")) continue;
        try {
            seconds = std::max(seconds, std::stoll(name.substr(20)) + 1);
        } catch (const std::exception&) {
        }
    }
    const std::string name =
        "events.out.tfevents." + std::to_string(seconds) + "." + hostName() + "." + std::to_string(getpid()) + ".0";
    return (fs::path(folder) / name).string();
}

void TensorBoardEvents::append(const std::string& eventBytes) const { appendToFile(m_path, tfRecord(eventBytes)); }

void TensorBoardEvents::scalar(const std::string& tag, std::int64_t step, double value, double wallTime) const {
    Proto value_;
    value_.bytes(1, tag).fixed32(2, static_cast<float>(value));
    Proto summary;
    summary.message(1, value_);
    append(event(wallTime, step).message(5, summary).str());
}

void TensorBoardEvents::restart(std::int64_t step, double wallTime) const {
    Proto log;
    log.varint(1, 1);  // SessionLog.START
    append(event(wallTime, step).message(7, log).str());
}

void TensorBoardEvents::hparams(const std::vector<HParam>& values, const std::vector<std::string>& metricTags,
                                double startTime, bool ended, bool success, double endTime) const {
    // The experiment: each hyper-parameter's name and type (DATA_TYPE_STRING 1, BOOL 2, FLOAT64 3), each metric.
    Proto experiment;
    for (const auto& p : values) {
        Proto info;
        info.bytes(1, p.name).varint(4, std::holds_alternative<std::string>(p.value) ? 1
                                        : std::holds_alternative<bool>(p.value)      ? 2
                                                                                     : 3);
        experiment.message(4, info);
    }
    for (const auto& tag : metricTags) {
        Proto name;
        name.bytes(2, tag);
        Proto info;
        info.message(1, name);
        experiment.message(5, info);
    }
    Proto experimentData;
    experimentData.message(2, experiment);
    append(event(startTime, 0).message(5, hparamsSummary("_hparams_/experiment", experimentData)).str());
    // The session: hparams is a map<string, google.protobuf.Value> (entries: key 1, value 2).
    Proto start;
    for (const auto& p : values) {
        Proto entry;
        entry.bytes(1, p.name).message(2, protobufValue(p));
        start.message(1, entry);
    }
    start.fixed64(5, startTime);
    Proto startData;
    startData.message(3, start);
    append(event(startTime, 0).message(5, hparamsSummary("_hparams_/session_start_info", startData)).str());
    if (!ended) return;
    Proto end;
    end.varint(1, success ? 1 : 2).fixed64(2, endTime);  // STATUS_SUCCESS 1, STATUS_FAILURE 2
    Proto endData;
    endData.message(4, end);
    append(event(endTime, 0).message(5, hparamsSummary("_hparams_/session_end_info", endData)).str());
}

}  // namespace cci::run
