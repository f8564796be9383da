// org.apache.kafka.connect.transforms.Cast$Key / $Value: casts fields, or the whole key or value,
// to int8, int16, int32, int64, float32, float64, boolean or string (Cast.java). `spec` is
// `field:type,...` or a single type for the whole part. Casting follows Java: integer casts
// truncate as (byte)/(short)/(int) do (300 to int8 is 44), a double narrows toward zero and
// saturates, strings parse as Byte.parseByte ... Double.parseDouble do, booleans are 1/0 and
// "true" in any case, a number is true unless its long value is 0, and a string is made as
// Java's toString would (Double.toString, bytes as base64).
//
// ksink has one integer and one floating kind: an intN result is an Int holding the narrowed
// value, a float32 result a Double holding the float's shortest digits (32.1f is 32.1). The
// value's kind stands for Connect's schema type: Int is INT64, Double FLOAT64, Bytes BYTES, and
// a Decimal is what Connect reads through the Decimal schema (BYTES, its value a BigDecimal), so
// it casts like a number and prints as BigDecimal.toString. Arrays and objects cannot be cast.
// A field the spec names and the value lacks is added as null, as Kafka's schemaless path puts
// it. A null part passes unchanged.
#include <limits>

#include "core/json_writer.h"
#include "transforms/java_numbers.h"
#include "transforms/object_fields.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

// Connect's Schema.Type, in its declaration order (EnumSet prints them in this order).
enum class Type {
  INT8,
  INT16,
  INT32,
  INT64,
  FLOAT32,
  FLOAT64,
  BOOLEAN,
  STRING,
  BYTES,
  ARRAY,
  MAP,
  STRUCT
};
constexpr std::string_view kTypeNames[] = {"INT8",    "INT16",   "INT32",   "INT64",
                                           "FLOAT32", "FLOAT64", "BOOLEAN", "STRING",
                                           "BYTES",   "ARRAY",   "MAP",     "STRUCT"};
std::string_view name_of(Type t) { return kTypeNames[static_cast<int>(t)]; }

constexpr std::string_view kOutputTypes =
    "[INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING]";
constexpr std::string_view kInputTypes =
    "[INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]";

// Schema.Type.valueOf(text.trim().toUpperCase(Locale.ROOT)).
std::optional<Type> type_named(std::string_view text) {
  std::string upper;
  for (char c : text) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  for (size_t i = 0; i < std::size(kTypeNames); ++i)
    if (kTypeNames[i] == upper) return static_cast<Type>(i);
  return std::nullopt;
}

bool is_output_type(Type t) { return t <= Type::STRING; }


// Java's integer narrowing: the low bits, sign-extended.
int64_t narrow(int64_t v, Type t) {
  switch (t) {
    case Type::INT8:
      return static_cast<int8_t>(v);
    case Type::INT16:
      return static_cast<int16_t>(v);
    case Type::INT32:
      return static_cast<int32_t>(v);
    default:
      return v;
  }
}

// Kafka's text ("Value (x) was out of range ...") without the value: error messages reach logs
// and dead-letter headers, which never carry record content.
[[noreturn]] void out_of_range() {
  throw DataError("Value was out of range for requested data type");
}

Value to_integer(const Value& v, Type t) {
  switch (v.kind()) {
    case Kind::Int:
      return Value(narrow(v.as_int(), t));
    case Kind::Double:
      // Double.byteValue() is (byte)(int) d: through int, then truncated.
      return Value(t == Type::INT64 ? java_double_to_long(v.as_double())
                                    : narrow(java_double_to_int(v.as_double()), t));
    case Kind::Decimal: {
      auto d = java_parse_decimal(v.as_decimal().text);
      if (!d) out_of_range();
      return Value(narrow(java_decimal_long(*d), t));
    }
    case Kind::Bool:
      return Value(v.as_bool() ? 1 : 0);
    case Kind::String: {
      int64_t min = std::numeric_limits<int64_t>::min(), max = std::numeric_limits<int64_t>::max();
      if (t == Type::INT8) min = -128, max = 127;
      if (t == Type::INT16) min = -32768, max = 32767;
      if (t == Type::INT32)
        min = std::numeric_limits<int32_t>::min(), max = std::numeric_limits<int32_t>::max();
      auto parsed = java_parse_integer(v.as_string(), min, max);
      if (!parsed) out_of_range();
      return Value(*parsed);
    }
    default:
      throw DataError("Unexpected type in Cast transformation: " + java_class(v));
  }
}

Value to_floating(const Value& v, Type t) {
  bool f32 = t == Type::FLOAT32;
  switch (v.kind()) {
    case Kind::Int:
      return Value(f32 ? float_as_double(static_cast<float>(v.as_int()))
                       : static_cast<double>(v.as_int()));
    case Kind::Double:
      return Value(f32 ? float_as_double(static_cast<float>(v.as_double())) : v.as_double());
    case Kind::Decimal: {
      auto d = java_parse_decimal(v.as_decimal().text);
      if (!d) out_of_range();
      return Value(f32 ? java_decimal_float(*d) : java_decimal_double(*d));
    }
    case Kind::Bool:
      return Value(v.as_bool() ? 1.0 : 0.0);
    case Kind::String: {
      auto parsed = f32 ? java_parse_float(v.as_string()) : java_parse_double(v.as_string());
      if (!parsed) out_of_range();
      return Value(*parsed);
    }
    default:
      throw DataError("Unexpected type in Cast transformation: " + java_class(v));
  }
}

