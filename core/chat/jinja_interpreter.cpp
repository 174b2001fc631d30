// Chat-template interpreter (see jinja_interpreter.h).
#include "chat/jinja_interpreter.h"

#include "chat/jinja_builtins.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <unordered_map>

namespace cci::chat {

namespace {

struct LoopControl {
    enum class Kind { Break, Continue } kind;
};

// Python's integers grow without bound; a template's arithmetic that leaves 64 bits is refused, never wrapped.
[[noreturn]] void integerOverflow(const std::string& op) {
    throw TemplateError("integer overflow in '" + op + "': the result does not fit in 64 bits");
}

std::int64_t checkedPower(std::int64_t base, std::int64_t exponent) {
    std::int64_t result = 1;
    while (exponent > 0) {
        if ((exponent & 1) && __builtin_mul_overflow(result, base, &result)) integerOverflow("**");
        exponent >>= 1;
        if (exponent > 0 && __builtin_mul_overflow(base, base, &base)) integerOverflow("**");
    }
    return result;
}

// How an expression reads in a message about an undefined value ('messages[100].content', 'foo').
std::string describe(const Expr& e) {
    switch (e.kind) {
        case Expr::Kind::Name: return e.name;
        case Expr::Kind::Attr: return describe(*e.a) + "." + e.name;
        case Expr::Kind::Subscript:
            if (e.b->kind == Expr::Kind::Literal) return describe(*e.a) + "[" + e.b->literal.repr() + "]";
            return describe(*e.a) + "[...]";
        default: return "the value";
    }
}

// The methods transformers' ImmutableSandboxedEnvironment refuses: they would change a list or dict in place.
bool unsafeMethod(const Value& object, const std::string& name) {
    static const char* const kList[] = {"append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear"};
    static const char* const kDict[] = {"clear", "pop", "popitem", "setdefault", "update"};
    if (object.isArray()) return std::find(std::begin(kList), std::end(kList), name) != std::end(kList);
    if (object.isObject() && !object.isNamespace)
        return std::find(std::begin(kDict), std::end(kDict), name) != std::end(kDict);
    return false;
}

class Interpreter {
public:
    Interpreter(const std::map<std::string, Value>& globals, const RenderLimits& limits)
        : m_limits(limits),
          m_deadline(std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                            std::chrono::duration<double>(limits.maxSeconds))) {
        m_scopes.emplace_back();
        for (const auto& [k, v] : globals) m_scopes.front()[k] = v;
        installGlobals();
    }

    std::string run(const Body& body) {
        exec(body);
        return std::move(m_out);
    }

private:
    using Scope = std::unordered_map<std::string, Value>;

    void installGlobals() {
        auto& g = m_scopes.front();
        if (!g.count("raise_exception"))
            g["raise_exception"] = Value::callable([](std::vector<Value>& args, KwArgs&) -> Value {
                throw TemplateError("the template raised an exception: " +
                                    (args.empty() ? std::string() : args[0].str()));
            });
        g["namespace"] = Value::callable([](std::vector<Value>& args, KwArgs& kwargs) {
            Value ns = Value::dict();
            ns.isNamespace = true;
            if (!args.empty() && args[0].isObject())
                for (const auto& [k, v] : *args[0].object) ns.setMember(k, v);
            for (auto& [k, v] : kwargs) ns.setMember(k, v);
            return ns;
        });
        g["range"] = Value::callable([](std::vector<Value>& args, KwArgs&) {
            std::int64_t start = 0, stop = 0, step = 1;
            for (const auto& a : args)
                if (a.kind != Value::Kind::Int) throw TemplateError("range() needs integers");
            if (args.size() == 1)
                stop = args[0].integer;
            else if (args.size() >= 2)
                start = args[0].integer, stop = args[1].integer;
            if (args.size() == 3) step = args[2].integer;
            if (args.empty() || step == 0) throw TemplateError("range() needs 1 to 3 integers and a non-zero step");
            if ((stop - start) / step > 1'000'000) throw TemplateError("range() is too long");
            Array out;
            for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) out.push_back(Value::of(i));
            return Value::list(std::move(out));
        });
        g["dict"] = Value::callable([](std::vector<Value>&, KwArgs& kwargs) {
            Value d = Value::dict();
            for (auto& [k, v] : kwargs) d.setMember(k, v);
            return d;
        });
        if (!g.count("strftime_now"))
            g["strftime_now"] = Value::callable([](std::vector<Value>& args, KwArgs&) {
                if (args.empty()) throw TemplateError("strftime_now() needs a format");
                const std::time_t now = std::time(nullptr);
                std::tm tm{};
                localtime_r(&now, &tm);
                char buf[256];
                const auto n = std::strftime(buf, sizeof buf, args[0].str().c_str(), &tm);
                return Value::of(std::string(buf, n));
            });
    }

