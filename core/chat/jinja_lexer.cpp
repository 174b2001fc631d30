// Chat-template lexer (see jinja_lexer.h).
#include "chat/jinja_lexer.h"

#include "chat/jinja_value.h"

#include <cctype>

namespace cci::chat {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

class Lexer {
public:
    explicit Lexer(std::string_view s) : m_s(s) {}

    std::vector<Token> run() {
        bool stripNextText = false;  // after a "-%}" style close
        bool trimNewline = false;    // trim_blocks after %} or #}
        while (m_pos < m_s.size()) {
            const std::size_t open = findTagOpen(m_pos);
            std::string text(m_s.substr(m_pos, open - m_pos));
            if (trimNewline && !text.empty() && text[0] == '\n') text.erase(0, 1);
            if (stripNextText) {
                std::size_t k = 0;
                while (k < text.size() && isSpace(text[k])) ++k;
                text.erase(0, k);
            }
            stripNextText = trimNewline = false;
            if (open == m_s.size()) {
                emitText(std::move(text), m_pos);
                break;
            }
            const char kind = m_s[open + 1];
            const char modifier = open + 2 < m_s.size() ? m_s[open + 2] : '\0';
            if (modifier == '-') {
                while (!text.empty() && isSpace(text.back())) text.pop_back();
            } else if ((kind == '%' || kind == '#') && modifier != '+') {
                // lstrip_blocks: spaces and tabs between the start of a source line and a block tag go.
                std::size_t k = open;
                while (k > 0 && (m_s[k - 1] == ' ' || m_s[k - 1] == '\t')) --k;
                if (k == 0 || m_s[k - 1] == '\n') {
                    for (std::size_t n = open - k;
                         n > 0 && !text.empty() && (text.back() == ' ' || text.back() == '\t'); --n)
                        text.pop_back();
                }
            }
            emitText(std::move(text), m_pos);
            m_pos = open + 2 + ((modifier == '-' || modifier == '+') ? 1 : 0);
            if (kind == '#') {
                const std::size_t close = m_s.find("#}", m_pos);
                if (close == std::string_view::npos) fail("unterminated comment", open);
                stripNextText = close > m_pos && m_s[close - 1] == '-';
                trimNewline = !stripNextText;
                m_pos = close + 2;
                continue;
            }
            push(kind == '{' ? Token::Type::VarBegin : Token::Type::BlockBegin, "", open);
            const char closeChar = kind == '{' ? '}' : '%';
            lexInside(closeChar, open);
            // m_pos is after the closing tag; m_closeTrim tells whether it was "-}}" / "-%}".
            stripNextText = m_closeTrim;
            trimNewline = kind == '%' && !m_closeTrim;
        }
        push(Token::Type::End, "", m_s.size());
        return std::move(m_tokens);
    }

private:
    std::size_t findTagOpen(std::size_t from) const {
        for (std::size_t i = from; i + 1 < m_s.size(); ++i) {
            if (m_s[i] == '{' && (m_s[i + 1] == '{' || m_s[i + 1] == '%' || m_s[i + 1] == '#')) return i;
        }
        return m_s.size();
    }

    void emitText(std::string text, std::size_t at) {
        if (!text.empty()) push(Token::Type::Text, std::move(text), at);
    }

    void push(Token::Type type, std::string text, std::size_t at) {
        const auto [line, column] = position(at);
        m_tokens.push_back({type, std::move(text), line, column});
    }

    // Line and column of a byte offset, counted on from the previous token's (tokens come in source order), so that
    // a large template lexes in linear time.
    std::pair<long, long> position(std::size_t at) const {
        if (at < m_counted) m_counted = 0, m_line = 1, m_column = 1;
        for (; m_counted < at && m_counted < m_s.size(); ++m_counted) {
            if (m_s[m_counted] == '\n') {
                ++m_line;
                m_column = 1;
            } else {
                ++m_column;
            }
        }
        return {m_line, m_column};
    }

    [[noreturn]] void fail(const std::string& message, std::size_t at) const {
        const auto [line, column] = position(at);
        throw TemplateError(message, line, column);
    }

