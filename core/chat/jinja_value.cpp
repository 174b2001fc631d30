// Template values (see jinja_value.h).
#include "chat/jinja_value.h"

#include "corpus/corpus_writer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cci::chat {

using cci::appendJsonString;

namespace {

template <class Json>
Value valueFromJson(const Json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::null: return Value::none();
        case nlohmann::json::value_t::boolean: return Value::of(j.template get<bool>());
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned: return Value::of(j.template get<std::int64_t>());
        case nlohmann::json::value_t::number_float: return Value::of(j.template get<double>());
        case nlohmann::json::value_t::string: return Value::of(j.template get<std::string>());
        case nlohmann::json::value_t::array: {
            chat::Array items;
            for (const auto& e : j) items.push_back(valueFromJson(e));
            return Value::list(std::move(items));
        }
        case nlohmann::json::value_t::object: {
            chat::Object items;
            for (auto it = j.begin(); it != j.end(); ++it) items.emplace_back(it.key(), valueFromJson(it.value()));
            return Value::dict(std::move(items));
        }
        default: return Value::undefined();
    }
}

}  // namespace

Value Value::fromJson(const nlohmann::json& j) { return valueFromJson(j); }
Value Value::fromJson(const nlohmann::ordered_json& j) { return valueFromJson(j); }

bool Value::truthy() const {
    switch (kind) {
        case Kind::Undefined:
        case Kind::None: return false;
        case Kind::Bool: return boolean;
        case Kind::Int: return integer != 0;
        case Kind::Float: return number != 0;
        case Kind::String: return !string.empty();
        case Kind::Array: return !array->empty();
        case Kind::Object: return isNamespace || !object->empty();
        case Kind::Function: return true;
    }
    return false;
}

const Value* Value::member(const std::string& key) const {
    if (kind != Kind::Object) return nullptr;
    for (const auto& [k, v] : *object)
        if (k == key) return &v;
    return nullptr;
}

void Value::setMember(const std::string& key, Value v) {
    depth = std::max(depth, v.depth + 1);
    for (auto& [k, existing] : *object)
        if (k == key) {
            existing = std::move(v);
            return;
        }
    object->emplace_back(key, std::move(v));
}

namespace {

std::string pyFloat(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
    // Shortest representation that round-trips, as Python's repr does.
    char buf[32];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, d);
        if (std::strtod(buf, nullptr) == d) break;
    }
    std::string s = buf;
    const auto e = s.find('e');
    if (e != std::string::npos) {
        // Python writes 1e+20 as 1e+20 and 1e-05 as 1e-05 (two-digit exponent minimum, like printf).
        return s;
    }
    if (s.find('.') == std::string::npos) s += ".0";
    return s;
}

std::string pyQuote(const std::string& s) {
    const bool useDouble = s.find('\'') != std::string::npos && s.find('"') == std::string::npos;
    const char q = useDouble ? '"' : '\'';
    std::string out(1, q);
    for (unsigned char c : s) {
        if (c == '\\')
            out += "\\\\";
        else if (c == static_cast<unsigned char>(q)) {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == '\t')
            out += "\\t";
        else if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else
            out += static_cast<char>(c);
    }
    return out + q;
}

// Values nest at most this deep when printed, converted or compared: a namespace that holds itself would otherwise
// recurse without end (Python's json.dumps says "Circular reference detected").
constexpr int kMaxValueDepth = Value::kMaxValueDepth;

void toJsonImpl(const Value& v, int indent, int depth, std::string& out) {
    if (depth > kMaxValueDepth)
        throw TemplateError("tojson: circular reference detected (or the value nests deeper than " +
                            std::to_string(kMaxValueDepth) + " levels)");
    const auto newline = [&](int d) {
        if (indent < 0) return;
        out += '\n';
        out.append(static_cast<std::size_t>(indent * d), ' ');
    };
    switch (v.kind) {
        case Value::Kind::Undefined: throw TemplateError("Object of type Undefined is not JSON serializable");
        case Value::Kind::None: out += "null"; break;
        case Value::Kind::Bool: out += v.boolean ? "true" : "false"; break;
        case Value::Kind::Int: out += std::to_string(v.integer); break;
        case Value::Kind::Float:
            out += std::isfinite(v.number) ? pyFloat(v.number)
                                           : (std::isnan(v.number) ? "NaN"
                                              : v.number > 0       ? "Infinity"
                                                                   : "-Infinity");
            break;
        case Value::Kind::String: appendJsonString(out, v.string); break;
        case Value::Kind::Array:
            if (v.array->empty()) {
                out += "[]";
                break;
            }
            out += '[';
            for (std::size_t i = 0; i < v.array->size(); ++i) {
                if (i) out += indent < 0 ? ", " : ",";
                newline(depth + 1);
                toJsonImpl((*v.array)[i], indent, depth + 1, out);
            }
            newline(depth);
            out += ']';
            break;
        case Value::Kind::Object:
            if (v.isNamespace) throw TemplateError("Object of type Namespace is not JSON serializable");
            if (v.object->empty()) {
                out += "{}";
                break;
            }
            out += '{';
            for (std::size_t i = 0; i < v.object->size(); ++i) {
                if (i) out += indent < 0 ? ", " : ",";
                newline(depth + 1);
                appendJsonString(out, (*v.object)[i].first);
                out += ": ";
                toJsonImpl((*v.object)[i].second, indent, depth + 1, out);
            }
            newline(depth);
            out += '}';
            break;
        case Value::Kind::Function: throw TemplateError("a function cannot be converted to JSON");
    }
}

