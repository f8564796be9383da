#include "kcql/diagnostic.h"

#include <algorithm>

#include "kcql/lexer.h"

namespace ksink::kcql {

namespace {

bool is_utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

std::string format_diagnostic(int statement_number, std::string_view statement, size_t offset,
                              std::string_view message) {
  offset = std::min(offset, statement.size());
  size_t column = 1;
  for (size_t i = 0; i < offset; ++i)
    if (!is_utf8_continuation(statement[i])) ++column;

  std::string out = "KCQL statement " + std::to_string(statement_number) + ", column " +
                    std::to_string(column) + ": ";
  out += message;
  out += "\n  ";
  // A statement may span lines or hold tabs; echoing it on one line with plain spaces keeps the
  // caret under the column it names.
  for (char c : statement) out += is_space(c) ? ' ' : c;
  out += "\n  ";
  out.append(column - 1, ' ');
  out += '^';
  return out;
}

}  // namespace ksink::kcql
