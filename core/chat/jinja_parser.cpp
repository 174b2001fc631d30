// Chat-template parser (see jinja_parser.h).
#include "chat/jinja_parser.h"

#include "chat/jinja_lexer.h"

#include <set>

namespace cci::chat {

namespace {

// Templates and expressions nest at most this deep (statements inside statements, expression trees, brackets):
// deeper ones are refused before they are built, so neither parsing nor rendering recurses without bound. Jinja2
// itself stops far sooner (Python's parser allows 200 nested brackets).
constexpr int kMaxNesting = 256;

class Parser {
public:
    explicit Parser(std::vector<Token> tokens) : m_t(std::move(tokens)) {}

    TemplateAst run() {
        TemplateAst ast;
        std::string stop;
        ast.body = parseBody({}, stop);
        return ast;
    }

private:
    const Token& peek(std::size_t k = 0) const { return m_t[std::min(m_i + k, m_t.size() - 1)]; }
    const Token& next() { return m_t[std::min(m_i++, m_t.size() - 1)]; }
    bool isOp(const char* op, std::size_t k = 0) const {
        return peek(k).type == Token::Type::Operator && peek(k).text == op;
    }
    bool isName(const char* name, std::size_t k = 0) const {
        return peek(k).type == Token::Type::Name && peek(k).text == name;
    }
    [[noreturn]] void fail(const std::string& message, const Token& at) const {
        throw TemplateError(message, at.line, at.column);
    }
    void expectOp(const char* op) {
        if (!isOp(op)) fail(std::string("expected '") + op + "'" + found(), peek());
        next();
    }
    std::string expectName() {
        if (peek().type != Token::Type::Name) fail("expected a name" + found(), peek());
        return next().text;
    }
    void expectBlockEnd() {
        if (peek().type != Token::Type::BlockEnd) fail("expected '%}'" + found(), peek());
        next();
    }
    std::string found() const {
        const auto& t = peek();
        switch (t.type) {
            case Token::Type::End: return ", found the end of the template";
            case Token::Type::BlockEnd: return ", found '%}'";
            case Token::Type::VarEnd: return ", found '}}'";
            default: return ", found '" + t.text + "'";
        }
    }

    // One level deeper for the guard's lifetime (a statement inside a statement, an expression inside brackets).
    class Nesting {
    public:
        Nesting(Parser& parser, const Token& at) : m_parser(parser) {
            if (++m_parser.m_nesting > kMaxNesting) {
                --m_parser.m_nesting;
                m_parser.fail("the template nests deeper than " + std::to_string(kMaxNesting) + " levels", at);
            }
        }
        ~Nesting() { --m_parser.m_nesting; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;

    private:
        Parser& m_parser;
    };

    // An expression node whose operands are in place: its height, refused beyond kMaxNesting (long chains of
    // filters, operators or subscripts build deep trees without nesting brackets).
    ExprPtr built(ExprPtr e) {
        int below = 0;
        const auto see = [&below](const ExprPtr& child) {
            if (child) below = std::max(below, child->height);
        };
        see(e->a);
        see(e->b);
        see(e->c);
        for (const auto& item : e->items) see(item);
        for (const auto& [key, value] : e->kwargs) see(value);
        e->height = below + 1;
        if (e->height > kMaxNesting)
            throw TemplateError("the expression nests deeper than " + std::to_string(kMaxNesting) + " levels", e->line,
                                e->column);
        return e;
    }

    std::int64_t integerLiteral(const Token& t) const {
        try {
            return static_cast<std::int64_t>(std::stoll(t.text));
        } catch (const std::exception&) {
            fail("integer literal out of range", t);
        }
    }

    template <typename T>
    std::unique_ptr<T> node(typename T::Kind kind, const Token& at) {
        auto n = std::make_unique<T>();
        n->kind = kind;
        n->line = at.line;
        n->column = at.column;
        return n;
    }

