#include "transforms/transform.h"

namespace ksink::transforms {

std::string_view java_class_name(const Value& v) {
  switch (v.kind()) {
    case Kind::Null:
      return "null";
    case Kind::Bool:
      return "java.lang.Boolean";
    case Kind::Int:
      return "java.lang.Long";
    case Kind::Double:
      return "java.lang.Double";
    case Kind::String:
      return "java.lang.String";
    case Kind::Bytes:
      return "[B";
    case Kind::Decimal:
      return "java.math.BigDecimal";
    case Kind::Array:
      return "java.util.ArrayList";
    case Kind::Object:
      return "java.util.HashMap";
  }
  return "java.lang.Object";
}

std::string java_class(const Value& v) { return "class " + std::string(java_class_name(v)); }

namespace {
[[noreturn]] void not_a_map(const Value& v, std::string_view purpose) {
  std::string m = "Only Map objects supported in absence of schema for [";
  m += purpose;
  m += "], found: ";
  m += java_class_name(v);
  throw DataError(m);
}
}  // namespace

Object& require_object(Value& v, std::string_view purpose) {
  if (!v.is_object()) not_a_map(v, purpose);
  return v.as_object();
}

const Object& require_object(const Value& v, std::string_view purpose) {
  if (!v.is_object()) not_a_map(v, purpose);
  return v.as_object();
}

}  // namespace ksink::transforms
