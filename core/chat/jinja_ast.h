// The syntax tree of a parsed chat template: expressions and statements, each with its source line/column.
#pragma once

#include "chat/jinja_value.h"

#include <memory>
#include <string>
#include <vector>

namespace cci::chat {

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;
struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct Expr {
    enum class Kind {
        Literal,
        Name,
        List,
        Dict,
        Attr,
        Subscript,
        Slice,
        Call,
        Filter,
        Test,
        Unary,
        Binary,
        And,
        Or,
        Not,
        Conditional
    };
    Kind kind;
    long line = 0, column = 0;
    Value literal;               // Literal
    std::string name;            // Name, Attr (attribute), Filter/Test name, Unary/Binary operator
    std::vector<ExprPtr> items;  // List / Dict keys+values interleaved / Call, Filter and Test positional args
    std::vector<std::pair<std::string, ExprPtr>> kwargs;  // Call / Filter keyword args
    ExprPtr a, b, c;                                      // operands (object, index, slice parts, condition…)
    bool negated = false;                                 // Test: "is not"
    int height = 1;                                       // levels of this expression tree (a leaf is 1)
};

struct Stmt {
    enum class Kind { Text, Emit, If, For, Set, SetBlock, Macro, Break, Continue };
    Kind kind;
    long line = 0, column = 0;
    std::string text;                                // Text; Set/SetBlock/Macro name
    std::string attribute;                           // Set: "ns.attr" target attribute
    std::vector<std::string> targets;                // For loop variables; Macro parameter names
    std::vector<ExprPtr> defaults;                   // Macro parameter defaults (nullptr = none)
    ExprPtr expr;                                    // Emit / Set value / For iterable
    ExprPtr condition;                               // For "if" filter
    std::vector<std::pair<ExprPtr, Body>> branches;  // If: condition + body (a null condition = else)
    Body body, elseBody;                             // For / SetBlock / Macro bodies
};

struct TemplateAst {
    Body body;
};

}  // namespace cci::chat
