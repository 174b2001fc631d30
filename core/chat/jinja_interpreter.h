// Renders a parsed chat template with a set of global variables, as transformers' sandboxed Jinja2 environment
// does. Stops with a TemplateError (with line/column) on runtime errors (an attribute of an undefined value, an
// unsafe method such as list.append, an integer result beyond 64 bits - Python's would grow, ours is refused),
// raise_exception(), or when the template exceeds the resource limits (loop iterations, macro calls and their
// depth, output and value size, time) - a template that loops without end is stopped, never left running.
#pragma once

#include "chat/jinja_ast.h"

#include <map>
#include <string>

namespace cci::chat {

struct RenderLimits {
    std::size_t maxIterations = 1'000'000;   // loop iterations in total; also the longest list a template may build
    std::size_t maxDepth = 64;               // nested macro calls
    std::size_t maxMacroCalls = 1'000'000;   // macro calls in total (a macro calling itself twice per level)
    std::size_t maxOutputBytes = 64u << 20;  // the output, and any one string the template builds
    double maxSeconds = 60;                  // wall-clock time of one render
};

std::string renderTemplate(const TemplateAst& ast, const std::map<std::string, Value>& globals,
                           const RenderLimits& limits = {});

}  // namespace cci::chat
