// Built-in filters, tests and methods (see jinja_builtins.h). Strings are UTF-8; indexing, slicing and length count
// code points as Python does.
#include "chat/jinja_builtins.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

namespace cci::chat {

namespace {

std::u32string codePoints(const std::string& s) {
    std::u32string out;
    const auto u = icu::UnicodeString::fromUTF8(s);
    for (int32_t i = 0; i < u.length();) {
        const UChar32 c = u.char32At(i);
        out.push_back(static_cast<char32_t>(c));
        i += U16_LENGTH(c);
    }
    return out;
}

std::string fromCodePoints(const std::u32string& s) {
    icu::UnicodeString u;
    for (char32_t c : s) u.append(static_cast<UChar32>(c));
    std::string out;
    u.toUTF8String(out);
    return out;
}

bool isPySpace(char32_t c) {
    return c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

// Python's str.strip / lstrip / rstrip with an optional set of characters.
std::string strip(const std::string& s, const Value* chars, bool left, bool right) {
    const auto cps = codePoints(s);
    std::u32string set;
    const bool whitespace = !chars || chars->isNone() || chars->isUndefined();
    if (!whitespace) set = codePoints(chars->str());
    auto strippable = [&](char32_t c) { return whitespace ? isPySpace(c) : set.find(c) != std::u32string::npos; };
    std::size_t b = 0, e = cps.size();
    if (left)
        while (b < e && strippable(cps[b])) ++b;
    if (right)
        while (e > b && strippable(cps[e - 1])) --e;
    return fromCodePoints(cps.substr(b, e - b));
}

// Python's str.replace(old, new, count): an empty `old` inserts `new` before every code point and at the end
// ('abc'.replace('', 'bb') is 'bbabbbbbcbb'); a negative count replaces every occurrence.
std::string pythonReplace(const std::string& s, const std::string& from, const std::string& to, std::int64_t count) {
    std::string out;
    std::int64_t done = 0;
    if (from.empty()) {
        const auto cps = codePoints(s);
        for (std::size_t i = 0; i <= cps.size(); ++i) {
            if (count < 0 || done < count) {
                out += to;
                ++done;
            }
            if (i < cps.size()) out += fromCodePoints(cps.substr(i, 1));
        }
        return out;
    }
    std::size_t start = 0;
    while (count < 0 || done < count) {
        const auto at = s.find(from, start);
        if (at == std::string::npos) break;
        out.append(s, start, at - start);
        out += to;
        start = at + from.size();
        ++done;
    }
    return out.append(s, start);
}

// Python's int(text) (whitespace around, a sign, digits with single underscores between them): nullopt when the
// text is no integer; an integer beyond 64 bits is refused (Python's would grow).
std::optional<std::int64_t> pythonInt(const std::string& text) {
    const std::string t = strip(text, nullptr, true, true);
    std::size_t i = 0;
    const bool negative = !t.empty() && t[0] == '-';
    if (!t.empty() && (t[0] == '-' || t[0] == '+')) ++i;
    if (i == t.size()) return std::nullopt;
    std::int64_t value = 0;
    for (bool lastDigit = false; i < t.size(); ++i) {
        const char c = t[i];
        if (c == '_' && lastDigit && i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1]))) {
            lastDigit = false;
            continue;
        }
        if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
        lastDigit = true;
        const int digit = c - '0';
        if (__builtin_mul_overflow(value, 10, &value) ||
            __builtin_add_overflow(value, negative ? -digit : digit, &value))
            throw TemplateError("int: " + t + " does not fit in 64 bits");
    }
    return value;
}

// Python's float(text): nullopt when the whole text (whitespace aside) is no number.
std::optional<double> pythonFloat(const std::string& text) {
    std::string t = strip(text, nullptr, true, true);
    t.erase(std::remove(t.begin(), t.end(), '_'), t.end());
    if (t.empty()) return std::nullopt;
    char* end = nullptr;
    const double d = std::strtod(t.c_str(), &end);
    if (end != t.c_str() + t.size()) return std::nullopt;
    return d;
}

