// Streaming corpus writer in the official layout, one item at a time.
#include "corpus/corpus_writer.h"

#include "util/atomic_write.h"

#include <sstream>

namespace cci {
namespace {

void indent(std::string& out, int level) { out.append(std::size_t(level) * 4, ' '); }

void key(std::string& out, int level, std::string_view name) {
    indent(out, level);
    appendJsonString(out, name);
    out += ": ";
}

void appendStringList(std::string& out, int level, const std::vector<std::string>& items) {
    if (items.empty()) {
        out += "[]";
        return;
    }
    out += "[\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
        indent(out, level + 1);
        appendJsonString(out, items[i]);
        out += i + 1 < items.size() ? ",\n" : "\n";
    }
    indent(out, level);
    out += "]";
}

void appendSample(std::string& out, const Sample& s) {
    // Item objects sit at level 1 inside the top-level array.
    out += "    {\n";
    key(out, 2, "id");
    appendJsonString(out, s.id);
    out += ",\n";
    key(out, 2, "input");
    out += "{\n";
    key(out, 3, "conversation");
    if (s.conversation.empty())
        out += "[]";
    else {
        out += "[\n";
        for (std::size_t i = 0; i < s.conversation.size(); ++i) {
            const Utterance& u = s.conversation[i];
            indent(out, 4);
            out += "{\n";
            key(out, 5, "speaker");
            out += std::to_string(u.speaker);
            out += ",\n";
            key(out, 5, "utterance");
            if (!u.literal.empty() && u.text == pythonStrOfJsonLiteral(u.literal))
                out += u.literal;
            else
                appendJsonString(out, u.text);
            out += ",\n";
            key(out, 5, "utterance_id");
            if (u.idIsList || u.ids.size() != 1)
                appendStringList(out, 5, u.ids);
            else
                appendJsonString(out, u.ids.front());
            out += "\n";
            indent(out, 4);
            out += i + 1 < s.conversation.size() ? "},\n" : "}\n";
        }
        indent(out, 3);
        out += "]";
    }
    out += ",\n";
    key(out, 3, "reference_id");
    appendStringList(out, 3, s.referenceIds);
    out += ",\n";
    key(out, 3, "category");
    appendJsonString(out, s.category);
    for (std::size_t k = 0; k < 3; ++k) {
        out += ",\n";
        key(out, 3, kOutputKeys[k]);
        appendJsonString(out, s.inferences[k]);
    }
    out += "\n";
    indent(out, 2);
    out += "},\n";
    key(out, 2, "output");
    appendJsonString(out, s.output);
    out += "\n    }";
}

}  // namespace

void appendJsonString(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (c < 0x20) {
                    out += "\\u00";
                    out += kHex[c >> 4];
                    out += kHex[c & 15];
                } else {
                    out += ch;
                }
        }
    }
    out += '"';
}

void writeCorpus(std::ostream& out, const Corpus& corpus) {
    if (corpus.samples.empty()) {
        out << "[]";
        return;
    }
    std::string buf;
    out << "[\n";
    for (std::size_t i = 0; i < corpus.samples.size(); ++i) {
        buf.clear();
        appendSample(buf, corpus.samples[i]);
        buf += i + 1 < corpus.samples.size() ? ",\n" : "\n";
        out.write(buf.data(), std::streamsize(buf.size()));
    }
    out << "]";
}

std::string corpusToJson(const Corpus& corpus) {
    std::ostringstream ss;
    writeCorpus(ss, corpus);
    return std::move(ss).str();
}

void saveCorpus(const Corpus& corpus, const std::string& path) {
    writeFileAtomic(path, [&](std::ostream& out) { writeCorpus(out, corpus); });
}

}  // namespace cci