    // Parses statements until a block tag whose keyword is in `stops`; that keyword is stored in `stop` and the
    // parser stands after it (before the rest of its tag).
    Body parseBody(const std::set<std::string>& stops, std::string& stop) {
        Body body;
        while (true) {
            const Token& t = peek();
            if (t.type == Token::Type::End) {
                if (!stops.empty()) {
                    std::string closing = *stops.begin();
                    for (const auto& s : stops)
                        if (s.starts_with("end")) closing = s;
                    fail("missing {% " + closing + " %}", t);
                }
                return body;
            }
            if (t.type == Token::Type::Text) {
                auto s = node<Stmt>(Stmt::Kind::Text, t);
                s->text = next().text;
                body.push_back(std::move(s));
            } else if (t.type == Token::Type::VarBegin) {
                next();
                auto s = node<Stmt>(Stmt::Kind::Emit, t);
                s->expr = parseExpression();
                if (peek().type != Token::Type::VarEnd) fail("expected '}}'" + found(), peek());
                next();
                body.push_back(std::move(s));
            } else if (t.type == Token::Type::BlockBegin) {
                next();
                const Token& keyword = peek();
                if (keyword.type != Token::Type::Name) fail("expected a statement keyword" + found(), keyword);
                if (stops.count(keyword.text)) {
                    stop = next().text;
                    return body;
                }
                body.push_back(parseStatement());
            } else {
                fail("unexpected token" + found(), t);
            }
        }
    }

    StmtPtr parseStatement() {
        const Nesting nesting(*this, peek());
        const Token& keyword = next();
        const std::string& k = keyword.text;
        if (k == "if") return parseIf(keyword);
        if (k == "for") return parseFor(keyword);
        if (k == "set") return parseSet(keyword);
        if (k == "macro") return parseMacro(keyword);
        if (k == "break" || k == "continue") {
            expectBlockEnd();
            return node<Stmt>(k == "break" ? Stmt::Kind::Break : Stmt::Kind::Continue, keyword);
        }
        if (k == "generation") {  // Hugging Face's assistant-mask marker: renders its body unchanged
            expectBlockEnd();
            auto s = node<Stmt>(Stmt::Kind::If, keyword);
            std::string stop;
            auto literal = node<Expr>(Expr::Kind::Literal, keyword);
            literal->literal = Value::of(true);
            s->branches.emplace_back(std::move(literal), parseBody({"endgeneration"}, stop));
            expectBlockEnd();
            return s;
        }
        fail("unsupported statement '" + k + "' (supported: if, for, set, macro, break, continue, generation)",
             keyword);
    }

    StmtPtr parseIf(const Token& at) {
        auto s = node<Stmt>(Stmt::Kind::If, at);
        ExprPtr condition = parseExpression();
        expectBlockEnd();
        while (true) {
            std::string stop;
            Body body = parseBody({"elif", "else", "endif"}, stop);
            s->branches.emplace_back(std::move(condition), std::move(body));
            if (stop == "endif") break;
            if (stop == "else") {
                expectBlockEnd();
                std::string end;
                s->branches.emplace_back(nullptr, parseBody({"endif"}, end));
                break;
            }
            condition = parseExpression();
            expectBlockEnd();
        }
        expectBlockEnd();
        return s;
    }

    StmtPtr parseFor(const Token& at) {
        auto s = node<Stmt>(Stmt::Kind::For, at);
        s->targets.push_back(expectName());
        while (isOp(",")) {
            next();
            s->targets.push_back(expectName());
        }
        if (!isName("in")) fail("expected 'in'" + found(), peek());
        next();
        s->expr = parseTernaryless();
        if (isName("if")) {
            next();
            s->condition = parseTernaryless();
        }
        if (isName("recursive")) fail("recursive loops are not supported", peek());
        expectBlockEnd();
        std::string stop;
        s->body = parseBody({"else", "endfor"}, stop);
        if (stop == "else") {
            expectBlockEnd();
            s->elseBody = parseBody({"endfor"}, stop);
        }
        expectBlockEnd();
        return s;
    }

