#include "sinks/voltdb/client/param.h"

#include <cstdio>
#include <stdexcept>

#include "sinks/voltdb/client/decimal.h"
#include "sinks/voltdb/client/frame.h"

namespace ksink::voltdb {
namespace {

constexpr int kMaxArrayElements = 32767;  // i16 count

std::string type_text(Type t) { return std::string(type_name(t)); }

// The value bytes of `p` as type `type`, without the type code; a NULL becomes the sentinel.
Status encode_value(ByteWriter& w, Type type, const Param& p) {
  bool null = p.is_null();
  switch (type) {
    case Type::TinyInt:
      put_integer(w, type, null ? null_value::kTinyInt : p.as_int());
      break;
    case Type::SmallInt:
      put_integer(w, type, null ? null_value::kSmallInt : p.as_int());
      break;
    case Type::Integer:
      put_integer(w, type, null ? null_value::kInteger : p.as_int());
      break;
    case Type::Date:
      put_integer(w, type, null ? null_value::kDate : p.as_int());
      break;
    case Type::BigInt:
      put_integer(w, type, null ? null_value::kBigInt : p.as_int());
      break;
    case Type::Timestamp:
      put_integer(w, type, null ? null_value::kTimestamp : p.as_int());
      break;
    case Type::Float:
      w.f64(null ? null_value::kFloat : p.as_double());
      break;
    case Type::Decimal:
      w.i128(null ? null_value::kDecimal : p.as_decimal());
      break;
    case Type::GeographyPoint:
      if (null) {
        w.f64(null_value::kGeographyCoordinate);
        w.f64(null_value::kGeographyCoordinate);
      } else {
        w.f64(p.as_point().longitude);
        w.f64(p.as_point().latitude);
      }
      break;
    case Type::String:
    case Type::VarBinary:
    case Type::Geography:
      if (null) {
        w.null_string();
      } else {
        if (Status s = check_length(p.as_string().size(), type); !s) return s;
        w.string(p.as_string());
      }
      break;
    case Type::Boolean:
      if (null) return Error{"BOOLEAN has no NULL value; send an untyped NULL instead"};
      put_integer(w, type, p.as_int() ? 1 : 0);
      break;
    case Type::VoltTable: {
      if (null) return Error{"VOLTTABLE has no NULL value; send an untyped NULL instead"};
      const std::string& t = p.as_string();
      if (Status s = check_length(t.size(), type); !s) return s;
      // The table carries its own length; a wrong one would desynchronise the whole request.
      ByteReader r(t);
      int32_t declared = r.i32("table length");
      if (!r.ok() || declared < 0 || static_cast<size_t>(declared) != t.size() - 4)
        return Error{"VOLTTABLE parameter's length prefix does not match its " +
                     std::to_string(t.size()) + " bytes"};
      w.raw(t);
      break;
    }
    case Type::Null:
    case Type::Array:
      return Error{"internal: " + type_text(type) + " has no value encoding"};
    default:
      return Error{"unknown parameter type code " + std::to_string(static_cast<int>(type))};
  }
  return Status::Ok();
}

Status encode_array(ByteWriter& w, const Param& p) {
  Type element = p.element_type();
  if (element == Type::Null || element == Type::Array || !known_type(static_cast<int8_t>(element)))
    return Error{"an array cannot hold elements of type " + type_text(element)};
  const std::vector<Param>& elements = p.elements();
  w.i8(static_cast<int8_t>(Type::Array));
  w.i8(static_cast<int8_t>(element));
  if (element == Type::TinyInt) {
    // TINYINT arrays are the one list with an i32 count: they double as byte arrays.
    if (elements.size() > static_cast<size_t>(kMaxMessageLength))
      return Error{"TINYINT array of " + std::to_string(elements.size()) +
                   " elements exceeds VoltDB's message limit"};
    w.i32(static_cast<int32_t>(elements.size()));
  } else {
    if (elements.size() > kMaxArrayElements)
      return Error{"array of " + std::to_string(elements.size()) + " elements exceeds " +
                   std::to_string(kMaxArrayElements) + ", the most VoltDB accepts"};
    w.i16(static_cast<int16_t>(elements.size()));
  }
  for (size_t i = 0; i < elements.size(); ++i) {
    const Param& e = elements[i];
    if (e.type() != element && e.type() != Type::Null)
      return Error{"array element " + std::to_string(i) + " is " + type_text(e.type()) +
                   " in an array of " + type_text(element)};
    if (Status s = encode_value(w, element, e); !s)
      return Error{"array element " + std::to_string(i) + ": " + s.error().message};
  }
  return Status::Ok();
}

std::string quoted_preview(std::string_view s) {
  constexpr size_t kPreview = 64;
  if (s.size() <= kPreview) return "'" + std::string(s) + "'";
  return "'" + std::string(s.substr(0, kPreview)) + "…' (" + std::to_string(s.size()) + " bytes)";
}

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes.substr(0, 64)) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  if (bytes.size() > 64) out += "…";
  return out;
}

}  // namespace