// Python's repr(): a list or dict met again inside itself prints as [...] or {...}.
std::string reprImpl(const Value& v, std::vector<const void*>& open) {
    const void* container = v.kind == Value::Kind::Array    ? static_cast<const void*>(v.array.get())
                            : v.kind == Value::Kind::Object ? static_cast<const void*>(v.object.get())
                                                            : nullptr;
    if (container && std::find(open.begin(), open.end(), container) != open.end())
        return v.kind == Value::Kind::Array ? "[...]" : "{...}";
    switch (v.kind) {
        case Value::Kind::Undefined: return "";
        case Value::Kind::None: return "None";
        case Value::Kind::Bool: return v.boolean ? "True" : "False";
        case Value::Kind::Int: return std::to_string(v.integer);
        case Value::Kind::Float: return pyFloat(v.number);
        case Value::Kind::String: return pyQuote(v.string);
        case Value::Kind::Array: {
            if (open.size() > static_cast<std::size_t>(kMaxValueDepth))
                throw TemplateError("the value nests deeper than " + std::to_string(kMaxValueDepth) + " levels");
            open.push_back(container);
            std::string out = "[";
            for (std::size_t i = 0; i < v.array->size(); ++i) out += (i ? ", " : "") + reprImpl((*v.array)[i], open);
            open.pop_back();
            return out + "]";
        }
        case Value::Kind::Object: {
            if (open.size() > static_cast<std::size_t>(kMaxValueDepth))
                throw TemplateError("the value nests deeper than " + std::to_string(kMaxValueDepth) + " levels");
            open.push_back(container);
            std::string out = "{";
            for (std::size_t i = 0; i < v.object->size(); ++i)
                out += (i ? ", " : "") + pyQuote((*v.object)[i].first) + ": " + reprImpl((*v.object)[i].second, open);
            open.pop_back();
            out += "}";
            return v.isNamespace ? "<Namespace " + out + ">" : out;
        }
        case Value::Kind::Function: return "<function>";
    }
    return "";
}

bool equalsImpl(const Value& a, const Value& b, int depth);

}  // namespace

std::string Value::str() const {
    switch (kind) {
        case Kind::Undefined: return "";
        case Kind::String: return string;
        default: return repr();
    }
}

std::string Value::repr() const {
    std::vector<const void*> open;
    return reprImpl(*this, open);
}

std::string Value::toJson(int indent) const {
    std::string out;
    toJsonImpl(*this, indent, 0, out);
    return out;
}

const char* Value::typeName() const {
    switch (kind) {
        case Kind::Undefined: return "undefined";
        case Kind::None: return "none";
        case Kind::Bool: return "boolean";
        case Kind::Int: return "integer";
        case Kind::Float: return "float";
        case Kind::String: return "string";
        case Kind::Array: return "list";
        case Kind::Object: return "dict";
        case Kind::Function: return "function";
    }
    return "";
}

bool equals(const Value& a, const Value& b) { return equalsImpl(a, b, 0); }

namespace {

bool equalsImpl(const Value& a, const Value& b, int depth) {
    if (depth > kMaxValueDepth)
        throw TemplateError("comparing values that nest deeper than " + std::to_string(kMaxValueDepth) +
                            " levels (does a value contain itself?)");
    if (a.isNumber() && b.isNumber()) {
        if (a.kind == Value::Kind::Int && b.kind == Value::Kind::Int) return a.integer == b.integer;
        return a.asDouble() == b.asDouble();
    }
    if (a.kind == Value::Kind::Bool && b.isNumber()) return (a.boolean ? 1.0 : 0.0) == b.asDouble();
    if (b.kind == Value::Kind::Bool && a.isNumber()) return (b.boolean ? 1.0 : 0.0) == a.asDouble();
    if (a.kind != b.kind) return false;
    switch (a.kind) {
        case Value::Kind::Undefined:
        case Value::Kind::None: return true;
        case Value::Kind::Bool: return a.boolean == b.boolean;
        case Value::Kind::String: return a.string == b.string;
        case Value::Kind::Array:
            if (a.array->size() != b.array->size()) return false;
            for (std::size_t i = 0; i < a.array->size(); ++i)
                if (!equalsImpl((*a.array)[i], (*b.array)[i], depth + 1)) return false;
            return true;
        case Value::Kind::Object:
            if (a.object->size() != b.object->size()) return false;
            for (const auto& [k, v] : *a.object) {
                const Value* other = b.member(k);
                if (!other || !equalsImpl(v, *other, depth + 1)) return false;
            }
            return true;
        default: return a.function == b.function;
    }
}

}  // namespace

}  // namespace cci::chat
