// A field path given as plain text outside a statement (STOREAS parameters such as
// `score=timestamp` or `longitudeField=location.lng`), read with the same special names as in
// column lists (`_key.id`, `_header.h`, `_topic`, ...).
#pragma once

#include <string_view>

#include "kcql/statement.h"

namespace ksink::kcql {

Path path_from_text(std::string_view text);

}  // namespace ksink::kcql