    [[noreturn]] static void failAt(const std::string& message, long line, long column) {
        throw TemplateError(message, line, column);
    }

    Value lookup(const std::string& name) const {
        for (auto it = m_scopes.rbegin(); it != m_scopes.rend(); ++it) {
            const auto found = it->find(name);
            if (found != it->end()) return found->second;
        }
        return Value::undefined();
    }

    void emit(const std::string& s) {
        m_out += s;
        if (m_out.size() > m_limits.maxOutputBytes) throw TemplateError("the template's output exceeds the size limit");
    }

    [[noreturn]] void stringTooLarge() const {
        throw TemplateError("the template builds a string larger than the size limit (" +
                            std::to_string(m_limits.maxOutputBytes) + " bytes)");
    }

    // A string or list the template builds, refused once it passes the limits (before memory runs out).
    const Value& bounded(const Value& v) const {
        if (v.isString() && v.string.size() > m_limits.maxOutputBytes) stringTooLarge();
        if (v.isArray() && v.array->size() > m_limits.maxIterations)
            throw TemplateError("the template builds a list longer than " + std::to_string(m_limits.maxIterations) +
                                " items");
        if (v.depth > Value::kMaxValueDepth)
            throw TemplateError("the template builds lists or dicts nested deeper than " +
                                std::to_string(Value::kMaxValueDepth) + " levels");
        return v;
    }

    void checkClock() const {
        if (std::chrono::steady_clock::now() > m_deadline)
            throw TemplateError("the template runs longer than the time limit (" +
                                std::to_string(static_cast<long>(m_limits.maxSeconds)) + " s)");
    }

    void exec(const Body& body) {
        for (const auto& s : body) execOne(*s);
    }

    void execOne(const Stmt& s) {
        switch (s.kind) {
            case Stmt::Kind::Text: emit(s.text); return;
            case Stmt::Kind::Emit: emit(eval(*s.expr).str()); return;
            case Stmt::Kind::If:
                for (const auto& [condition, body] : s.branches) {
                    if (!condition || eval(*condition).truthy()) {
                        exec(body);
                        return;
                    }
                }
                return;
            case Stmt::Kind::For: execFor(s); return;
            case Stmt::Kind::Set:
                if (!s.attribute.empty()) {
                    Value target = lookup(s.text);
                    if (!target.isObject() || !target.isNamespace)
                        failAt("'" + s.text + "' is not a namespace; only namespace attributes can be set", s.line,
                               s.column);
                    target.setMember(s.attribute, eval(*s.expr));
                    try {
                        bounded(target);
                    } catch (const TemplateError& e) {
                        failAt(e.what(), s.line, s.column);
                    }
                } else {
                    m_scopes.back()[s.text] = eval(*s.expr);
                }
                return;
            case Stmt::Kind::SetBlock: {
                std::string saved = std::move(m_out);
                m_out.clear();
                exec(s.body);
                m_scopes.back()[s.text] = Value::of(std::move(m_out));
                m_out = std::move(saved);
                return;
            }
            case Stmt::Kind::Macro: defineMacro(s); return;
            case Stmt::Kind::Break: throw LoopControl{LoopControl::Kind::Break};
            case Stmt::Kind::Continue: throw LoopControl{LoopControl::Kind::Continue};
        }
    }