Value to_boolean(const Value& v) {
  switch (v.kind()) {
    case Kind::Int:
      return Value(v.as_int() != 0);
    case Kind::Double:
      return Value(java_double_to_long(v.as_double()) != 0);
    case Kind::Decimal: {
      auto d = java_parse_decimal(v.as_decimal().text);
      return Value(d && java_decimal_long(*d) != 0);
    }
    case Kind::Bool:
      return v;
    case Kind::String: {
      const std::string& s = v.as_string();
      bool is_true = s.size() == 4 && (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'r' &&
                     (s[2] | 0x20) == 'u' && (s[3] | 0x20) == 'e';
      return Value(is_true);
    }
    default:
      throw DataError("Unexpected type in Cast transformation: " + java_class(v));
  }
}

Value to_string(const Value& v) {
  switch (v.kind()) {
    case Kind::Int:
      return Value(std::to_string(v.as_int()));
    case Kind::Double:
      return Value(java_double_string(v.as_double()));
    case Kind::Decimal: {
      auto d = java_parse_decimal(v.as_decimal().text);
      return Value(d ? java_decimal_string(*d) : v.as_decimal().text);
    }
    case Kind::Bool:
      return Value(v.as_bool() ? "true" : "false");
    case Kind::String:
      return v;
    case Kind::Bytes:
      return Value(base64_encode(v.as_bytes().data));
    default:
      throw DataError("Unexpected type in Cast transformation: " + java_class(v));
  }
}

// Cast.castValueToType.
Value cast(const Value& v, Type target) {
  if (v.is_null()) return Value();
  if (v.kind() == Kind::Array || v.kind() == Kind::Object) {
    throw DataError("Cast transformation does not support casting from " +
                    std::string(v.kind() == Kind::Array ? "ARRAY" : "MAP") +
                    "; supported types are " + std::string(kInputTypes));
  }
  switch (target) {
    case Type::INT8:
    case Type::INT16:
    case Type::INT32:
    case Type::INT64:
      return to_integer(v, target);
    case Type::FLOAT32:
    case Type::FLOAT64:
      return to_floating(v, target);
    case Type::BOOLEAN:
      return to_boolean(v);
    default:
      return to_string(v);
  }
}

class Cast final : public Transformation {
 public:
  Cast(std::optional<Type> whole, std::vector<std::pair<std::string, Type>> casts, Part part)
      : whole_(whole), casts_(std::move(casts)), part_(part) {}

  bool apply(Record& record) const override {
    Value& part = part_of(record, part_);
    if (part.is_null()) return true;
    if (whole_) {
      Value cast_value = cast(part, *whole_);
      part = std::move(cast_value);
      return true;
    }
    Object& value = require_object(part, "cast types");
    for (const auto& [name, type] : casts_) {
      Value* field = find_field(value, name);
      if (field == nullptr) {
        value.emplace_back(name, Value());
      } else {
        Value cast_value = cast(*field, type);
        *field = std::move(cast_value);
      }
    }
    return true;
  }

 private:
  std::optional<Type> whole_;
  std::vector<std::pair<std::string, Type>> casts_;
  Part part_;
};

std::string java_list_text(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i > 0 ? ", " : "") + items[i];
  return out + "]";
}

std::string unsupported_output(Type t) {
  return "Cast transformation does not support casting to " + std::string(name_of(t)) +
         "; supported types are " + std::string(kOutputTypes);
}

}  // namespace

std::unique_ptr<Transformation> make_cast(TransformSettings& settings, Part part) {
  bool given = settings.has("spec");
  std::vector<std::string> mappings = settings.list("spec");
  // Kafka 3.8's key: schema defaults versus null; ksink has no schema defaults. Read only.
  settings.boolean("replace.null.with.default", true);
  if (!given) return nullptr;
  if (mappings.empty()) {
    settings.problem("spec", "Must specify at least one field to cast.");
    return nullptr;
  }
  // Cast.parseFieldTypes: the first fault ends the reading, with Kafka's own words (including
  // its "renames" key and "ony": the check was copied from ReplaceField).
  std::optional<Type> whole;
  std::vector<std::pair<std::string, Type>> casts;
  for (const auto& mapping : mappings) {
    auto parts = java_split(mapping, ':');
    if (parts.size() > 2) {
      settings.problem("spec",
                       "Invalid value " + java_list_text(mappings) +
                           " for configuration renames: Invalid rename mapping: " + mapping);
      return nullptr;
    }
    if (parts.size() == 1) {
      std::string name(java_trim(parts[0]));
      auto type = type_named(name);
      if (!type) {
        std::string upper;
        for (char c : name) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        settings.problem("spec",
                         "No enum constant org.apache.kafka.connect.data.Schema.Type." + upper);
        return nullptr;
      }
      if (!is_output_type(*type)) {
        settings.problem("spec", unsupported_output(*type));
        return nullptr;
      }
      whole = type;
    } else if (parts.size() == 2) {
      std::string type_text(java_trim(parts[1]));
      auto type = type_named(type_text);
      if (!type) {
        settings.problem("spec", "Invalid type found in casting spec: " + type_text);
        return nullptr;
      }
      if (!is_output_type(*type)) {
        settings.problem("spec", unsupported_output(*type));
        return nullptr;
      }
      std::string field(java_trim(parts[0]));
      bool replaced = false;  // a map in Kafka: the later cast of a field wins
      for (auto& [n, t] : casts)
        if (n == field) t = *type, replaced = true;
      if (!replaced) casts.emplace_back(field, *type);
    }
  }
  if (whole && mappings.size() > 1) {
    settings.problem("spec",
                     "Cast transformations that specify a type to cast the entire value to may ony "
                     "specify a single cast in their spec");
    return nullptr;
  }
  return std::make_unique<Cast>(whole, std::move(casts), part);
}

}  // namespace ksink::transforms
