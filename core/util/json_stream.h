// JsonStream: a fast, strict JSON reader for large top-level arrays (corpus files). Each element is parsed into a
// small arena DOM (JsonNode) that is handed to a callback and then reused, so memory stays bounded by one element.
// Strict RFC 8259 (UTF-8 validated, no comments or trailing commas); errors carry the byte offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cci {

struct JsonSyntaxError : std::runtime_error {
    JsonSyntaxError(std::size_t offset, const std::string& message) : std::runtime_error(message), offset(offset) {}
    std::size_t offset;  // byte offset into the parsed text
};

class JsonDocument;

// A view of one value in a JsonDocument; cheap to copy, valid while the document's element is current.
class JsonNode {
public:
    enum class Kind : std::uint8_t { Null, Bool, Integer, Float, String, Array, Object };

    Kind kind() const;
    bool isString() const { return kind() == Kind::String; }
    bool isArray() const { return kind() == Kind::Array; }
    bool isObject() const { return kind() == Kind::Object; }
    bool isInteger() const { return kind() == Kind::Integer; }

    std::string_view string() const;  // unescaped text (String)
    std::int64_t integer() const;     // Integer (values beyond int64 are Float)
    std::string_view source() const;  // the value's JSON text as written (numbers, literals)
    std::size_t offset() const;       // byte offset of the value in the text

    std::size_t size() const;          // elements of an Array, members of an Object
    JsonNode at(std::size_t i) const;  // i-th element/member value
    std::string_view keyAt(std::size_t i) const;
    // Member by key (the last match, as Python's json keeps the last duplicate), or a node for which valid() is false.
    JsonNode find(std::string_view key) const;
    bool valid() const { return m_doc != nullptr; }

    // "a string", "an array", "a non-integer number 1.5", … for error messages.
    std::string describe() const;

    JsonNode() = default;  // an invalid node (valid() is false)
    JsonNode(const JsonDocument* doc, std::uint32_t index) : m_doc(doc), m_index(index) {}  // for the parser

private:
    const JsonDocument* m_doc = nullptr;
    std::uint32_t m_index = 0;
};

// Parses `text`, which must be a JSON array; calls `onElement` for each element in order.
// Throws JsonSyntaxError on malformed input (including a non-array top level).
void forEachArrayElement(std::string_view text, const std::function<void(const JsonNode&)>& onElement);

// The same on two threads for large texts: a boundary between elements past the middle is guessed and the second
// part parsed concurrently. Elements of part 0 precede those of part 1; within a part they come in order. Returns
// true when part 1's elements are valid and must be appended after part 0's; false when everything came as part 0
// and any part-1 elements delivered must be discarded (the guess was not a boundary, or the text was too small).
// The callback is called from two threads at once (with different parts).
bool forEachArrayElementInTwoParts(std::string_view text,
                                   const std::function<void(int part, const JsonNode&)>& onElement,
                                   std::size_t minBytes = std::size_t(16) << 20);

// JSON values nest at most this deep in every file the workbench reads; deeper ones are refused (printing or
// converting them would recurse past the stack).
constexpr int kMaxJsonDepth = 256;

// The deepest nesting of arrays and objects in a JSON text (brackets inside strings do not count), for readers
// built on other parsers to refuse what kMaxJsonDepth refuses, before parsing it.
int jsonNestingDepth(std::string_view text);

// 1-based line and column (in bytes) of a byte offset.
std::pair<long, long> lineAndColumn(std::string_view text, std::size_t offset);

// Internal arena; exposed only so JsonNode can read it.
class JsonDocument {
public:
    struct Node {
        JsonNode::Kind kind;
        std::uint32_t first = 0;  // Array/Object: index of first child in m_children; String: index in m_strings
        std::uint32_t count = 0;  // Array/Object: number of children
        std::size_t begin = 0;    // byte offsets of the value in the text
        std::size_t end = 0;
        std::int64_t integer = 0;
    };
    struct Child {
        std::uint32_t node;
        std::string_view key;  // empty for array elements
    };
    std::string_view text;
    std::vector<Node> nodes;
    std::vector<Child> children;
    std::vector<std::string_view> strings;  // unescaped string values (views into text or into `unescaped`)
    std::deque<std::string> unescaped;      // storage for strings that contained escapes
    void clear() {
        nodes.clear();
        children.clear();
        strings.clear();
        unescaped.clear();
    }
};

}  // namespace cci