// int() of a float as Jinja's int filter takes it: truncated; beyond 64 bits or infinite refused, NaN none.
std::optional<std::int64_t> truncatedInt(double d) {
    if (std::isnan(d)) return std::nullopt;
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
        throw TemplateError("int: " + Value::of(d).repr() + " does not fit in 64 bits");
    return static_cast<std::int64_t>(d);
}

std::string caseMapped(const std::string& s, bool upper) {
    auto u = icu::UnicodeString::fromUTF8(s);
    upper ? u.toUpper(icu::Locale::getRoot()) : u.toLower(icu::Locale::getRoot());
    std::string out;
    u.toUTF8String(out);
    return out;
}

std::string capitalize(const std::string& s) {
    auto cps = codePoints(s);
    if (cps.empty()) return s;
    const std::string first = caseMapped(fromCodePoints(cps.substr(0, 1)), true);
    return first + caseMapped(fromCodePoints(cps.substr(1)), false);
}

std::string title(const std::string& s) {
    const auto cps = codePoints(s);
    std::string out;
    bool previousCased = false;
    for (char32_t c : cps) {
        const std::string ch = fromCodePoints(std::u32string(1, c));
        const bool cased = caseMapped(ch, true) != caseMapped(ch, false);
        out += cased ? (previousCased ? caseMapped(ch, false) : caseMapped(ch, true)) : ch;
        previousCased = cased;
    }
    return out;
}

std::vector<std::string> split(const std::string& s, const Value* sep, std::int64_t maxSplit) {
    std::vector<std::string> parts;
    if (!sep || sep->isNone() || sep->isUndefined()) {
        const auto cps = codePoints(s);
        std::size_t i = 0;
        while (true) {
            while (i < cps.size() && isPySpace(cps[i])) ++i;
            if (i >= cps.size()) break;
            if (maxSplit >= 0 && static_cast<std::int64_t>(parts.size()) == maxSplit) {
                std::size_t e = cps.size();
                while (e > i && isPySpace(cps[e - 1])) --e;
                parts.push_back(fromCodePoints(cps.substr(i, e - i)));
                break;
            }
            std::size_t j = i;
            while (j < cps.size() && !isPySpace(cps[j])) ++j;
            parts.push_back(fromCodePoints(cps.substr(i, j - i)));
            i = j;
        }
        return parts;
    }
    const std::string delimiter = sep->str();
    if (delimiter.empty()) throw TemplateError("split(): empty separator");
    std::size_t start = 0;
    while (true) {
        if (maxSplit >= 0 && static_cast<std::int64_t>(parts.size()) == maxSplit) break;
        const auto at = s.find(delimiter, start);
        if (at == std::string::npos) break;
        parts.push_back(s.substr(start, at - start));
        start = at + delimiter.size();
    }
    parts.push_back(s.substr(start));
    return parts;
}

const Value* arg(std::vector<Value>& args, KwArgs& kwargs, std::size_t index, const char* name) {
    if (index < args.size()) return &args[index];
    for (auto& [k, v] : kwargs)
        if (k == name) return &v;
    return nullptr;
}

std::int64_t intArg(std::vector<Value>& args, KwArgs& kwargs, std::size_t index, const char* name,
                    std::int64_t fallback) {
    const Value* v = arg(args, kwargs, index, name);
    if (!v || v->isNone() || v->isUndefined()) return fallback;
    if (v->kind != Value::Kind::Int) throw TemplateError(std::string("argument ") + name + " must be an integer");
    return v->integer;
}

Value stringList(const std::vector<std::string>& parts) {
    Array items;
    for (const auto& p : parts) items.push_back(Value::of(p));
    return Value::list(std::move(items));
}

Value attributeOf(const Value& item, const std::string& path) {
    Value current = item;
    std::size_t start = 0;
    while (true) {
        const auto dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        const Value* m = current.member(key);
        current = m ? *m : Value::undefined();
        if (dot == std::string::npos) return current;
        start = dot + 1;
    }
}

