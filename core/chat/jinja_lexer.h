// Lexer of the chat-template language: text runs and tag contents as tokens, with Jinja's whitespace control
// ({%- -%}, {{- -}}, {#- -#}) and the trim_blocks / lstrip_blocks behaviour that Hugging Face enables for chat
// templates. Comments are dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cci::chat {

struct Token {
    enum class Type { Text, VarBegin, VarEnd, BlockBegin, BlockEnd, Name, String, Integer, Float, Operator, End };
    Type type;
    std::string text;  // text, name, unescaped string, number or operator
    long line = 1, column = 1;
};

// Throws TemplateError with the line/column of malformed input (unterminated tag or string, stray character).
std::vector<Token> tokenizeTemplate(std::string_view source);

}  // namespace cci::chat