    void lexInside(char closeChar, std::size_t open) {
        m_closeTrim = false;
        while (true) {
            while (m_pos < m_s.size() && isSpace(m_s[m_pos])) ++m_pos;
            if (m_pos >= m_s.size()) fail(closeChar == '}' ? "unterminated {{ … }}" : "unterminated {% … %}", open);
            const char c = m_s[m_pos];
            // Closing: "}}" / "%}" with an optional '-' or '+' before.
            if ((c == '-' || c == '+') && m_pos + 3 <= m_s.size() && m_s[m_pos + 1] == closeChar &&
                m_s[m_pos + 2] == '}') {
                m_closeTrim = c == '-';
                push(closeChar == '}' ? Token::Type::VarEnd : Token::Type::BlockEnd, "", m_pos);
                m_pos += 3;
                return;
            }
            if (c == closeChar && m_pos + 1 < m_s.size() && m_s[m_pos + 1] == '}') {
                push(closeChar == '}' ? Token::Type::VarEnd : Token::Type::BlockEnd, "", m_pos);
                m_pos += 2;
                return;
            }
            const std::size_t start = m_pos;
            if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
                while (m_pos < m_s.size() &&
                       (std::isalnum(static_cast<unsigned char>(m_s[m_pos])) || m_s[m_pos] == '_'))
                    ++m_pos;
                push(Token::Type::Name, std::string(m_s.substr(start, m_pos - start)), start);
            } else if (std::isdigit(static_cast<unsigned char>(c))) {
                while (m_pos < m_s.size() &&
                       (std::isdigit(static_cast<unsigned char>(m_s[m_pos])) || m_s[m_pos] == '_'))
                    ++m_pos;
                bool isFloat = false;
                if (m_pos + 1 < m_s.size() && m_s[m_pos] == '.' &&
                    std::isdigit(static_cast<unsigned char>(m_s[m_pos + 1]))) {
                    isFloat = true;
                    ++m_pos;
                    while (m_pos < m_s.size() && std::isdigit(static_cast<unsigned char>(m_s[m_pos]))) ++m_pos;
                }
                std::string number(m_s.substr(start, m_pos - start));
                std::erase(number, '_');
                push(isFloat ? Token::Type::Float : Token::Type::Integer, number, start);
            } else if (c == '\'' || c == '"') {
                push(Token::Type::String, lexString(c), start);
            } else {
                static const char* const kOperators[] = {"//", "**", "==", "!=", "<=", ">=", "+", "-", "*",
                                                         "/",  "%",  "~",  "<",  ">",  "=",  "(", ")", "[",
                                                         "]",  "{",  "}",  ",",  ".",  ":",  "|"};
                bool matched = false;
                for (const char* op : kOperators) {
                    const std::string_view o(op);
                    if (m_s.substr(m_pos, o.size()) == o) {
                        push(Token::Type::Operator, std::string(o), start);
                        m_pos += o.size();
                        matched = true;
                        break;
                    }
                }
                if (!matched) fail(std::string("unexpected character '") + c + "' in a tag", m_pos);
            }
        }
    }

    std::string lexString(char quote) {
        const std::size_t start = m_pos++;
        std::string out;
        while (true) {
            if (m_pos >= m_s.size()) fail("unterminated string", start);
            const char c = m_s[m_pos++];
            if (c == quote) return out;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_s.size()) fail("unterminated string", start);
            const char e = m_s[m_pos++];
            switch (e) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case '\\': out += '\\'; break;
                case '\'': out += '\''; break;
                case '"': out += '"'; break;
                default: out += '\\'; out += e;
            }
        }
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
    bool m_closeTrim = false;
    std::vector<Token> m_tokens;
    mutable std::size_t m_counted = 0;  // position(): the offset up to which lines are counted, and the count
    mutable long m_line = 1, m_column = 1;
};

}  // namespace

std::vector<Token> tokenizeTemplate(std::string_view source) {
    // A single trailing newline of the template is dropped, as Jinja does by default.
    if (!source.empty() && source.back() == '\n') source.remove_suffix(1);
    return Lexer(source).run();
}

}  // namespace cci::chat
