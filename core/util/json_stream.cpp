// JsonStream: recursive-descent JSON parser into a reusable arena (one top-level element at a time).
#include "util/json_stream.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <thread>

namespace cci {
namespace {

constexpr int kMaxDepth = kMaxJsonDepth;  // deeper nesting is refused instead of exhausting the stack

class Parser {
public:
    Parser(std::string_view text, JsonDocument& doc)
        : m_p(text.data()), m_begin(text.data()), m_end(text.data() + text.size()), m_doc(doc) {}

    std::size_t offset() const { return std::size_t(m_p - m_begin); }

    [[noreturn]] void fail(const std::string& message) const { throw JsonSyntaxError(offset(), message); }

    void skipWhitespace() {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\n' || *m_p == '\r' || *m_p == '\t')) ++m_p;
    }

    bool atEnd() const { return m_p >= m_end; }
    char peek() const { return m_p < m_end ? *m_p : '\0'; }
    void expect(char c, const char* what) {
        skipWhitespace();
        if (m_p >= m_end) fail(std::string("unexpected end of file, expected ") + what);
        if (*m_p != c) fail(std::string("expected ") + what + ", found " + found());
        ++m_p;
    }
    std::string found() const {
        if (m_p >= m_end) return "end of file";
        const unsigned char c = static_cast<unsigned char>(*m_p);
        if (c < 0x20 || c >= 0x7f) {
            static const char* hex = "0123456789abcdef";
            return std::string("byte 0x") + hex[c >> 4] + hex[c & 15];
        }
        return std::string("'") + char(c) + "'";
    }

    std::uint32_t parseValue(int depth) {
        skipWhitespace();
        if (m_p >= m_end) fail("unexpected end of file, expected a value");
        if (depth > kMaxDepth) fail("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
        const std::size_t begin = offset();
        const auto index = std::uint32_t(m_doc.nodes.size());
        m_doc.nodes.push_back({});
        JsonDocument::Node node;
        node.begin = begin;
        switch (*m_p) {
            case '{': parseContainer(node, depth, true); break;
            case '[': parseContainer(node, depth, false); break;
            case '"':
                node.kind = JsonNode::Kind::String;
                node.first = std::uint32_t(m_doc.strings.size());
                m_doc.strings.push_back(parseString());
                break;
            case 't': literal("true", node, JsonNode::Kind::Bool); break;
            case 'f': literal("false", node, JsonNode::Kind::Bool); break;
            case 'n': literal("null", node, JsonNode::Kind::Null); break;
            default:
                if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
                    parseNumber(node);
                else
                    fail("expected a value, found " + found());
        }
        node.end = offset();
        m_doc.nodes[index] = node;
        return index;
    }

    // Skips the BOM and whitespace and consumes '['. Returns false for an empty array (after consuming ']').
    bool openTopLevel() {
        skipWhitespace();
        if (m_end - m_p >= 3 && std::memcmp(m_p, "\xEF\xBB\xBF", 3) == 0) m_p += 3;  // UTF-8 BOM
        skipWhitespace();
        if (m_p >= m_end) fail("empty file, expected a JSON array");
        if (*m_p != '[') fail("the top level must be a JSON array, found " + found());
        ++m_p;
        skipWhitespace();
        if (peek() == ']') {
            ++m_p;
            return false;
        }
        return true;
    }

    // Parses elements from the current position (the start of an element) to the closing ']' and the end of
    // the text. With `stopAtComma` set, stops successfully right after an element followed by the ',' at that
    // offset and returns true; returns false when it reached the end instead.
    bool parseElements(const std::function<void(const JsonNode&)>& onElement,
                       std::size_t stopAtComma = std::size_t(-1)) {
        while (true) {
            m_doc.clear();
            m_stack.clear();
            const std::uint32_t root = parseValue(1);
            onElement(JsonNode(&m_doc, root));
            skipWhitespace();
            if (m_p >= m_end) fail("unexpected end of file, expected ',' or ']'");
            if (*m_p == ',') {
                if (offset() == stopAtComma) return true;
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                break;
            }
            fail("expected ',' or ']' after an array element, found " + found());
        }
        skipWhitespace();
        if (m_p < m_end) fail("unexpected " + found() + " after the top-level array");
        return false;
    }

    void seek(std::size_t offset) { m_p = m_begin + offset; }

private:
    void literal(const char* word, JsonDocument::Node& node, JsonNode::Kind kind) {
        const std::size_t n = std::strlen(word);
        if (std::size_t(m_end - m_p) < n || std::memcmp(m_p, word, n) != 0) fail("invalid literal, found " + found());
        node.kind = kind;
        node.integer = word[0] == 't';
        m_p += n;
    }

    void parseNumber(JsonDocument::Node& node) {
        const char* start = m_p;
        bool negative = false, integral = true, overflow = false;
        std::uint64_t magnitude = 0;
        if (*m_p == '-') {
            negative = true;
            ++m_p;
        }
        if (m_p >= m_end || !(*m_p >= '0' && *m_p <= '9')) fail("invalid number: expected a digit, found " + found());
        if (*m_p == '0') {
            ++m_p;
        } else {
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') {
                const auto digit = std::uint64_t(*m_p - '0');
                if (magnitude > (UINT64_MAX - digit) / 10)
                    overflow = true;
                else
                    magnitude = magnitude * 10 + digit;
                ++m_p;
            }
        }
        if (m_p < m_end && *m_p == '.') {
            integral = false;
            ++m_p;
            if (m_p >= m_end || !(*m_p >= '0' && *m_p <= '9')) fail("invalid number: expected a digit after '.'");
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') ++m_p;
        }
        if (m_p < m_end && (*m_p == 'e' || *m_p == 'E')) {
            integral = false;
            ++m_p;
            if (m_p < m_end && (*m_p == '+' || *m_p == '-')) ++m_p;
            if (m_p >= m_end || !(*m_p >= '0' && *m_p <= '9')) fail("invalid number: expected a digit in the exponent");
            while (m_p < m_end && *m_p >= '0' && *m_p <= '9') ++m_p;
        }
        const std::uint64_t limit = negative ? std::uint64_t(INT64_MAX) + 1 : std::uint64_t(INT64_MAX);
        if (integral && !overflow && magnitude <= limit) {
            node.kind = JsonNode::Kind::Integer;
            node.integer = negative ? std::int64_t(0 - magnitude) : std::int64_t(magnitude);
        } else {
            node.kind = JsonNode::Kind::Float;
        }
        (void)start;
    }

