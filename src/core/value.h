// The record model's values: what a converter produces and what sinks read. A Value is a typed
// tree (JSON-like, plus bytes and exact decimals) whose kind carries the schema information the
// sinks need: a Double prints as `4830.0`, Bytes print as base64, a Decimal keeps its digits.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace ksink {

class Value;
using Field = std::pair<std::string, Value>;
using Object = std::vector<Field>;  // a vector, not a map: field order is part of the output
using Array = std::vector<Value>;

struct Bytes {
  std::string data;
  bool operator==(const Bytes&) const = default;
};

// An exact decimal as canonical text ("-12.340"): JSON writes it as a number, VoltDB as DECIMAL.
struct Decimal {
  std::string text;
  bool operator==(const Decimal&) const = default;
};

enum class Kind { Null, Bool, Int, Double, String, Bytes, Decimal, Array, Object };

std::string_view kind_name(Kind k);

class Value {
 public:
  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  Value(int v) : v_(int64_t{v}) {}
  Value(int64_t v) : v_(v) {}
  Value(double v) : v_(v) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(Bytes b) : v_(std::move(b)) {}
  Value(Decimal d) : v_(std::move(d)) {}
  Value(Array a) : v_(std::move(a)) {}
  Value(Object o) : v_(std::move(o)) {}

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::Null; }
  bool is_object() const { return kind() == Kind::Object; }

  bool as_bool() const { return std::get<bool>(v_); }
  int64_t as_int() const { return std::get<int64_t>(v_); }
  double as_double() const { return std::get<double>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  std::string& as_string() { return std::get<std::string>(v_); }
  const Bytes& as_bytes() const { return std::get<Bytes>(v_); }
  const Decimal& as_decimal() const { return std::get<Decimal>(v_); }
  const Array& as_array() const { return std::get<Array>(v_); }
  Array& as_array() { return std::get<Array>(v_); }
  const Object& as_object() const { return std::get<Object>(v_); }
  Object& as_object() { return std::get<Object>(v_); }

  // Replaces the value in place: converters build trees with it, without a temporary Value and
  // a variant move per node.
  template <typename T, typename... Args>
  T& emplace(Args&&... args) {
    return v_.template emplace<T>(std::forward<Args>(args)...);
  }

  // Field of an object by exact name; nullptr when absent or when this is not an object.
  const Value* find(std::string_view name) const;
  // Field of an object by name ignoring ASCII case (VoltDB column matching).
  const Value* find_ci(std::string_view name) const;
  // Follows a path of field names through nested objects.
  const Value* at_path(std::span<const std::string> path) const;

  bool operator==(const Value&) const = default;

 private:
  std::variant<std::monostate, bool, int64_t, double, std::string, Bytes, Decimal, Array, Object>
      v_;
};

// The value as a number, for scores and coordinates: integers, floats, decimals and numeric
// strings qualify; anything else does not.
bool numeric_value(const Value& v, double& out);

// The value as text for keys, stream fields and headers: strings as they are, numbers as in the
// JSON output, null as empty, objects and arrays as JSON.
std::string to_text(const Value& v);
void append_text(const Value& v, std::string& out);  // to_text, appended

}  // namespace ksink
