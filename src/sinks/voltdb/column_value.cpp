#include "sinks/voltdb/column_value.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "sinks/voltdb/client/decimal.h"

namespace ksink::voltdb {
namespace {

constexpr int64_t kPow12 = 1'000'000'000'000;

std::string found(const Value& v) {
  switch (v.kind()) {
    case Kind::Int:
      return "an integer";
    case Kind::Array:
      return "an array";
    case Kind::Object:
      return "an object";
    default:
      return "a " + std::string(kind_name(v.kind()));
  }
}

int64_t integer_max(Type t) {
  switch (t) {
    case Type::TinyInt:
      return std::numeric_limits<int8_t>::max();
    case Type::SmallInt:
      return std::numeric_limits<int16_t>::max();
    case Type::Integer:
      return std::numeric_limits<int32_t>::max();
    default:
      return std::numeric_limits<int64_t>::max();
  }
}

// Optional sign and digits only; false for anything else or on overflow.
bool parse_int(std::string_view s, int64_t& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s.front() == '+') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool looks_integral(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) s.remove_prefix(1);
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool parse_double(std::string_view s, double& out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && std::isfinite(out);
}

// The shortest text that reads back as `d`, which parse_decimal then rounds to scale 12.
std::string double_text(double d) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return ec == std::errc() ? std::string(buf, p) : std::string();
}

// A whole number held by a double or decimal, if it is one and fits int64.
bool whole_number(const Value& v, int64_t& out) {
  if (v.kind() == Kind::Double) {
    double d = v.as_double();
    // 2^63 is exactly representable; every double below it in magnitude converts exactly.
    if (!std::isfinite(d) || std::trunc(d) != d || d >= 9223372036854775808.0 ||
        d < -9223372036854775808.0)
      return false;
    out = static_cast<int64_t>(d);
    return true;
  }
  if (v.kind() == Kind::Decimal || v.kind() == Kind::String) {
    Result<Int128> scaled =
        parse_decimal(v.kind() == Kind::Decimal ? v.as_decimal().text : v.as_string());
    if (!scaled || *scaled % kPow12 != 0) return false;
    Int128 n = *scaled / kPow12;
    if (n > std::numeric_limits<int64_t>::max() || n < std::numeric_limits<int64_t>::min())
      return false;
    out = static_cast<int64_t>(n);
    return true;
  }
  return false;
}

// A parameter starts with its type code; a table cell does not (docs/voltdb-protocol.md
// section 7).
void tag(ByteWriter& out, Type type, bool typed) {
  if (typed) out.i8(static_cast<int8_t>(type));
}

bool integer_param(const Value& v, Type type, ByteWriter& out, std::string& problem, bool typed) {
  const int64_t max = integer_max(type);
  // Built only for an error: this runs for every integer of every record.
  auto expected = [&] {
    return "expected an integer from " + std::to_string(-max) + " to " + std::to_string(max);
  };
  int64_t n = 0;
  switch (v.kind()) {
    case Kind::Int:
      n = v.as_int();
      break;
    case Kind::Bool:
      n = v.as_bool() ? 1 : 0;
      break;
    case Kind::String:
      if (!parse_int(v.as_string(), n) && !whole_number(v, n)) {
        problem = expected() + ", found a string that is not an integer";
        return false;
      }
      break;
    case Kind::Double:
    case Kind::Decimal:
      if (!whole_number(v, n)) {
        problem = expected() + ", found " + found(v) + " that is not a whole number in range";
        return false;
      }
      break;
    default:
      problem = expected() + ", found " + found(v);
      return false;
  }
  // The type's minimum is its NULL, so the range is symmetric.
  if (n > max || n < -max) {
    problem = expected() + ", found " + found(v) + " out of that range";
    return false;
  }
  tag(out, type, typed);
  put_integer(out, type, n);
  return true;
}

bool float_param(const Value& v, ByteWriter& out, std::string& problem, bool typed) {
  double d = 0;
  switch (v.kind()) {
    case Kind::Int:
      d = static_cast<double>(v.as_int());
      break;
    case Kind::Double:
      d = v.as_double();
      break;
    case Kind::Decimal:
      if (!parse_double(v.as_decimal().text, d)) {
        problem = "expected a number, found a decimal out of FLOAT's range";
        return false;
      }
      break;
    case Kind::String:
      if (!parse_double(v.as_string(), d)) {
        problem = "expected a number, found a string that is not a number";
        return false;
      }
      break;
    default:
      problem = "expected a number, found " + found(v);
      return false;
  }
  if (d == null_value::kFloat) {
    problem = "expected a number, found -1.7E308, which VoltDB reads as NULL";
    return false;
  }
  tag(out, Type::Float, typed);
  out.f64(d);
  return true;
}

bool decimal_param(const Value& v, ByteWriter& out, std::string& problem, bool typed) {
  const char* expected = "expected a number with at most 26 digits before the point";
  Result<Int128> scaled = Int128{0};
  switch (v.kind()) {
    case Kind::Int:
      scaled = static_cast<Int128>(v.as_int()) * kPow12;
      break;
    case Kind::Double: {
      if (!std::isfinite(v.as_double())) {
        problem = std::string(expected) + ", found a double that is not finite";
        return false;
      }
      scaled = parse_decimal(double_text(v.as_double()));
      break;
    }
    case Kind::Decimal:
      scaled = parse_decimal(v.as_decimal().text);
      break;
    case Kind::String:
      scaled = parse_decimal(v.as_string());
      if (!scaled) {
        problem = std::string(expected) + ", found a string that is not such a number";
        return false;
      }
      break;
    default:
      problem = std::string(expected) + ", found " + found(v);
      return false;
  }
  // parse_decimal's error quotes the text; say it in our words.
  if (!scaled) {
    problem = std::string(expected) + ", found " + found(v) + " that is too large";
    return false;
  }
  tag(out, Type::Decimal, typed);
  out.i128(*scaled);
  return true;
}

// A text or byte value longer than a whole message could carry (a column without a declared
// size).
bool fits_message(std::string_view bytes, Type type, std::string& problem) {
  Status s = check_length(bytes.size(), type);
  if (!s) problem = s.error().message;
  return s.ok();
}

size_t utf8_characters(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

bool varchar_param(const Value& v, const TableColumn& c, ByteWriter& out, std::string& problem,
                   bool typed, bool* unchecked) {
  // A string is used in place; other values (bytes as base64, as in every JSON ksink writes;
  // numbers) are written as text first.
  std::string converted;
  if (v.kind() != Kind::String) converted = to_text(v);
  const std::string_view text = v.kind() == Kind::String ? std::string_view(v.as_string())
                                                         : std::string_view(converted);
  if (text == "\\N") {
    problem = "found the text \\N, which VoltDB turns into NULL; it cannot be stored as text";
    return false;
  }
  // VARCHAR(n) counts characters; VARCHAR(n BYTES) counts bytes but the catalog does not say
  // which, so characters are checked here and the server still checks bytes.
  // No more bytes than allowed characters: no need to count them.
  const size_t limit = c.size > 0 ? static_cast<size_t>(c.size) : 0;
  size_t chars = limit == 0 || text.size() <= limit ? 0 : utf8_characters(text);
  if (chars > limit && limit > 0) {
    problem = "expected at most " + std::to_string(c.size) + " characters, found " +
              (v.kind() == Kind::String ? "a string of " : found(v) + " whose text has ") +
              std::to_string(chars);
    return false;
  }
  if (!fits_message(text, Type::String, problem)) return false;
  // More bytes than the column's size: fine for VARCHAR(n), refused by VARCHAR(n BYTES).
  if (unchecked && limit > 0 && text.size() > limit) *unchecked = true;
  tag(out, Type::String, typed);
  out.string(text);
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool varbinary_param(const Value& v, const TableColumn& c, ByteWriter& out, std::string& problem,
                     bool typed) {
  std::string bytes;
  if (v.kind() == Kind::Bytes) {
    bytes = v.as_bytes().data;
  } else if (v.kind() == Kind::String) {
    std::string_view s = v.as_string();
    if (s.size() >= 3 && (s[0] == 'X' || s[0] == 'x') && s[1] == '\'' && s.back() == '\'')
      s = s.substr(2, s.size() - 3);
    bool ok = s.size() % 2 == 0;
    for (size_t i = 0; ok && i < s.size(); i += 2) {
      int hi = hex_digit(s[i]), lo = hex_digit(s[i + 1]);
      if (hi < 0 || lo < 0) ok = false;
      bytes.push_back(static_cast<char>(hi * 16 + lo));
    }
    if (!ok) {
      problem = "expected bytes or hex text (0a0b or X'0a0b'), found a string that is not hex";
      return false;
    }
  } else {
    problem = "expected bytes or hex text, found " + found(v);
    return false;
  }
  if (c.size > 0 && bytes.size() > static_cast<size_t>(c.size)) {
    problem = "expected at most " + std::to_string(c.size) + " bytes, found " +
              std::to_string(bytes.size());
    return false;
  }
  if (!fits_message(bytes, Type::VarBinary, problem)) return false;
  tag(out, Type::VarBinary, typed);
  out.string(bytes);
  return true;
}

bool timestamp_from_millis(int64_t ms, ByteWriter& out, std::string& problem, bool typed) {
  constexpr int64_t kLimit = std::numeric_limits<int64_t>::max() / 1000;
  if (ms > kLimit || ms < -kLimit) {
    problem = "expected epoch milliseconds, found an integer too large for a TIMESTAMP";
    return false;
  }
  tag(out, Type::Timestamp, typed);
  out.i64(ms * 1000);
  return true;
}

bool timestamp_param(const Value& v, ByteWriter& out, std::string& problem, bool typed,
                     bool* unchecked) {
  int64_t ms = 0;
  switch (v.kind()) {
    case Kind::Int:
      return timestamp_from_millis(v.as_int(), out, problem, typed);
    case Kind::Double:
    case Kind::Decimal:
      if (!whole_number(v, ms)) {
        problem = "expected epoch milliseconds, found " + found(v) + " that is not a whole number";
        return false;
      }
      return timestamp_from_millis(ms, out, problem, typed);
    case Kind::String: {
      const std::string& s = v.as_string();
      // A number in a string means what a number means; VoltDB itself would read it as
      // microseconds, a thousandfold off Kafka's convention.
      if (looks_integral(s)) {
        if (!parse_int(s, ms)) {
          problem = "expected epoch milliseconds, found an integer string too large";
          return false;
        }
        return timestamp_from_millis(ms, out, problem, typed);
      }
      if (s == "\\N") {
        problem = "found the text \\N, which VoltDB turns into NULL";
        return false;
      }
      if (!fits_message(s, Type::String, problem)) return false;
      // A table cell must hold the column's own type: the text can travel only as a parameter.
      if (!typed) {
        problem.clear();
        return false;
      }
      if (unchecked) *unchecked = true;  // text VoltDB may not parse
      tag(out, Type::String, typed);     // VoltDB parses YYYY-MM-DD[ HH:MM:SS[.ffffff]]
      out.string(s);
      return true;
    }
    default:
      problem = "expected epoch milliseconds or a 'YYYY-MM-DD HH:MM:SS' string, found " + found(v);
      return false;
  }
}

}  // namespace

namespace {

// The value, or false with `problem` (empty for a value that can be sent only as a parameter).
bool encode(const Value& v, const TableColumn& column, ByteWriter& out, std::string& problem,
            bool typed, bool* unchecked) {
  switch (column.type) {
    case Type::TinyInt:
    case Type::SmallInt:
    case Type::Integer:
    case Type::BigInt:
      return integer_param(v, column.type, out, problem, typed);
    case Type::Float:
      return float_param(v, out, problem, typed);
    case Type::Decimal:
      return decimal_param(v, out, problem, typed);
    case Type::String:
      return varchar_param(v, column, out, problem, typed, unchecked);
    case Type::VarBinary:
      return varbinary_param(v, column, out, problem, typed);
    case Type::Timestamp:
      return timestamp_param(v, out, problem, typed, unchecked);
    default:
      problem = "the sink cannot write " + column.type_name +
                " columns; leave the field out "
                "(the column then gets NULL)";
      return false;
  }
}

// The NULL of a cell: its type's sentinel (docs/voltdb-protocol.md section 7).
bool null_cell(const TableColumn& column, ByteWriter& out) {
  switch (column.type) {
    case Type::TinyInt:
      out.i8(null_value::kTinyInt);
      return true;
    case Type::SmallInt:
      out.i16(null_value::kSmallInt);
      return true;
    case Type::Integer:
      out.i32(null_value::kInteger);
      return true;
    case Type::BigInt:
      out.i64(null_value::kBigInt);
      return true;
    case Type::Timestamp:
      out.i64(null_value::kTimestamp);
      return true;
    case Type::Float:
      out.f64(null_value::kFloat);
      return true;
    case Type::Decimal:
      out.i128(null_value::kDecimal);
      return true;
    case Type::String:
    case Type::VarBinary:
      out.null_string();
      return true;
    default:
      return false;
  }
}

}  // namespace

bool encode_column_value(const Value& v, const TableColumn& column, ByteWriter& out,
                         std::string& problem, bool* unchecked) {
  if (v.is_null()) {
    out.i8(static_cast<int8_t>(Type::Null));
    return true;
  }
  return encode(v, column, out, problem, true, unchecked);
}

CellStatus encode_column_cell(const Value& v, const TableColumn& column, ByteWriter& out,
                              std::string& problem, bool* unchecked) {
  problem.clear();
  if (v.is_null()) {
    if (null_cell(column, out)) return CellStatus::Written;
    return CellStatus::ParameterOnly;  // a column type the sink does not write: not reached
  }
  if (encode(v, column, out, problem, false, unchecked)) return CellStatus::Written;
  return problem.empty() ? CellStatus::ParameterOnly : CellStatus::Refused;
}

}  // namespace ksink::voltdb