Value stringMethod(const std::string& s, const std::string& name) {
    auto method = [s, name](std::vector<Value>& args, KwArgs& kwargs) -> Value {
        if (name == "strip" || name == "lstrip" || name == "rstrip")
            return Value::of(strip(s, arg(args, kwargs, 0, "chars"), name != "rstrip", name != "lstrip"));
        if (name == "upper") return Value::of(caseMapped(s, true));
        if (name == "lower") return Value::of(caseMapped(s, false));
        if (name == "capitalize") return Value::of(capitalize(s));
        if (name == "title") return Value::of(title(s));
        if (name == "startswith" || name == "endswith") {
            const Value* p = arg(args, kwargs, 0, "prefix");
            if (!p) throw TemplateError(name + "() needs an argument");
            std::vector<std::string> options;
            if (p->isArray()) {
                for (const auto& v : *p->array) options.push_back(v.str());
            } else {
                options.push_back(p->str());
            }
            for (const auto& o : options)
                if (name == "startswith" ? s.starts_with(o) : s.ends_with(o)) return Value::of(true);
            return Value::of(false);
        }
        if (name == "split")
            return stringList(split(s, arg(args, kwargs, 0, "sep"), intArg(args, kwargs, 1, "maxsplit", -1)));
        if (name == "replace") {
            const Value* from = arg(args, kwargs, 0, "old");
            const Value* to = arg(args, kwargs, 1, "new");
            if (!from || !to) throw TemplateError("replace() needs two arguments");
            return Value::of(pythonReplace(s, from->str(), to->str(), intArg(args, kwargs, 2, "count", -1)));
        }
        if (name == "find") {
            const Value* p = arg(args, kwargs, 0, "sub");
            if (!p) throw TemplateError("find() needs an argument");
            const auto at = s.find(p->str());
            return Value::of(at == std::string::npos ? std::int64_t{-1}
                                                     : static_cast<std::int64_t>(codePoints(s.substr(0, at)).size()));
        }
        if (name == "join") {
            const Value* items = arg(args, kwargs, 0, "iterable");
            if (!items) throw TemplateError("join() needs an argument");
            std::string out;
            bool first = true;
            for (const auto& v : iterate(*items)) {
                if (!first) out += s;
                out += v.str();
                first = false;
            }
            return Value::of(out);
        }
        throw TemplateError("unknown string method '" + name + "'");
    };
    return Value::callable(method);
}

}  // namespace

std::size_t lengthOf(const Value& v) {
    switch (v.kind) {
        case Value::Kind::String: return codePoints(v.string).size();
        case Value::Kind::Array: return v.array->size();
        case Value::Kind::Object: return v.object->size();
        case Value::Kind::Undefined: return 0;
        default: throw TemplateError(std::string("a ") + v.typeName() + " has no length");
    }
}

Array iterate(const Value& v) {
    switch (v.kind) {
        case Value::Kind::Array: return *v.array;
        case Value::Kind::Object: {
            Array keys;
            for (const auto& [k, _] : *v.object) keys.push_back(Value::of(k));
            return keys;
        }
        case Value::Kind::String: {
            Array chars;
            for (char32_t c : codePoints(v.string)) chars.push_back(Value::of(fromCodePoints(std::u32string(1, c))));
            return chars;
        }
        case Value::Kind::Undefined:
        case Value::Kind::None: return {};
        default: throw TemplateError(std::string("cannot iterate over a ") + v.typeName());
    }
}

Value subscript(const Value& object, const Value& index) {
    if (object.isObject()) {
        if (const Value* m = object.member(index.str())) return *m;
        return Value::undefined();
    }
    if (object.isArray() || object.isString()) {
        if (index.kind != Value::Kind::Int) throw TemplateError("list and string indices must be integers");
        const auto n = static_cast<std::int64_t>(lengthOf(object));
        const std::int64_t i = index.integer < 0 ? index.integer + n : index.integer;
        if (i < 0 || i >= n) return Value::undefined();
        if (object.isArray()) return (*object.array)[static_cast<std::size_t>(i)];
        return Value::of(fromCodePoints(codePoints(object.string).substr(static_cast<std::size_t>(i), 1)));
    }
    if (object.isUndefined()) return Value::undefined();
    throw TemplateError(std::string("a ") + object.typeName() + " cannot be indexed");
}