    StmtPtr parseSet(const Token& at) {
        const std::string name = expectName();
        if (isOp(".")) {
            next();
            auto s = node<Stmt>(Stmt::Kind::Set, at);
            s->text = name;
            s->attribute = expectName();
            expectOp("=");
            s->expr = parseExpression();
            expectBlockEnd();
            return s;
        }
        if (isOp(",")) fail("tuple assignment in set is not supported", peek());
        if (peek().type == Token::Type::BlockEnd) {
            next();
            auto s = node<Stmt>(Stmt::Kind::SetBlock, at);
            s->text = name;
            std::string stop;
            s->body = parseBody({"endset"}, stop);
            expectBlockEnd();
            return s;
        }
        auto s = node<Stmt>(Stmt::Kind::Set, at);
        s->text = name;
        expectOp("=");
        s->expr = parseExpression();
        expectBlockEnd();
        return s;
    }

    StmtPtr parseMacro(const Token& at) {
        auto s = node<Stmt>(Stmt::Kind::Macro, at);
        s->text = expectName();
        expectOp("(");
        while (!isOp(")")) {
            s->targets.push_back(expectName());
            if (isOp("=")) {
                next();
                s->defaults.push_back(parseExpression());
            } else {
                s->defaults.push_back(nullptr);
            }
            if (!isOp(",")) break;
            next();
        }
        expectOp(")");
        expectBlockEnd();
        std::string stop;
        s->body = parseBody({"endmacro"}, stop);
        if (peek().type == Token::Type::Name) next();  // {% endmacro name %}
        expectBlockEnd();
        return s;
    }

    // expression := or ["if" or ["else" expression]]
    ExprPtr parseExpression() {
        const Nesting nesting(*this, peek());
        ExprPtr value = parseOr();
        if (isName("if")) {
            const Token& at = next();
            auto e = node<Expr>(Expr::Kind::Conditional, at);
            e->c = parseOr();
            e->a = std::move(value);
            if (isName("else")) {
                next();
                e->b = parseExpression();
            }
            return built(std::move(e));
        }
        return value;
    }
    // For "for x in EXPR if COND": no conditional expression at the top.
    ExprPtr parseTernaryless() { return parseOr(); }

    ExprPtr parseOr() {
        ExprPtr left = parseAnd();
        while (isName("or")) {
            auto e = node<Expr>(Expr::Kind::Or, next());
            e->a = std::move(left);
            e->b = parseAnd();
            left = built(std::move(e));
        }
        return left;
    }
    ExprPtr parseAnd() {
        ExprPtr left = parseNot();
        while (isName("and")) {
            auto e = node<Expr>(Expr::Kind::And, next());
            e->a = std::move(left);
            e->b = parseNot();
            left = built(std::move(e));
        }
        return left;
    }
    ExprPtr parseNot() {
        if (isName("not")) {
            const Nesting nesting(*this, peek());
            auto e = node<Expr>(Expr::Kind::Not, next());
            e->a = parseNot();
            return built(std::move(e));
        }
        return parseCompare();
    }
    ExprPtr parseCompare() {
        ExprPtr left = parseConcat();
        while (true) {
            std::string op;
            if (peek().type == Token::Type::Operator &&
                (peek().text == "==" || peek().text == "!=" || peek().text == "<" || peek().text == ">" ||
                 peek().text == "<=" || peek().text == ">=")) {
                op = peek().text;
            } else if (isName("in")) {
                op = "in";
            } else if (isName("not") && isName("in", 1)) {
                op = "not in";
                next();
            } else {
                return left;
            }
            auto e = node<Expr>(Expr::Kind::Binary, next());
            e->name = op;
            e->a = std::move(left);
            e->b = parseConcat();
            left = built(std::move(e));
        }
    }
    ExprPtr parseConcat() {
        ExprPtr left = parseAdditive();
        while (isOp("~")) {
            auto e = node<Expr>(Expr::Kind::Binary, next());
            e->name = "~";
            e->a = std::move(left);
            e->b = parseAdditive();
            left = built(std::move(e));
        }
        return left;
    }
    ExprPtr parseAdditive() {
        ExprPtr left = parseMultiplicative();
        while (isOp("+") || isOp("-")) {
            auto e = node<Expr>(Expr::Kind::Binary, peek());
            e->name = next().text;
            e->a = std::move(left);
            e->b = parseMultiplicative();
            left = built(std::move(e));
        }
        return left;
    }
    ExprPtr parseMultiplicative() {
        ExprPtr left = parseUnary();
        while (isOp("*") || isOp("/") || isOp("//") || isOp("%")) {
            auto e = node<Expr>(Expr::Kind::Binary, peek());
            e->name = next().text;
            e->a = std::move(left);
            e->b = parseUnary();
            left = built(std::move(e));
        }
        return left;
    }
    ExprPtr parseUnary() {
        if (isOp("-") || isOp("+")) {
            const Nesting nesting(*this, peek());
            auto e = node<Expr>(Expr::Kind::Unary, peek());
            e->name = next().text;
            e->a = parseUnary();
            return parseFilters(built(std::move(e)));
        }
        return parseFilters(parsePower());
    }
    ExprPtr parsePower() {
        ExprPtr left = parsePostfix(parsePrimary());
        if (isOp("**")) {
            auto e = node<Expr>(Expr::Kind::Binary, next());
            e->name = "**";
            e->a = std::move(left);
            e->b = parseUnary();
            return built(std::move(e));
        }
        return left;
    }

