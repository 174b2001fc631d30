// Values of the chat-template language (a Jinja subset): Python-like undefined, none, booleans, integers, floats,
// strings, lists, dicts (insertion-ordered, shared by reference like Python's) and callables, with Python's
// truthiness, equality, str() and json.dumps() renderings.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace cci::chat {

// A template error at a line/column of the template (0 when not tied to a place).
struct TemplateError : std::runtime_error {
    TemplateError(const std::string& message, long line = 0, long column = 0)
        : std::runtime_error(message), line(line), column(column) {}
    long line, column;
};

struct Value;
using Array = std::vector<Value>;
using Object = std::vector<std::pair<std::string, Value>>;
using KwArgs = std::vector<std::pair<std::string, Value>>;
using Function = std::function<Value(std::vector<Value>& args, KwArgs& kwargs)>;

struct Value {
    enum class Kind { Undefined, None, Bool, Int, Float, String, Array, Object, Function };
    Kind kind = Kind::Undefined;
    bool boolean = false;
    std::int64_t integer = 0;
    double number = 0;
    std::string string;
    std::shared_ptr<chat::Array> array;
    std::shared_ptr<chat::Object> object;
    std::shared_ptr<chat::Function> function;
    bool isNamespace = false;
    int depth = 0;  // levels of lists and dicts inside this one (0 for a scalar); see kMaxValueDepth

    // Containers nest at most this deep: a template that wraps a list in a list in a loop is stopped before its
    // value is too deep to print, compare or free without exhausting the stack.
    static constexpr int kMaxValueDepth = 256;

    static Value undefined() { return {}; }
    static Value none() {
        Value v;
        v.kind = Kind::None;
        return v;
    }
    static Value of(bool b) {
        Value v;
        v.kind = Kind::Bool;
        v.boolean = b;
        return v;
    }
    static Value of(std::int64_t i) {
        Value v;
        v.kind = Kind::Int;
        v.integer = i;
        return v;
    }
    static Value of(int i) { return of(static_cast<std::int64_t>(i)); }
    static Value of(double d) {
        Value v;
        v.kind = Kind::Float;
        v.number = d;
        return v;
    }
    static Value of(std::string s) {
        Value v;
        v.kind = Kind::String;
        v.string = std::move(s);
        return v;
    }
    static Value of(const char* s) { return of(std::string(s)); }
    static Value list(chat::Array items = {}) {
        Value v;
        v.kind = Kind::Array;
        for (const auto& item : items) v.depth = std::max(v.depth, item.depth + 1);
        v.array = std::make_shared<chat::Array>(std::move(items));
        return v;
    }
    static Value dict(chat::Object items = {}) {
        Value v;
        v.kind = Kind::Object;
        for (const auto& [key, item] : items) v.depth = std::max(v.depth, item.depth + 1);
        v.object = std::make_shared<chat::Object>(std::move(items));
        return v;
    }
    static Value callable(chat::Function f) {
        Value v;
        v.kind = Kind::Function;
        v.function = std::make_shared<chat::Function>(std::move(f));
        return v;
    }
    static Value fromJson(const nlohmann::json& j);
    static Value fromJson(const nlohmann::ordered_json& j);  // objects keep their keys' order, as Python's dicts

    bool isUndefined() const { return kind == Kind::Undefined; }
    bool isNone() const { return kind == Kind::None; }
    bool isString() const { return kind == Kind::String; }
    bool isNumber() const { return kind == Kind::Int || kind == Kind::Float; }
    bool isArray() const { return kind == Kind::Array; }
    bool isObject() const { return kind == Kind::Object; }

    bool truthy() const;
    double asDouble() const { return kind == Kind::Int ? static_cast<double>(integer) : number; }
    // Member of a dict (nullptr when absent or not a dict).
    const Value* member(const std::string& key) const;
    void setMember(const std::string& key, Value v);
    // Python's str() (what {{ }} prints) and repr().
    std::string str() const;
    std::string repr() const;
    // Python's json.dumps(value, ensure_ascii=False, indent=indent) (indent < 0 = none).
    std::string toJson(int indent = -1) const;
    const char* typeName() const;
};

bool equals(const Value& a, const Value& b);

}  // namespace cci::chat