Value slice(const Value& object, const Value& startV, const Value& stopV, const Value& stepV) {
    if (!object.isArray() && !object.isString())
        throw TemplateError(std::string("a ") + object.typeName() + " cannot be sliced");
    const auto n = static_cast<std::int64_t>(lengthOf(object));
    const auto given = [](const Value& v) { return !v.isUndefined() && !v.isNone(); };
    const std::int64_t step = given(stepV) ? stepV.integer : 1;
    if (step == 0) throw TemplateError("slice step cannot be zero");
    auto clamp = [&](const Value& v, std::int64_t fallback) {
        if (!given(v)) return fallback;
        std::int64_t i = v.integer < 0 ? v.integer + n : v.integer;
        if (step > 0) return std::clamp<std::int64_t>(i, 0, n);
        return std::clamp<std::int64_t>(i, -1, n - 1);
    };
    const std::int64_t start = clamp(startV, step > 0 ? 0 : n - 1);
    const std::int64_t stop = clamp(stopV, step > 0 ? n : -1);
    std::vector<std::size_t> picks;
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step)
        picks.push_back(static_cast<std::size_t>(i));
    if (object.isArray()) {
        Array out;
        for (auto i : picks) out.push_back((*object.array)[i]);
        return Value::list(std::move(out));
    }
    const auto cps = codePoints(object.string);
    std::u32string out;
    for (auto i : picks) out.push_back(cps[i]);
    return Value::of(fromCodePoints(out));
}

std::optional<Value> boundMethod(const Value& object, const std::string& name) {
    if (object.isString()) {
        static const char* const kMethods[] = {"strip",      "lstrip", "rstrip",     "upper",    "lower",
                                               "capitalize", "title",  "startswith", "endswith", "split",
                                               "replace",    "find",   "join"};
        for (const char* m : kMethods)
            if (name == m) return stringMethod(object.string, name);
        return std::nullopt;
    }
    if (object.isObject() && !object.isNamespace) {
        const Value self = object;
        if (name == "items")
            return Value::callable([self](std::vector<Value>&, KwArgs&) {
                Array out;
                for (const auto& [k, v] : *self.object) out.push_back(Value::list({Value::of(k), v}));
                return Value::list(std::move(out));
            });
        if (name == "keys" || name == "values")
            return Value::callable([self, name](std::vector<Value>&, KwArgs&) {
                Array out;
                for (const auto& [k, v] : *self.object) out.push_back(name == "keys" ? Value::of(k) : v);
                return Value::list(std::move(out));
            });
        if (name == "get")
            return Value::callable([self](std::vector<Value>& args, KwArgs&) {
                if (args.empty()) throw TemplateError("get() needs a key");
                const Value* m = self.member(args[0].str());
                return m ? *m : (args.size() > 1 ? args[1] : Value::none());
            });
    }
    return std::nullopt;
}