    void execFor(const Stmt& s) {
        Value iterable = eval(*s.expr);
        Array items;
        try {
            items = iterate(iterable);
        } catch (const TemplateError& e) {
            failAt(e.what(), s.line, s.column);
        }
        if (s.condition) {
            Array kept;
            for (auto& item : items) {
                m_scopes.emplace_back();
                bind(s, item);
                const bool keep = eval(*s.condition).truthy();
                m_scopes.pop_back();
                if (keep) kept.push_back(std::move(item));
            }
            items = std::move(kept);
        }
        if (items.empty()) {
            exec(s.elseBody);
            return;
        }
        const auto n = static_cast<std::int64_t>(items.size());
        for (std::int64_t i = 0; i < n; ++i) {
            if (++m_iterations > m_limits.maxIterations)
                failAt(
                    "the template runs too many loop iterations (limit " + std::to_string(m_limits.maxIterations) + ")",
                    s.line, s.column);
            if ((m_iterations & 1023) == 0) checkClock();
            m_scopes.emplace_back();
            bind(s, items[static_cast<std::size_t>(i)]);
            Value loop =
                Value::dict({{"index", Value::of(i + 1)},
                             {"index0", Value::of(i)},
                             {"revindex", Value::of(n - i)},
                             {"revindex0", Value::of(n - i - 1)},
                             {"first", Value::of(i == 0)},
                             {"last", Value::of(i == n - 1)},
                             {"length", Value::of(n)},
                             {"previtem", i > 0 ? items[static_cast<std::size_t>(i - 1)] : Value::undefined()},
                             {"nextitem", i + 1 < n ? items[static_cast<std::size_t>(i + 1)] : Value::undefined()}});
            loop.setMember("cycle", Value::callable([i](std::vector<Value>& args, KwArgs&) {
                               if (args.empty()) throw TemplateError("loop.cycle() needs arguments");
                               return args[static_cast<std::size_t>(i) % args.size()];
                           }));
            m_scopes.back()["loop"] = loop;
            bool stop = false;
            try {
                exec(s.body);
            } catch (const LoopControl& control) {
                stop = control.kind == LoopControl::Kind::Break;
            }
            m_scopes.pop_back();
            if (stop) break;
        }
    }

    void bind(const Stmt& s, const Value& item) {
        if (s.targets.size() == 1) {
            m_scopes.back()[s.targets[0]] = item;
            return;
        }
        const Array parts = iterate(item);
        if (parts.size() != s.targets.size())
            failAt("cannot unpack " + std::to_string(parts.size()) + " values into " +
                       std::to_string(s.targets.size()) + " loop variables",
                   s.line, s.column);
        for (std::size_t k = 0; k < parts.size(); ++k) m_scopes.back()[s.targets[k]] = parts[k];
    }

    void defineMacro(const Stmt& s) {
        const Stmt* macro = &s;
        m_scopes.back()[s.text] = Value::callable([this, macro](std::vector<Value>& args, KwArgs& kwargs) {
            if (++m_macroCalls > m_limits.maxMacroCalls)
                throw TemplateError("the template calls macros too often (limit " +
                                    std::to_string(m_limits.maxMacroCalls) + " calls)");
            if ((m_macroCalls & 1023) == 0) checkClock();
            if (++m_depth > m_limits.maxDepth) {
                --m_depth;
                throw TemplateError("macros nest too deeply (limit " + std::to_string(m_limits.maxDepth) + ")");
            }
            Scope scope;
            for (std::size_t k = 0; k < macro->targets.size(); ++k) {
                Value v = k < args.size() ? args[k] : Value::undefined();
                for (auto& [key, value] : kwargs)
                    if (key == macro->targets[k]) v = value;
                if (v.isUndefined() && macro->defaults[k]) v = eval(*macro->defaults[k]);
                scope[macro->targets[k]] = v;
            }
            std::string saved = std::move(m_out);
            m_out.clear();
            m_scopes.push_back(std::move(scope));
            try {
                exec(macro->body);
            } catch (...) {
                m_scopes.pop_back();
                --m_depth;
                throw;
            }
            m_scopes.pop_back();
            --m_depth;
            std::string result = std::move(m_out);
            m_out = std::move(saved);
            return Value::of(std::move(result));
        });
    }

    Value call(const Value& callee, std::vector<Value>& args, KwArgs& kwargs, const Expr& at) {
        if (callee.kind != Value::Kind::Function) failAt("this value cannot be called", at.line, at.column);
        try {
            return (*callee.function)(args, kwargs);
        } catch (const TemplateError& e) {
            if (e.line) throw;
            failAt(e.what(), at.line, at.column);
        }
    }

    void evalArgs(const Expr& e, std::vector<Value>& args, KwArgs& kwargs) {
        for (const auto& a : e.items) args.push_back(eval(*a));
        for (const auto& [k, v] : e.kwargs) kwargs.emplace_back(k, eval(*v));
    }

    Value eval(const Expr& e) {
        try {
            return evalInner(e);
        } catch (const TemplateError& err) {
            if (err.line) throw;
            failAt(err.what(), e.line, e.column);
        }
    }

