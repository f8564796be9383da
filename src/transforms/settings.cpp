#include "transforms/settings.h"

#include <charconv>

#include "config/value_check.h"

namespace ksink::transforms {

// Kafka's trim and case-insensitive comparison, as the config module reads values.
using config_detail::iequals;
using config_detail::trim;

// Unlike the config module's list (which drops empty items), Kafka's ConfigDef keeps them
// ("a,,b" is three items): transforms report an empty name where Kafka does.
std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  if (trim(text).empty()) return out;
  size_t start = 0;
  for (;;) {
    size_t comma = text.find(',', start);
    out.emplace_back(trim(text.substr(start, comma == std::string_view::npos ? comma : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

TransformSettings::TransformSettings(std::string prefix, ConfigMap values)
    : prefix_(std::move(prefix)), values_(std::move(values)) {}

bool TransformSettings::has(std::string_view key) const {
  return values_.find(std::string(key)) != values_.end();
}

std::optional<std::string> TransformSettings::raw(std::string_view key) const {
  auto it = values_.find(std::string(key));
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string TransformSettings::string(std::string_view key,
                                      std::optional<std::string_view> fallback) {
  if (auto v = raw(key)) return std::string(trim(*v));
  if (fallback) return std::string(*fallback);
  problem(key, "Missing required configuration \"" + full_key(key) +
                   "\" which has no default value.");
  return {};
}

std::vector<std::string> TransformSettings::list(std::string_view key,
                                                 std::optional<std::vector<std::string>> fallback) {
  if (auto v = raw(key)) return split_list(*v);
  if (fallback) return *fallback;
  problem(key, "Missing required configuration \"" + full_key(key) +
                   "\" which has no default value.");
  return {};
}

int64_t TransformSettings::integer(std::string_view key, int64_t fallback) {
  auto v = raw(key);
  if (!v) return fallback;
  std::string_view t = trim(*v);
  int64_t out = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  if (t.empty() || ec != std::errc() || p != t.data() + t.size()) {
    invalid(key, *v, "Not a number of type LONG");
    return fallback;
  }
  return out;
}

bool TransformSettings::boolean(std::string_view key, bool fallback) {
  auto v = raw(key);
  if (!v) return fallback;
  std::string_view t = trim(*v);
  if (iequals(t, "true")) return true;
  if (iequals(t, "false")) return false;
  invalid(key, *v, "Expected value to be either true or false");
  return fallback;
}

std::string TransformSettings::choice(std::string_view key, std::string_view fallback,
                                      std::initializer_list<std::string_view> allowed) {
  auto v = raw(key);
  if (!v) return std::string(fallback);
  std::string_view t = trim(*v);
  for (std::string_view a : allowed)
    if (iequals(t, a)) return std::string(a);
  std::string why = "String must be one of (case insensitive): ";
  bool first = true;
  for (std::string_view a : allowed) {
    if (!first) why += ", ";
    first = false;
    why += a;
  }
  invalid(key, *v, why);
  return std::string(fallback);
}

void TransformSettings::invalid(std::string_view key, std::string_view value,
                                std::string_view why) {
  std::string m = "Invalid value ";
  m += value;
  m += " for configuration ";
  m += full_key(key);
  m += ": ";
  m += why;
  problem(key, std::move(m));
}

void TransformSettings::problem(std::string_view key, std::string message) {
  problems_.push_back({full_key(key), std::move(message)});
}

}  // namespace ksink::transforms
