// The text of a KCQL error (docs/kcql.md, "Errors"): where, what, and the statement with a caret.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ksink::kcql {

// "KCQL statement N, column C: message", the statement indented by two spaces, and a caret under
// column C. `offset` is a byte offset into `statement`; the column counts characters from 1, so
// the caret stays under the right place after non-ASCII text.
std::string format_diagnostic(int statement_number, std::string_view statement, size_t offset,
                              std::string_view message);

}  // namespace ksink::kcql
