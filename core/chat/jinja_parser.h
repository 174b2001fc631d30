// Parser of the chat-template language: tokens -> syntax tree. Supports output, if/elif/else, for (with tuple
// targets, loop filter and else), set (names, namespace attributes, blocks), macros, break/continue and the
// generation block; expressions with Jinja's precedence, filters, tests, calls, subscripts and slices.
#pragma once

#include "chat/jinja_ast.h"

#include <string_view>

namespace cci::chat {

// Throws TemplateError with line and column on syntax the subset does not know.
TemplateAst parseTemplate(std::string_view source);

}  // namespace cci::chat