    void parseContainer(JsonDocument::Node& node, int depth, bool object) {
        node.kind = object ? JsonNode::Kind::Object : JsonNode::Kind::Array;
        ++m_p;
        const std::size_t base = m_stack.size();
        skipWhitespace();
        const char close = object ? '}' : ']';
        if (peek() == close) {
            ++m_p;
        } else {
            while (true) {
                std::string_view key;
                if (object) {
                    skipWhitespace();
                    if (peek() != '"') fail("expected a member name in quotes, found " + found());
                    key = parseString();
                    expect(':', "':' after a member name");
                }
                const std::uint32_t child = parseValue(depth + 1);
                m_stack.push_back({child, key});
                skipWhitespace();
                if (m_p >= m_end) fail(std::string("unexpected end of file, expected ',' or '") + close + "'");
                if (*m_p == ',') {
                    ++m_p;
                    continue;
                }
                if (*m_p == close) {
                    ++m_p;
                    break;
                }
                fail(std::string("expected ',' or '") + close + "', found " + found());
            }
        }
        node.first = std::uint32_t(m_doc.children.size());
        node.count = std::uint32_t(m_stack.size() - base);
        m_doc.children.insert(m_doc.children.end(), m_stack.begin() + std::ptrdiff_t(base), m_stack.end());
        m_stack.resize(base);
    }