Status check_length(size_t n, Type t) {
  if (n <= static_cast<size_t>(kMaxMessageLength)) return Status::Ok();
  return Error{type_text(t) + " value of " + std::to_string(n) +
               " bytes exceeds VoltDB's message limit of " + std::to_string(kMaxMessageLength) +
               " bytes"};
}

Param Param::with_int(Type type, int64_t v) {
  Param p;
  p.type_ = type;
  p.holds_ = Holds::Int;
  p.int_ = v;
  return p;
}

Param Param::with_bytes(Type type, std::string v) {
  Param p;
  p.type_ = type;
  p.holds_ = Holds::Bytes;
  p.bytes_ = std::move(v);
  return p;
}

Param Param::floating(double v) {
  Param p;
  p.type_ = Type::Float;
  p.holds_ = Holds::Double;
  p.double_ = v;
  return p;
}

Param Param::decimal(Int128 scaled) {
  Param p;
  p.type_ = Type::Decimal;
  p.holds_ = Holds::Decimal;
  p.decimal_ = scaled;
  return p;
}

Param Param::geography_point(double longitude, double latitude) {
  Param p;
  p.type_ = Type::GeographyPoint;
  p.holds_ = Holds::Point;
  p.point_ = GeographyPoint{longitude, latitude};
  return p;
}

void Param::mismatch() const {
  throw std::logic_error("VoltDB value accessor does not match its type " + type_text(type_) +
                         (is_null() ? " (NULL)" : ""));
}

Param Param::null_of(Type type) {
  Param p;
  p.type_ = type;
  return p;
}

Result<Param> Param::decimal(std::string_view text) {
  Result<Int128> scaled = parse_decimal(text);
  if (!scaled) return scaled.error();
  return decimal(*scaled);
}

Param Param::array(Type element, std::vector<Param> elements) {
  Param p;
  p.type_ = Type::Array;
  p.element_ = element;
  p.holds_ = Holds::Elements;
  p.elements_ = std::move(elements);
  return p;
}

Result<Param> Param::checked_integer(Type type, int64_t v) {
  int64_t max = 0;
  switch (type) {
    case Type::TinyInt:
      max = INT8_MAX;
      break;
    case Type::SmallInt:
      max = INT16_MAX;
      break;
    case Type::Integer:
      max = INT32_MAX;
      break;
    case Type::BigInt:
      max = INT64_MAX;
      break;
    default:
      return Error{type_text(type) + " is not an integer type"};
  }
  // The minimum of each width is its NULL, so the usable range is symmetric.
  if (v < -max || v > max)
    return Error{"value " + std::to_string(v) + " is out of range for " + type_text(type) + " (" +
                 std::to_string(-max) + ".." + std::to_string(max) + ")"};
  return with_int(type, v);
}

std::string Param::to_string() const {
  if (type_ == Type::Null) return "NULL";
  std::string name = type_text(type_);
  if (type_ == Type::Array) {
    std::string out = "ARRAY<" + type_text(element_) + ">[";
    const auto& es = elements();
    for (size_t i = 0; i < es.size(); ++i) {
      if (i) out += ", ";
      out += es[i].to_string();
    }
    return out + "]";
  }
  if (is_null()) return name + " NULL";
  switch (type_) {
    case Type::Float: {
      char buf[40];
      std::snprintf(buf, sizeof buf, "%.17g", as_double());
      return name + " " + buf;
    }
    case Type::String:
      return name + " " + quoted_preview(as_string());
    case Type::VarBinary:
      return name + " X'" + hex(as_string()) + "'";
    case Type::Geography:
    case Type::VoltTable:
      return name + " (" + std::to_string(as_string().size()) + " bytes)";
    case Type::Decimal:
      return name + " " + format_decimal(as_decimal());
    case Type::Boolean:
      return name + (as_int() ? " true" : " false");
    case Type::GeographyPoint: {
      char buf[80];
      std::snprintf(buf, sizeof buf, "(%.17g %.17g)", as_point().longitude, as_point().latitude);
      return name + buf;
    }
    default:
      return name + " " + std::to_string(as_int());
  }
}

Status encode_param(ByteWriter& w, const Param& p) {
  if (p.type() == Type::Null) {
    w.i8(static_cast<int8_t>(Type::Null));
    return Status::Ok();
  }
  if (p.type() == Type::Array) return encode_array(w, p);
  w.i8(static_cast<int8_t>(p.type()));  // an unknown type code fails in encode_value
  return encode_value(w, p.type(), p);
}

Status encode_parameter_set(ByteWriter& w, std::span<const Param> params) {
  if (params.size() > kMaxArrayElements)
    return Error{std::to_string(params.size()) + " parameters exceed " +
                 std::to_string(kMaxArrayElements) + ", the most a call can carry"};
  w.i16(static_cast<int16_t>(params.size()));
  for (size_t i = 0; i < params.size(); ++i)
    if (Status s = encode_param(w, params[i]); !s)
      // The type, not the value: error texts end up in logs, which must not carry record data.
      return Error{"parameter " + std::to_string(i) + " (" + type_text(params[i].type()) +
                   "): " + s.error().message};
  return Status::Ok();
}

