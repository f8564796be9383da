// The tokens of a KCQL statement, and the splitting of a setting into statements.
//
// The lexer does not tell keywords from names: `ttl` is a clause keyword after FROM but a fine
// column name after SELECT, so only the parser, which knows the position, can decide.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ksink::kcql {

enum class TokenKind {
  Word,        // a run of name characters: letters, digits, _ @ - + / : { } and non-ASCII bytes
  Number,      // a Word made of digits only
  Backticked,  // `name`: one name part, whatever it holds
  String,      // 'text'
  Star,
  Comma,
  Dot,
  LParen,
  RParen,
  Equals,
  Unterminated,  // a quote or back-tick never closed; runs to the end of the statement
  Invalid,       // one character KCQL has no use for
  End,
};

struct Token {
  TokenKind kind = TokenKind::End;
  size_t begin = 0;  // byte offsets into the statement text
  size_t end = 0;
  std::string_view text;  // as written, quotes included
  std::string value;      // Backticked and String: the content, doubled quotes undone
};

// The statement's tokens; the last one is always End (at the end of the text).
std::vector<Token> tokenize(std::string_view statement);

// The statements of a setting: split at `;` outside quotes and back-ticks, each trimmed, empty
// ones dropped. The views point into `text`.
std::vector<std::string_view> split_statements(std::string_view text);

bool is_space(char c);

}  // namespace ksink::kcql
