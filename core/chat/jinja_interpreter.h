// Renders a parsed chat template with a set of global variables. Stops with a TemplateError (with line/column)
// on runtime errors, raise_exception(), or when the template exceeds the resource limits (loop iterations, call
// depth, output size) - a template that loops without end is stopped, never left running.
#pragma once

#include "chat/jinja_ast.h"

#include <map>
#include <string>

namespace cci::chat {

struct RenderLimits {
    std::size_t maxIterations = 1'000'000;  // loop iterations in total
    std::size_t maxDepth = 64;              // nested macro calls
    std::size_t maxOutputBytes = 64u << 20;
};

std::string renderTemplate(const TemplateAst& ast, const std::map<std::string, Value>& globals,
                           const RenderLimits& limits = {});

}  // namespace cci::chat