    void parseArguments(std::vector<ExprPtr>& args, std::vector<std::pair<std::string, ExprPtr>>& kwargs) {
        expectOp("(");
        while (!isOp(")")) {
            if (peek().type == Token::Type::Name && isOp("=", 1)) {
                std::string key = next().text;
                next();
                kwargs.emplace_back(std::move(key), parseExpression());
            } else {
                args.push_back(parseExpression());
            }
            if (!isOp(",")) break;
            next();
        }
        expectOp(")");
    }

    ExprPtr parseFilters(ExprPtr value) {
        while (true) {
            if (isOp("|")) {
                auto e = node<Expr>(Expr::Kind::Filter, next());
                e->name = expectName();
                if (isOp("(")) parseArguments(e->items, e->kwargs);
                e->a = std::move(value);
                value = built(std::move(e));
            } else if (isName("is")) {
                auto e = node<Expr>(Expr::Kind::Test, next());
                if (isName("not")) {
                    next();
                    e->negated = true;
                }
                if (isName("none") || isName("true") || isName("false") || isName("None") || isName("True") ||
                    isName("False")) {
                    e->name = next().text;
                    for (auto& ch : e->name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                } else {
                    e->name = expectName();
                }
                if (isOp("(")) {
                    parseArguments(e->items, e->kwargs);
                } else if (peek().type == Token::Type::String || peek().type == Token::Type::Integer ||
                           peek().type == Token::Type::Float ||
                           (peek().type == Token::Type::Name && !isName("and") && !isName("or") && !isName("else") &&
                            !isName("if") && !isName("is") && !isName("in") && !isName("not"))) {
                    e->items.push_back(parsePostfix(parsePrimary()));  // "is divisibleby 3", "is sameas x"
                }
                e->a = std::move(value);
                value = built(std::move(e));
            } else {
                return value;
            }
        }
    }

    ExprPtr parsePostfix(ExprPtr value) {
        while (true) {
            if (isOp(".")) {
                auto e = node<Expr>(Expr::Kind::Attr, next());
                if (peek().type == Token::Type::Integer) {
                    auto index = node<Expr>(Expr::Kind::Literal, peek());
                    index->literal = Value::of(integerLiteral(next()));
                    e->kind = Expr::Kind::Subscript;
                    e->b = std::move(index);
                } else {
                    e->name = expectName();
                }
                e->a = std::move(value);
                value = built(std::move(e));
            } else if (isOp("[")) {
                const Token& at = next();
                ExprPtr parts[3];
                int colons = 0;
                while (!isOp("]")) {
                    if (isOp(":")) {
                        next();
                        if (++colons > 2) fail("too many ':' in a slice", peek());
                        continue;
                    }
                    if (parts[colons]) fail("expected ':' or ']'" + found(), peek());
                    parts[colons] = parseExpression();
                }
                next();
                auto e = node<Expr>(colons ? Expr::Kind::Slice : Expr::Kind::Subscript, at);
                if (!colons && !parts[0]) fail("empty subscript", at);
                e->a = std::move(value);
                e->b = std::move(parts[0]);
                if (colons) {
                    e->c = std::move(parts[1]);
                    e->items.push_back(std::move(parts[2]));
                }
                value = built(std::move(e));
            } else if (isOp("(")) {
                auto e = node<Expr>(Expr::Kind::Call, peek());
                parseArguments(e->items, e->kwargs);
                e->a = std::move(value);
                value = built(std::move(e));
            } else {
                return value;
            }
        }
    }

    ExprPtr parsePrimary() {
        const Token& t = peek();
        switch (t.type) {
            case Token::Type::String: {
                auto e = node<Expr>(Expr::Kind::Literal, t);
                std::string s = next().text;
                while (peek().type == Token::Type::String) s += next().text;  // adjacent literals concatenate
                e->literal = Value::of(std::move(s));
                return e;
            }
            case Token::Type::Integer: {
                auto e = node<Expr>(Expr::Kind::Literal, t);
                e->literal = Value::of(integerLiteral(next()));
                return e;
            }
            case Token::Type::Float: {
                auto e = node<Expr>(Expr::Kind::Literal, t);
                try {
                    e->literal = Value::of(std::stod(next().text));
                } catch (const std::exception&) {
                    fail("number literal out of range", t);
                }
                return e;
            }
            case Token::Type::Name: {
                const std::string& n = t.text;
                auto e = node<Expr>(Expr::Kind::Literal, t);
                if (n == "true" || n == "True")
                    e->literal = Value::of(true);
                else if (n == "false" || n == "False")
                    e->literal = Value::of(false);
                else if (n == "none" || n == "None")
                    e->literal = Value::none();
                else {
                    e->kind = Expr::Kind::Name;
                    e->name = n;
                }
                next();
                return e;
            }
            case Token::Type::Operator:
                if (t.text == "(") {
                    next();
                    ExprPtr first = parseExpression();
                    if (isOp(",")) {  // a tuple: evaluated as a list
                        auto e = node<Expr>(Expr::Kind::List, t);
                        e->items.push_back(std::move(first));
                        while (isOp(",")) {
                            next();
                            if (isOp(")")) break;
                            e->items.push_back(parseExpression());
                        }
                        expectOp(")");
                        return built(std::move(e));
                    }
                    expectOp(")");
                    return first;
                }
                if (t.text == "[") {
                    auto e = node<Expr>(Expr::Kind::List, next());
                    while (!isOp("]")) {
                        e->items.push_back(parseExpression());
                        if (!isOp(",")) break;
                        next();
                    }
                    expectOp("]");
                    return built(std::move(e));
                }
                if (t.text == "{") {
                    auto e = node<Expr>(Expr::Kind::Dict, next());
                    while (!isOp("}")) {
                        e->items.push_back(parseExpression());
                        expectOp(":");
                        e->items.push_back(parseExpression());
                        if (!isOp(",")) break;
                        next();
                    }
                    expectOp("}");
                    return built(std::move(e));
                }
                break;
            default: break;
        }
        fail("expected an expression" + found(), t);
    }

    std::vector<Token> m_t;
    std::size_t m_i = 0;
    int m_nesting = 0;
};

}  // namespace

TemplateAst parseTemplate(std::string_view source) { return Parser(tokenizeTemplate(source)).run(); }

}  // namespace cci::chat