Param decode_value(ByteReader& r, Type type) {
  auto typed = [&](bool null, Param value) { return null ? Param::null_of(type) : value; };
  switch (type) {
    case Type::TinyInt: {
      int8_t v = r.i8("TINYINT value");
      return typed(v == null_value::kTinyInt, Param::tinyint(v));
    }
    case Type::SmallInt: {
      int16_t v = r.i16("SMALLINT value");
      return typed(v == null_value::kSmallInt, Param::smallint(v));
    }
    case Type::Integer: {
      int32_t v = r.i32("INTEGER value");
      return typed(v == null_value::kInteger, Param::integer(v));
    }
    case Type::Date: {
      int32_t v = r.i32("DATE value");
      return typed(v == null_value::kDate, Param::date(v));
    }
    case Type::BigInt: {
      int64_t v = r.i64("BIGINT value");
      return typed(v == null_value::kBigInt, Param::bigint(v));
    }
    case Type::Timestamp: {
      int64_t v = r.i64("TIMESTAMP value");
      return typed(v == null_value::kTimestamp, Param::timestamp(v));
    }
    case Type::Float: {
      // Anything at or below the sentinel is NULL, as VoltDB's own readers treat it.
      double v = r.f64("FLOAT value");
      return typed(v <= null_value::kFloat, Param::floating(v));
    }
    case Type::Decimal: {
      Int128 v = r.i128("DECIMAL value");
      return typed(v == null_value::kDecimal, Param::decimal(v));
    }
    case Type::GeographyPoint: {
      double lon = r.f64("GEOGRAPHY_POINT longitude");
      double lat = r.f64("GEOGRAPHY_POINT latitude");
      return typed(
          lon == null_value::kGeographyCoordinate && lat == null_value::kGeographyCoordinate,
          Param::geography_point(lon, lat));
    }
    case Type::String:
    case Type::VarBinary:
    case Type::Geography: {
      std::optional<std::string_view> s = r.string("string value");
      if (!s) return Param::null_of(type);
      if (type == Type::String) return Param::string(std::string(*s));
      if (type == Type::VarBinary) return Param::varbinary(std::string(*s));
      return Param::geography(std::string(*s));
    }
    case Type::Boolean:
      return Param::boolean(r.i8("BOOLEAN value") != 0);
    case Type::VoltTable: {
      std::string_view prefix = r.raw(4, "VOLTTABLE length");
      int32_t length = ByteReader(prefix).i32("VOLTTABLE length");
      if (!r.ok()) return Param::null_of(type);
      if (length < 0) {
        r.fail("malformed message: VOLTTABLE length " + std::to_string(length));
        return Param::null_of(type);
      }
      std::string_view body = r.raw(static_cast<size_t>(length), "VOLTTABLE body");
      return Param::volt_table(std::string(prefix) + std::string(body));
    }
    case Type::Null:
      return Param::null();
    case Type::Array:
      break;
  }
  r.fail("malformed message: unexpected type code " + std::to_string(static_cast<int>(type)) +
         " before offset " + std::to_string(r.offset()));
  return Param::null();
}

Result<std::vector<Param>> decode_parameter_set(std::string_view bytes) {
  ByteReader r(bytes);
  int16_t count = r.i16("parameter count");
  if (r.ok() && count < 0) r.fail("malformed message: parameter count " + std::to_string(count));
  std::vector<Param> params;
  for (int i = 0; r.ok() && i < count; ++i) {
    int8_t code = r.i8("parameter type");
    if (!r.ok()) break;
    if (!known_type(code)) {
      r.fail("malformed message: unknown parameter type code " + std::to_string(code));
      break;
    }
    if (static_cast<Type>(code) != Type::Array) {
      params.push_back(decode_value(r, static_cast<Type>(code)));
      continue;
    }
    auto element = static_cast<Type>(r.i8("array element type"));
    if (!r.ok()) break;
    if (!known_type(static_cast<int8_t>(element)) || element == Type::Array ||
        element == Type::Null) {
      r.fail("malformed message: bad array element type " +
             std::to_string(static_cast<int>(element)));
      break;
    }
    int32_t n = element == Type::TinyInt ? r.i32("array length") : r.i16("array length");
    if (r.ok() && n < 0) r.fail("malformed message: array length " + std::to_string(n));
    std::vector<Param> elements;
    // Each element takes at least one byte, so this bounds the reservation by what was received.
    elements.reserve(std::min<size_t>(static_cast<size_t>(std::max(n, 0)), r.remaining()));
    for (int32_t k = 0; r.ok() && k < n; ++k) elements.push_back(decode_value(r, element));
    params.push_back(Param::array(element, std::move(elements)));
  }
  r.expect_end("parameter set");
  if (!r.ok()) return Error{r.error()};
  return params;
}

}  // namespace ksink::voltdb
