// Built-in filters, tests, string/list/dict methods and global functions of the chat-template language.
#pragma once

#include "chat/jinja_value.h"

#include <optional>
#include <string>

namespace cci::chat {

// Each throws TemplateError (without position; the interpreter adds it) for unknown names or bad arguments.
Value applyFilter(const std::string& name, const Value& input, std::vector<Value>& args, KwArgs& kwargs);
bool applyTest(const std::string& name, const Value& input, std::vector<Value>& args);
// A bound method of a string, list or dict ("strip", "split", "items", …); nullopt when there is none.
std::optional<Value> boundMethod(const Value& object, const std::string& name);
// Python-style indexing helpers (negative indices count from the end; strings index by code point).
Value subscript(const Value& object, const Value& index);
Value slice(const Value& object, const Value& start, const Value& stop, const Value& step);
std::size_t lengthOf(const Value& v);
// Items a for loop iterates over (lists, dict keys, string characters).
Array iterate(const Value& v);

}  // namespace cci::chat