    Value evalInner(const Expr& e) {
        switch (e.kind) {
            case Expr::Kind::Literal: return e.literal;
            case Expr::Kind::Name: return lookup(e.name);
            case Expr::Kind::List: {
                Array items;
                for (const auto& item : e.items) items.push_back(eval(*item));
                return bounded(Value::list(std::move(items)));
            }
            case Expr::Kind::Dict: {
                Value d = Value::dict();
                for (std::size_t k = 0; k + 1 < e.items.size(); k += 2)
                    d.setMember(eval(*e.items[k]).str(), eval(*e.items[k + 1]));
                return bounded(d);
            }
            case Expr::Kind::Attr: {
                const Value object = defined(*e.a);
                if (const Value* m = object.member(e.name)) return *m;
                if (unsafeMethod(object, e.name))
                    failAt("access to attribute '" + e.name + "' of '" + object.typeName() + "' object is unsafe",
                           e.line, e.column);
                if (auto method = boundMethod(object, e.name)) return *method;
                return Value::undefined();
            }
            case Expr::Kind::Subscript: return subscript(defined(*e.a), eval(*e.b));
            case Expr::Kind::Slice:
                return slice(defined(*e.a), e.b ? eval(*e.b) : Value::undefined(),
                             e.c ? eval(*e.c) : Value::undefined(),
                             e.items[0] ? eval(*e.items[0]) : Value::undefined());
            case Expr::Kind::Call: {
                const Value callee = eval(*e.a);
                std::vector<Value> args;
                KwArgs kwargs;
                evalArgs(e, args, kwargs);
                return bounded(call(callee, args, kwargs, e));
            }
            case Expr::Kind::Filter: {
                const Value input = eval(*e.a);
                std::vector<Value> args;
                KwArgs kwargs;
                evalArgs(e, args, kwargs);
                return bounded(applyFilter(e.name, input, args, kwargs));
            }
            case Expr::Kind::Test: {
                const Value input = eval(*e.a);
                std::vector<Value> args;
                KwArgs kwargs;
                evalArgs(e, args, kwargs);
                return Value::of(applyTest(e.name, input, args) != e.negated);
            }
            case Expr::Kind::Unary: {
                const Value v = eval(*e.a);
                if (!v.isNumber()) failAt("unary " + e.name + " needs a number", e.line, e.column);
                if (e.name == "+") return v;
                if (v.kind != Value::Kind::Int) return Value::of(-v.number);
                if (v.integer == std::numeric_limits<std::int64_t>::min()) integerOverflow("-");
                return Value::of(-v.integer);
            }
            case Expr::Kind::Not: return Value::of(!eval(*e.a).truthy());
            case Expr::Kind::And: {
                Value left = eval(*e.a);
                return left.truthy() ? eval(*e.b) : left;
            }
            case Expr::Kind::Or: {
                Value left = eval(*e.a);
                return left.truthy() ? left : eval(*e.b);
            }
            case Expr::Kind::Conditional:
                if (eval(*e.c).truthy()) return eval(*e.a);
                return e.b ? eval(*e.b) : Value::undefined();
            case Expr::Kind::Binary: return bounded(binary(e.name, eval(*e.a), eval(*e.b)));
        }
        return Value::undefined();
    }

    // The value of an expression whose attribute, item or slice is taken: Jinja2 raises UndefinedError there
    // (printing or testing an undefined value is fine; looking inside one is not).
    Value defined(const Expr& e) {
        Value v = eval(e);
        if (v.isUndefined()) failAt("'" + describe(e) + "' is undefined", e.line, e.column);
        return v;
    }