bool applyTest(const std::string& name, const Value& v, std::vector<Value>& args) {
    if (name == "defined") return !v.isUndefined();
    if (name == "undefined") return v.isUndefined();
    if (name == "none") return v.isNone();
    if (name == "string") return v.isString();
    if (name == "number") return v.isNumber();
    if (name == "integer") return v.kind == Value::Kind::Int;
    if (name == "float") return v.kind == Value::Kind::Float;
    if (name == "boolean") return v.kind == Value::Kind::Bool;
    if (name == "true") return v.kind == Value::Kind::Bool && v.boolean;
    if (name == "false") return v.kind == Value::Kind::Bool && !v.boolean;
    if (name == "mapping") return v.isObject();
    if (name == "sequence") return v.isArray() || v.isString();
    if (name == "iterable") return v.isArray() || v.isString() || v.isObject();
    if (name == "callable") return v.kind == Value::Kind::Function;
    if (name == "lower") return v.isString() && caseMapped(v.string, false) == v.string;
    if (name == "upper") return v.isString() && caseMapped(v.string, true) == v.string;
    if (name == "odd" || name == "even") {
        if (v.kind != Value::Kind::Int) throw TemplateError("'" + name + "' needs an integer");
        return (v.integer % 2 != 0) == (name == "odd");
    }
    if (name == "divisibleby") {
        if (v.kind != Value::Kind::Int || args.empty() || args[0].kind != Value::Kind::Int || args[0].integer == 0)
            throw TemplateError("'divisibleby' needs integers");
        return v.integer % args[0].integer == 0;
    }
    if (name == "eq" || name == "equalto" || name == "==" || name == "sameas") {
        if (args.empty()) throw TemplateError("'" + name + "' needs an argument");
        return equals(v, args[0]);
    }
    if (name == "ne" || name == "!=") return args.empty() ? true : !equals(v, args[0]);
    if (name == "in") {
        if (args.empty()) throw TemplateError("'in' needs an argument");
        for (const auto& item : iterate(args[0]))
            if (equals(item, v)) return true;
        return false;
    }
    throw TemplateError("unknown test '" + name + "'");
}

