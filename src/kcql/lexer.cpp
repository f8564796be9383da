#include "kcql/lexer.h"

namespace ksink::kcql {

namespace {

bool is_name_char(char ch) {
  const auto c = static_cast<unsigned char>(ch);
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '_':
    case '@':
    case '-':
    case '+':
    case '/':
    case ':':
    case '{':
    case '}':
      return true;
    default:
      // Field names come from JSON and Avro documents and may hold any Unicode letter.
      return c >= 0x80;
  }
}

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

bool is_quote(char c) { return c == '\'' || c == '`'; }

// Scans a quoted lexeme starting at `i` (on the opening quote). A doubled quote stands for
// itself, as in SQL. Returns false when the closing quote is missing.
bool scan_quoted(std::string_view s, size_t& i, std::string& content) {
  const char quote = s[i++];
  while (i < s.size()) {
    if (s[i] == quote) {
      if (i + 1 < s.size() && s[i + 1] == quote) {
        content += quote;
        i += 2;
        continue;
      }
      ++i;
      return true;
    }
    content += s[i++];
  }
  return false;
}

TokenKind punctuation(char c) {
  switch (c) {
    case '*':
      return TokenKind::Star;
    case ',':
      return TokenKind::Comma;
    case '.':
      return TokenKind::Dot;
    case '(':
      return TokenKind::LParen;
    case ')':
      return TokenKind::RParen;
    case '=':
      return TokenKind::Equals;
    default:
      return TokenKind::Invalid;
  }
}

}  // namespace

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::vector<Token> tokenize(std::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  for (;;) {
    while (i < s.size() && is_space(s[i])) ++i;
    Token token;
    token.begin = i;
    if (i >= s.size()) {
      token.end = s.size();
      tokens.push_back(std::move(token));
      return tokens;
    }
    const char c = s[i];
    if (is_name_char(c)) {
      while (i < s.size() && is_name_char(s[i])) ++i;
      token.kind =
          all_digits(s.substr(token.begin, i - token.begin)) ? TokenKind::Number : TokenKind::Word;
    } else if (is_quote(c)) {
      const bool closed = scan_quoted(s, i, token.value);
      token.kind = !closed    ? TokenKind::Unterminated
                   : c == '`' ? TokenKind::Backticked
                              : TokenKind::String;
    } else {
      token.kind = punctuation(c);
      ++i;
    }
    token.end = i;
    token.text = s.substr(token.begin, token.end - token.begin);
    tokens.push_back(std::move(token));
  }
}

std::vector<std::string_view> split_statements(std::string_view text) {
  std::vector<std::string_view> statements;
  auto add = [&](size_t begin, size_t end) {
    while (begin < end && is_space(text[begin])) ++begin;
    while (end > begin && is_space(text[end - 1])) --end;
    if (end > begin) statements.push_back(text.substr(begin, end - begin));
  };
  // A doubled quote closes and reopens, so toggling on every quote agrees with scan_quoted().
  char open_quote = 0;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (open_quote) {
      if (c == open_quote) open_quote = 0;
    } else if (is_quote(c)) {
      open_quote = c;
    } else if (c == ';') {
      add(start, i);
      start = i + 1;
    }
  }
  add(start, text.size());
  return statements;
}

}  // namespace ksink::kcql