    Value binary(const std::string& op, const Value& a, const Value& b) const {
        if (op == "~") {
            std::string left = a.str(), right = b.str();
            if (left.size() + right.size() > m_limits.maxOutputBytes) stringTooLarge();
            return Value::of(left + right);
        }
        if (op == "==") return Value::of(equals(a, b));
        if (op == "!=") return Value::of(!equals(a, b));
        if (op == "in" || op == "not in") {
            bool found = false;
            if (b.isString()) {
                found = b.string.find(a.str()) != std::string::npos;
            } else if (b.isObject()) {
                found = b.member(a.str()) != nullptr;
            } else {
                for (const auto& item : iterate(b))
                    if (equals(item, a)) found = true;
            }
            return Value::of(found != (op == "not in"));
        }
        if (op == "+") {
            if (a.isString() && b.isString()) return Value::of(a.string + b.string);
            if (a.isArray() && b.isArray()) {
                Array items = *a.array;
                items.insert(items.end(), b.array->begin(), b.array->end());
                return Value::list(std::move(items));
            }
        }
        if (op == "*" && (a.isString() != b.isString()) && (a.kind == Value::Kind::Int || b.kind == Value::Kind::Int)) {
            const Value& text = a.isString() ? a : b;
            const std::int64_t times = a.isString() ? b.integer : a.integer;
            if (times <= 0 || text.string.empty()) return Value::of(std::string());
            if (static_cast<std::uint64_t>(times) > m_limits.maxOutputBytes / text.string.size()) stringTooLarge();
            std::string out;
            out.reserve(text.string.size() * static_cast<std::size_t>(times));
            for (std::int64_t k = 0; k < times; ++k) out += text.string;
            return Value::of(std::move(out));
        }
        const auto numeric = [](const Value& v) { return v.isNumber() || v.kind == Value::Kind::Bool; };
        if (!numeric(a) || !numeric(b)) {
            if ((op == "<" || op == ">" || op == "<=" || op == ">=") && a.isString() && b.isString()) {
                const int c = a.string.compare(b.string);
                return Value::of(op == "<" ? c < 0 : op == ">" ? c > 0 : op == "<=" ? c <= 0 : c >= 0);
            }
            throw TemplateError("unsupported operand types for " + op + ": " + a.typeName() + " and " + b.typeName());
        }
        const auto asInt = [](const Value& v) {
            return v.kind == Value::Kind::Bool ? std::int64_t{v.boolean} : v.integer;
        };
        const bool ints = a.kind != Value::Kind::Float && b.kind != Value::Kind::Float;
        const double x = a.kind == Value::Kind::Bool ? a.boolean : a.asDouble();
        const double y = b.kind == Value::Kind::Bool ? b.boolean : b.asDouble();
        if (op == "<") return Value::of(x < y);
        if (op == ">") return Value::of(x > y);
        if (op == "<=") return Value::of(x <= y);
        if (op == ">=") return Value::of(x >= y);
        if (ints && (op == "+" || op == "-" || op == "*")) {
            std::int64_t r = 0;
            const bool overflow = op == "+"   ? __builtin_add_overflow(asInt(a), asInt(b), &r)
                                  : op == "-" ? __builtin_sub_overflow(asInt(a), asInt(b), &r)
                                              : __builtin_mul_overflow(asInt(a), asInt(b), &r);
            if (overflow) integerOverflow(op);
            return Value::of(r);
        }
        if (op == "+") return Value::of(x + y);
        if (op == "-") return Value::of(x - y);
        if (op == "*") return Value::of(x * y);
        if (op == "/") {
            if (y == 0) throw TemplateError("division by zero");
            return Value::of(x / y);
        }
        if (op == "//" || op == "%") {
            if (y == 0) throw TemplateError("division by zero");
            if (ints) {
                const std::int64_t p = asInt(a), q = asInt(b);
                if (q == -1) {  // p / -1 traps for the smallest integer; Python's result is -p and 0
                    if (op == "%") return Value::of(std::int64_t{0});
                    if (p == std::numeric_limits<std::int64_t>::min()) integerOverflow(op);
                    return Value::of(-p);
                }
                std::int64_t quotient = p / q;
                if ((p % q != 0) && ((p < 0) != (q < 0))) --quotient;
                return op == "//" ? Value::of(quotient) : Value::of(p - quotient * q);
            }
            const double quotient = std::floor(x / y);
            return op == "//" ? Value::of(quotient) : Value::of(x - quotient * y);
        }
        if (op == "**") {
            if (ints && asInt(b) >= 0) return Value::of(checkedPower(asInt(a), asInt(b)));
            if (x == 0 && y < 0) throw TemplateError("0.0 cannot be raised to a negative power");
            return Value::of(std::pow(x, y));
        }
        throw TemplateError("unknown operator " + op);
    }

    const RenderLimits& m_limits;
    const std::chrono::steady_clock::time_point m_deadline;
    std::vector<Scope> m_scopes;
    std::string m_out;
    std::size_t m_iterations = 0, m_depth = 0, m_macroCalls = 0;
};

}  // namespace

std::string renderTemplate(const TemplateAst& ast, const std::map<std::string, Value>& globals,
                           const RenderLimits& limits) {
    Interpreter interpreter(globals, limits);
    try {
        return interpreter.run(ast.body);
    } catch (const LoopControl&) {
        throw TemplateError("break or continue outside a loop");
    }
}

}  // namespace cci::chat