Value applyFilter(const std::string& name, const Value& v, std::vector<Value>& args, KwArgs& kwargs) {
    if (name == "trim") return Value::of(strip(v.str(), arg(args, kwargs, 0, "chars"), true, true));
    if (name == "upper") return Value::of(caseMapped(v.str(), true));
    if (name == "lower") return Value::of(caseMapped(v.str(), false));
    if (name == "capitalize") return Value::of(capitalize(v.str()));
    if (name == "title") return Value::of(title(v.str()));
    if (name == "length" || name == "count") return Value::of(static_cast<std::int64_t>(lengthOf(v)));
    if (name == "string") return Value::of(v.str());
    if (name == "safe" || name == "e" || name == "escape") return v;
    if (name == "tojson") return Value::of(v.toJson(static_cast<int>(intArg(args, kwargs, 0, "indent", -1))));
    if (name == "list") return Value::list(iterate(v));
    if (name == "first" || name == "last") {
        const auto items = iterate(v);
        if (items.empty()) return Value::undefined();
        return name == "first" ? items.front() : items.back();
    }
    if (name == "reverse") {
        if (v.isString()) {
            auto cps = codePoints(v.string);
            std::reverse(cps.begin(), cps.end());
            return Value::of(fromCodePoints(cps));
        }
        auto items = iterate(v);
        std::reverse(items.begin(), items.end());
        return Value::list(std::move(items));
    }
    if (name == "join") {
        const Value* sep = arg(args, kwargs, 0, "d");
        const Value* attribute = arg(args, kwargs, 1, "attribute");
        std::string out;
        bool first = true;
        for (const auto& item : iterate(v)) {
            if (!first && sep) out += sep->str();
            out += attribute ? attributeOf(item, attribute->str()).str() : item.str();
            first = false;
        }
        return Value::of(out);
    }
    if (name == "default" || name == "d") {
        const Value* fallback = arg(args, kwargs, 0, "default_value");
        const Value* boolean = arg(args, kwargs, 1, "boolean");
        const bool useFallback = v.isUndefined() || (boolean && boolean->truthy() && !v.truthy());
        return useFallback ? (fallback ? *fallback : Value::of("")) : v;
    }
    if (name == "int") {  // Jinja2's do_int: int(value), else int(float(value)), else the default
        if (v.kind == Value::Kind::Int) return v;
        if (v.kind == Value::Kind::Bool) return Value::of(static_cast<std::int64_t>(v.boolean));
        std::optional<std::int64_t> parsed;
        if (v.kind == Value::Kind::Float) {
            parsed = truncatedInt(v.number);
        } else if (v.isString()) {
            parsed = pythonInt(v.string);
            if (!parsed)
                if (const auto d = pythonFloat(v.string)) parsed = truncatedInt(*d);
        }
        return parsed ? Value::of(*parsed) : Value::of(intArg(args, kwargs, 0, "default", 0));
    }
    if (name == "float") {  // Jinja2's do_float: float(value), else the default
        if (v.isNumber()) return Value::of(v.asDouble());
        if (v.kind == Value::Kind::Bool) return Value::of(v.boolean ? 1.0 : 0.0);
        const auto parsed = v.isString() ? pythonFloat(v.string) : std::nullopt;
        if (parsed) return Value::of(*parsed);
        const Value* fallback = arg(args, kwargs, 0, "default");
        return fallback ? *fallback : Value::of(0.0);
    }
    if (name == "abs") {
        if (v.kind == Value::Kind::Int) {
            if (v.integer == std::numeric_limits<std::int64_t>::min()) throw TemplateError("abs: integer overflow");
            return Value::of(v.integer < 0 ? -v.integer : v.integer);
        }
        return Value::of(std::fabs(v.asDouble()));
    }
    if (name == "replace") {
        const Value* from = arg(args, kwargs, 0, "old");
        const Value* to = arg(args, kwargs, 1, "new");
        if (!from || !to) throw TemplateError("replace needs two arguments");
        return Value::of(pythonReplace(v.str(), from->str(), to->str(), intArg(args, kwargs, 2, "count", -1)));
    }
    if (name == "items") {
        std::vector<Value> none;
        KwArgs noKw;
        auto method = boundMethod(v, "items");
        if (!method) throw TemplateError("items needs a dict");
        return (*method->function)(none, noKw);
    }
    if (name == "selectattr" || name == "rejectattr" || name == "select" || name == "reject") {
        const bool byAttribute = name.ends_with("attr");
        const bool keep = name.starts_with("select");
        std::size_t k = 0;
        std::string attribute;
        if (byAttribute) {
            if (args.empty()) throw TemplateError(name + " needs an attribute name");
            attribute = args[k++].str();
        }
        std::string test = k < args.size() ? args[k++].str() : std::string();
        std::vector<Value> testArgs(args.begin() + static_cast<std::ptrdiff_t>(std::min(k, args.size())), args.end());
        Array out;
        for (const auto& item : iterate(v)) {
            const Value subject = byAttribute ? attributeOf(item, attribute) : item;
            const bool passes = test.empty() ? subject.truthy() : applyTest(test, subject, testArgs);
            if (passes == keep) out.push_back(item);
        }
        return Value::list(std::move(out));
    }
    if (name == "map") {
        const Value* attribute = arg(args, kwargs, 99, "attribute");
        Array out;
        for (const auto& item : iterate(v)) {
            if (attribute) {
                out.push_back(attributeOf(item, attribute->str()));
            } else {
                if (args.empty()) throw TemplateError("map needs a filter name or attribute=");
                std::vector<Value> rest(args.begin() + 1, args.end());
                KwArgs none;
                out.push_back(applyFilter(args[0].str(), item, rest, none));
            }
        }
        return Value::list(std::move(out));
    }
    if (name == "unique") {
        Array out;
        for (const auto& item : iterate(v))
            if (std::none_of(out.begin(), out.end(), [&](const Value& o) { return equals(o, item); }))
                out.push_back(item);
        return Value::list(std::move(out));
    }
    if (name == "indent") {
        const std::int64_t width = intArg(args, kwargs, 0, "width", 4);
        const Value* first = arg(args, kwargs, 1, "first");
        const std::string pad(static_cast<std::size_t>(std::max<std::int64_t>(width, 0)), ' ');
        std::string out, s = v.str();
        for (std::size_t i = 0; i < s.size(); ++i) {
            out += s[i];
            if (s[i] == '\n' && i + 1 < s.size() && s[i + 1] != '\n') out += pad;
        }
        return Value::of((first && first->truthy() ? pad : std::string()) + out);
    }
    throw TemplateError("unknown filter '" + name + "'");
}

}  // namespace cci::chat
