// VoltDB DECIMAL: a fixed-point number with scale 12 and precision 38 (at most 26 digits before
// the point), carried as the 128-bit integer value × 10^12.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "sinks/voltdb/client/byte_io.h"

namespace ksink::voltdb {

inline constexpr int kDecimalScale = 12;

// Parses "-12.34", "+5", ".5", "1.5e3" into value × 10^12. More than 12 fractional digits are
// rounded half away from zero (so a double's long rendering still fits); a value with more than
// 26 integer digits, or text that is not a number, is an error naming the text.
Result<Int128> parse_decimal(std::string_view text);

// The shortest plain text of a scaled value: 3.25 × 10^12 → "3.25", 5 × 10^12 → "5".
std::string format_decimal(Int128 scaled);

}  // namespace ksink::voltdb
