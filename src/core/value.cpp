#include "core/value.h"

#include <charconv>
#include <cstdlib>

#include "core/json_writer.h"

namespace ksink {

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::Null: return "null";
    case Kind::Bool: return "boolean";
    case Kind::Int: return "integer";
    case Kind::Double: return "double";
    case Kind::String: return "string";
    case Kind::Bytes: return "bytes";
    case Kind::Decimal: return "decimal";
    case Kind::Array: return "array";
    case Kind::Object: return "object";
  }
  return "unknown";
}

const Value* Value::find(std::string_view name) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object())
    if (k == name) return &v;
  return nullptr;
}

static bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const Value* Value::find_ci(std::string_view name) const {
  if (!is_object()) return nullptr;
  if (const Value* exact = find(name)) return exact;
  for (const auto& [k, v] : as_object())
    if (iequals(k, name)) return &v;
  return nullptr;
}

const Value* Value::at_path(std::span<const std::string> path) const {
  const Value* cur = this;
  for (const auto& part : path) {
    cur = cur->find(part);
    if (!cur) return nullptr;
  }
  return cur;
}

static bool parse_double(std::string_view s, double& out) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return false;
  if (s.front() == '+') s.remove_prefix(1);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool numeric_value(const Value& v, double& out) {
  switch (v.kind()) {
    case Kind::Int: out = static_cast<double>(v.as_int()); return true;
    case Kind::Double: out = v.as_double(); return true;
    case Kind::Decimal: return parse_double(v.as_decimal().text, out);
    case Kind::String: return parse_double(v.as_string(), out);
    default: return false;
  }
}

std::string to_text(const Value& v) {
  std::string out;
  append_text(v, out);
  return out;
}

void append_text(const Value& v, std::string& out) {
  switch (v.kind()) {
    case Kind::Null: break;
    case Kind::String: out += v.as_string(); break;
    default: write_json(v, out);
  }
}

}  // namespace ksink
