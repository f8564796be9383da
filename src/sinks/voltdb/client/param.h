// A typed VoltDB value: a procedure parameter, and (same shape) a cell of a result table.
//
// The type code decides the wire encoding, so a sink builds parameters already converted to the
// column's type (docs/voltdb-protocol.md section 5.3 lists what the server would convert itself). NULL comes in two forms:
// the untyped NULL (type code 1, which the server turns into the NULL of whatever it expects)
// and a typed NULL, sent as that type's sentinel value (volt_type.h). Cells read from a table are
// always typed; a sentinel read from the wire is a NULL cell.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sinks/voltdb/client/byte_io.h"
#include "sinks/voltdb/client/volt_type.h"

namespace ksink::voltdb {

struct GeographyPoint {
  double longitude = 0;
  double latitude = 0;
  bool operator==(const GeographyPoint&) const = default;
};

class Param {
 public:
  Param() = default;  // the untyped NULL

  static Param null() { return {}; }
  // The NULL of `type`, encoded as its sentinel. BOOLEAN and VOLTTABLE have none; encoding such
  // a NULL fails (use null()).
  static Param null_of(Type type);

  // The integer factories take the exact width, so a value cannot overflow its type; the
  // minimum of each width is VoltDB's NULL (use checked_integer to refuse it).
  static Param tinyint(int8_t v) { return with_int(Type::TinyInt, v); }
  static Param smallint(int16_t v) { return with_int(Type::SmallInt, v); }
  static Param integer(int32_t v) { return with_int(Type::Integer, v); }
  static Param bigint(int64_t v) { return with_int(Type::BigInt, v); }
  static Param floating(double v);
  // Note: the two-character text `\N` is turned into NULL by the server (docs/voltdb-protocol.md section 5.1).
  static Param string(std::string v) { return with_bytes(Type::String, std::move(v)); }
  static Param varbinary(std::string bytes) {
    return with_bytes(Type::VarBinary, std::move(bytes));
  }
  static Param timestamp(int64_t micros_since_epoch) {
    return with_int(Type::Timestamp, micros_since_epoch);
  }
  // year << 16 | month << 8 | day; newer servers only.
  static Param date(int32_t packed) { return with_int(Type::Date, packed); }
  // value × 10^12 (decimal.h).
  static Param decimal(Int128 scaled);
  // Decimal text such as "-12.5"; an error names the text when it is no number or too large.
  static Result<Param> decimal(std::string_view text);
  static Param boolean(bool v) { return with_int(Type::Boolean, v ? 1 : 0); }
  static Param geography_point(double longitude, double latitude);
  // The server's serialized polygon, passed through unchanged.
  static Param geography(std::string bytes) {
    return with_bytes(Type::Geography, std::move(bytes));
  }
  // A serialized table (docs/voltdb-protocol.md section 7) including its leading i32 length.
  static Param volt_table(std::string serialized) {
    return with_bytes(Type::VoltTable, std::move(serialized));
  }
  // An array of one scalar type, for Java procedures with array parameters. An element may be
  // null() or null_of(element); a NULL element is sent as the element type's NULL.
  static Param array(Type element, std::vector<Param> elements);

  // An integer for a column of integer type `type` (TINYINT … BIGINT): an error, in words that
  // name the type and its range, when `v` does not fit or is the type's NULL sentinel.
  static Result<Param> checked_integer(Type type, int64_t v);

  Type type() const { return type_; }  // Type::Null for the untyped NULL, Type::Array for arrays
  Type element_type() const { return element_; }  // arrays only
  bool is_null() const { return holds_ == Holds::Nothing; }

  // Accessors for the non-NULL value of the matching type; the wrong one throws
  // std::logic_error.
  int64_t as_int() const {  // integers, TIMESTAMP, DATE, BOOLEAN
    expect(Holds::Int);
    return int_;
  }
  double as_double() const {
    expect(Holds::Double);
    return double_;
  }
  const std::string& as_string() const {  // STRING, VARBINARY, GEOGRAPHY, VOLTTABLE bytes
    expect(Holds::Bytes);
    return bytes_;
  }
  Int128 as_decimal() const {
    expect(Holds::Decimal);
    return decimal_;
  }
  GeographyPoint as_point() const {
    expect(Holds::Point);
    return point_;
  }
  const std::vector<Param>& elements() const {
    expect(Holds::Elements);
    return elements_;
  }

  // "INTEGER 1", "VARCHAR 'a'", "FLOAT NULL": for messages and test output.
  std::string to_string() const;

  bool operator==(const Param&) const = default;

 private:
  // Plain members rather than a std::variant: GCC 12 reports false "maybe uninitialized"
  // warnings for variants moved through Result<> in the sanitizer build, and -Werror is on.
  enum class Holds : uint8_t { Nothing, Int, Double, Bytes, Decimal, Point, Elements };
  static Param with_int(Type type, int64_t v);
  static Param with_bytes(Type type, std::string v);
  // Inline: every parameter of every call is read through an accessor.
  void expect(Holds h) const {
    if (holds_ != h) [[unlikely]]
      mismatch();
  }
  [[noreturn]] void mismatch() const;

  Type type_ = Type::Null;
  Type element_ = Type::Null;
  Holds holds_ = Holds::Nothing;
  int64_t int_ = 0;
  double double_ = 0;
  Int128 decimal_ = 0;
  GeographyPoint point_;
  std::string bytes_;
  std::vector<Param> elements_;
};

// The value bytes of an integer-valued type (TINYINT, SMALLINT, INTEGER, BIGINT, TIMESTAMP,
// DATE, BOOLEAN) at the type's width, without a type code. The caller has checked the range.
inline void put_integer(ByteWriter& w, Type type, int64_t v) {
  switch (type) {
    case Type::TinyInt:
    case Type::Boolean:
      w.i8(static_cast<int8_t>(v));
      return;
    case Type::SmallInt:
      w.i16(static_cast<int16_t>(v));
      return;
    case Type::Integer:
    case Type::Date:
      w.i32(static_cast<int32_t>(v));
      return;
    default:  // BIGINT, TIMESTAMP
      w.i64(v);
      return;
  }
}

// Whether a STRING / VARBINARY / GEOGRAPHY / VOLTTABLE value of `n` bytes fits a message; the
// error names the type and both sizes.
Status check_length(size_t n, Type t);

// Appends one parameter: type code, then value (docs/voltdb-protocol.md section 5.1, 5.2). On error (a value longer than a
// message may be, an array too long or of mixed types, a NULL the type cannot express) the
// error says which, and what was appended must be discarded by the caller.
Status encode_param(ByteWriter& w, const Param& p);
// Appends the i16 count and every parameter; errors name the 0-based parameter index.
Status encode_parameter_set(ByteWriter& w, std::span<const Param> params);

// Reads one value of `type` without a type byte (a table cell, an array element). Sentinels
// become typed NULLs. On failure the reader holds the error.
Param decode_value(ByteReader& r, Type type);
// Reads a parameter set as encode_parameter_set writes it; used by tests and tools.
Result<std::vector<Param>> decode_parameter_set(std::string_view bytes);

}  // namespace ksink::voltdb
