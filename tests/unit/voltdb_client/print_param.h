// How gtest shows a Param in a failed expectation: its text, not its bytes. In a header because
// both the client's tests and the sink's (tests/unit/voltdb) compare Params.
#pragma once

#include <ostream>

#include "sinks/voltdb/client/param.h"

namespace ksink::voltdb {

inline void PrintTo(const Param& p, std::ostream* os) { *os << p.to_string(); }

}  // namespace ksink::voltdb