    // Validates one UTF-8 sequence starting at m_p (a byte >= 0x80) and advances past it.
    void skipUtf8() {
        const auto* s = reinterpret_cast<const unsigned char*>(m_p);
        const std::size_t left = std::size_t(m_end - m_p);
        std::size_t n;
        std::uint32_t cp;
        if (s[0] >= 0xC2 && s[0] <= 0xDF) {
            n = 2;
            cp = s[0] & 0x1F;
        } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
            n = 3;
            cp = s[0] & 0x0F;
        } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
            n = 4;
            cp = s[0] & 0x07;
        } else
            fail("invalid UTF-8 in string");
        if (left < n) fail("invalid UTF-8 in string (truncated sequence)");
        for (std::size_t i = 1; i < n; ++i) {
            if ((s[i] & 0xC0) != 0x80) fail("invalid UTF-8 in string");
            cp = (cp << 6) | (s[i] & 0x3F);
        }
        if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
            fail("invalid UTF-8 in string (overlong or surrogate)");
        m_p += n;
    }

    // Parses a string starting at the opening quote; returns a view of its unescaped text.
    std::string_view parseString() {
        ++m_p;
        const char* start = m_p;
        while (true) {
            // Fast path: plain ASCII and well-formed 3-byte sequences (Hangul), validated inline.
            while (m_p < m_end) {
                const auto c = static_cast<unsigned char>(*m_p);
                if (c < 0x80) {
                    if (c == '"' || c == '\\' || c < 0x20) break;
                    ++m_p;
                    continue;
                }
                if (c >= 0xE1 && c <= 0xEC && m_end - m_p >= 3 && (static_cast<unsigned char>(m_p[1]) & 0xC0) == 0x80 &&
                    (static_cast<unsigned char>(m_p[2]) & 0xC0) == 0x80) {
                    m_p += 3;  // E1..EC: no overlong or surrogate forms possible
                    continue;
                }
                break;
            }
            if (m_p >= m_end) fail("unterminated string");
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                std::string_view out(start, std::size_t(m_p - start));
                ++m_p;
                return out;
            }
            if (c >= 0x80) {
                skipUtf8();
                continue;
            }
            if (c < 0x20) fail("control character " + found() + " in string (must be escaped)");
            return parseEscapedString(start);
        }
    }

    static void appendUtf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80)
            out += char(cp);
        else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    std::uint32_t hex4() {
        if (m_end - m_p < 4) fail("unterminated \\u escape");
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i, ++m_p) {
            const char c = *m_p;
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= std::uint32_t(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= std::uint32_t(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= std::uint32_t(c - 'A' + 10);
            else
                fail("invalid \\u escape: expected 4 hex digits");
        }
        return v;
    }

    // Slow path once a backslash is seen: copy into arena storage.
    std::string_view parseEscapedString(const char* start) {
        std::string& out = m_doc.unescaped.emplace_back(start, std::size_t(m_p - start));
        while (true) {
            if (m_p >= m_end) fail("unterminated string");
            const auto c = static_cast<unsigned char>(*m_p);
            if (c == '"') {
                ++m_p;
                return out;
            }
            if (c >= 0x80) {
                const char* s = m_p;
                skipUtf8();
                out.append(s, std::size_t(m_p - s));
                continue;
            }
            if (c < 0x20) fail("control character " + found() + " in string (must be escaped)");
            if (c != '\\') {
                out += char(c);
                ++m_p;
                continue;
            }
            ++m_p;
            if (m_p >= m_end) fail("unterminated escape");
            const char e = *m_p++;
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    std::uint32_t cp = hex4();
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                            fail("invalid \\u escape: high surrogate without a low surrogate");
                        m_p += 2;
                        const std::uint32_t low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF) fail("invalid \\u escape: bad low surrogate");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                        fail("invalid \\u escape: low surrogate without a high surrogate");
                    }
                    appendUtf8(out, cp);
                    break;
                }
                default: --m_p; fail("invalid escape \\" + std::string(1, e));
            }
        }
    }

    const char* m_p;
    const char* m_begin;
    const char* m_end;
    JsonDocument& m_doc;
    std::vector<JsonDocument::Child> m_stack;  // children of the containers being parsed
};

}  // namespace

JsonNode::Kind JsonNode::kind() const { return m_doc->nodes[m_index].kind; }

std::string_view JsonNode::string() const {
    const auto& n = m_doc->nodes[m_index];
    return n.kind == Kind::String ? m_doc->strings[n.first] : std::string_view();
}

