// KCQL text -> statements, with errors in the format of docs/kcql.md:
//   KCQL statement 1, column 23: expected SELECT after target 'sink-test', found FROM
//     INSERT INTO sink-test FROM sink-test
//                           ^
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "kcql/statement.h"

namespace ksink::kcql {

// Parses one or more statements separated by `;` (outside quotes and back-ticks; a trailing `;`
// and empty statements are fine). The first error ends parsing.
Result<std::vector<Statement>> parse(std::string_view text);

// One field path written outside a statement, such as a STOREAS parameter (`score=_key.ts`,
// `longitudeField=location.lng`): the special names and rules of column lists. The error says
// what is wrong with the text; the caller says where it came from.
Result<Path> parse_path(std::string_view text);

}  // namespace ksink::kcql
