// Exact decimals as canonical text ("-12.340"), built from the encodings converters meet: an
// unscaled two's-complement big-endian integer plus a scale (Kafka Connect's Decimal, Avro's
// decimal), or a JSON number. Plain notation always: sinks print the text as a JSON number and
// VoltDB parses it as a DECIMAL, and neither should meet an exponent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ksink {

// Scales beyond this are refused: the text of 1 with scale 2^31 would be 2 GB.
inline constexpr int32_t kMaxDecimalScale = 10000;
// Unscaled integers longer than this are refused (about 9,800 digits): conversion is quadratic.
inline constexpr size_t kMaxDecimalBytes = 4096;

// `unscaled` holds at least one byte and at most kMaxDecimalBytes; |scale| <= kMaxDecimalScale.
// Scale 2 and bytes 0x04D2 (1234) give "12.34"; scale 0 gives "1234"; scale -2 gives "123400";
// zero with scale 2 gives "0.00", as Java's BigDecimal.toPlainString().
std::string decimal_from_unscaled(std::string_view unscaled, int32_t scale);

// A JSON number ("12.3", "-1.5e-3", "1E+21") as plain decimal text with at least `scale` digits
// after the point, so "12.3" with scale 2 is "12.30" (what Connect writes for Decimal(scale 2));
// digits beyond the scale are kept, never rounded. False when the text is not a JSON number or the
// result would be longer than kMaxDecimalScale digits past either side of the point.
bool decimal_from_number(std::string_view number, int32_t scale, std::string& out);

}  // namespace ksink