std::int64_t JsonNode::integer() const { return m_doc->nodes[m_index].integer; }

std::string_view JsonNode::source() const {
    const auto& n = m_doc->nodes[m_index];
    return m_doc->text.substr(n.begin, n.end - n.begin);
}

std::size_t JsonNode::offset() const { return m_doc->nodes[m_index].begin; }

std::size_t JsonNode::size() const {
    const auto& n = m_doc->nodes[m_index];
    return (n.kind == Kind::Array || n.kind == Kind::Object) ? n.count : 0;
}

JsonNode JsonNode::at(std::size_t i) const {
    return JsonNode(m_doc, m_doc->children[m_doc->nodes[m_index].first + i].node);
}

std::string_view JsonNode::keyAt(std::size_t i) const { return m_doc->children[m_doc->nodes[m_index].first + i].key; }

JsonNode JsonNode::find(std::string_view key) const {
    if (kind() != Kind::Object) return {};
    // The last match, as Python's json module keeps the last of duplicate keys.
    for (std::size_t i = size(); i-- > 0;)
        if (keyAt(i) == key) return at(i);
    return {};
}

std::string JsonNode::describe() const {
    switch (kind()) {
        case Kind::Null: return "null";
        case Kind::Bool: return "a boolean";
        case Kind::Integer: return "a number";
        case Kind::Float: return "a non-integer number " + std::string(source());
        case Kind::String: return "a string";
        case Kind::Array: return "an array";
        case Kind::Object: return "an object";
    }
    return "a value";
}

void forEachArrayElement(std::string_view text, const std::function<void(const JsonNode&)>& onElement) {
    JsonDocument doc;
    doc.text = text;
    Parser parser(text, doc);
    if (parser.openTopLevel()) parser.parseElements(onElement);
}

bool forEachArrayElementInTwoParts(std::string_view text,
                                   const std::function<void(int part, const JsonNode&)>& onElement,
                                   std::size_t minBytes) {
    JsonDocument doc0;
    doc0.text = text;
    Parser first(text, doc0);
    if (!first.openTopLevel()) return false;
    const std::size_t start = first.offset();
    // Guess a boundary past the middle: the separator that precedes the first element (",", then the same
    // whitespace, then the same opening character) is how every top-level element starts in a formatted file.
    std::size_t comma = std::string_view::npos;
    if (text.size() >= minBytes && start < text.size()) {  // (a text ending right after '[' has no element)
        const std::size_t ws = text.find_last_not_of(" \t\r\n", start - 1);
        const std::string pattern = "," + std::string(text.substr(ws + 1, start - ws - 1)) + text[start];
        if (pattern.size() > 2) comma = text.find(pattern, text.size() / 2);
    }
    auto part0 = [&](const JsonNode& n) { onElement(0, n); };
    if (comma == std::string_view::npos) {
        first.parseElements(part0);
        return false;
    }
    // Part 1 runs speculatively from the guessed boundary; part 0 confirms the guess by stopping exactly there.
    std::exception_ptr secondError;
    std::thread second([&] {
        try {
            JsonDocument doc1;
            doc1.text = text;
            Parser parser(text, doc1);
            parser.seek(comma + 1);
            parser.skipWhitespace();
            parser.parseElements([&](const JsonNode& n) { onElement(1, n); });
        } catch (...) {
            secondError = std::current_exception();
        }
    });
    bool confirmed = false;
    try {
        confirmed = first.parseElements(part0, comma);
    } catch (...) {
        second.join();
        throw;  // a real error before the boundary
    }
    second.join();
    if (!confirmed) return false;  // the guess was inside an element: part 0 parsed everything, ignore part 1
    if (secondError) std::rethrow_exception(secondError);  // a real error after the boundary
    return true;
}

std::pair<long, long> lineAndColumn(std::string_view text, std::size_t offset) {
    if (offset > text.size()) offset = text.size();
    long line = 1;
    std::size_t lineStart = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    return {line, long(offset - lineStart) + 1};
}

int jsonNestingDepth(std::string_view text) {
    int depth = 0, deepest = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

}  // namespace cci
