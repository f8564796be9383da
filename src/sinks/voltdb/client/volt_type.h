// VoltDB's type codes (wire protocol doc, 5.1) and the NULL sentinel of each type. A sentinel is
// not an ordinary value: an INTEGER -2147483648 on the wire *is* SQL NULL, in both directions.
#pragma once

#include <cstdint>
#include <limits>
#include <string_view>

#include "sinks/voltdb/client/byte_io.h"

namespace ksink::voltdb {

enum class Type : int8_t {
  Null = 1,  // untyped NULL parameter: the server substitutes the NULL of the target type
  TinyInt = 3,
  SmallInt = 4,
  Integer = 5,
  BigInt = 6,
  Float = 8,
  String = 9,      // VARCHAR
  Timestamp = 11,  // microseconds since the epoch
  Date = 12,       // newer servers only (docs/voltdb-protocol.md section 14); an 11.4 server rejects it as a parameter
  VoltTable = 21,
  Decimal = 22,  // scale 12, 16-byte two's complement
  Boolean = 23,  // parameters only, never a column type
  VarBinary = 25,
  GeographyPoint = 26,
  Geography = 27,
  Array = -99,  // marker before an array parameter's element type
};

// "INTEGER", "VARCHAR", … (the SQL names of @SystemCatalog TYPE_NAME); "unknown type" otherwise.
std::string_view type_name(Type t);
// Whether `code` is one this client can encode and decode.
bool known_type(int8_t code);

namespace null_value {
inline constexpr int8_t kTinyInt = std::numeric_limits<int8_t>::min();
inline constexpr int16_t kSmallInt = std::numeric_limits<int16_t>::min();
inline constexpr int32_t kInteger = std::numeric_limits<int32_t>::min();
inline constexpr int64_t kBigInt = std::numeric_limits<int64_t>::min();
inline constexpr int64_t kTimestamp = std::numeric_limits<int64_t>::min();
inline constexpr int32_t kDate = std::numeric_limits<int32_t>::min();
inline constexpr double kFloat = -1.7E308;
inline constexpr Int128 kDecimal = static_cast<Int128>(static_cast<unsigned __int128>(1) << 127);
inline constexpr double kGeographyCoordinate = 360.0;
}  // namespace null_value

}  // namespace ksink::voltdb
