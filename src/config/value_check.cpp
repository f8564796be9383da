#include "config/value_check.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>

namespace ksink::config_detail {

std::string_view trim(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && to_lower(a) == to_lower(b);
}

std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> items;
  while (true) {
    size_t comma = s.find(',');
    std::string_view item = trim(s.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return items;
}

namespace {

// Java's Integer.parseInt / Long.parseLong: an optional sign, then decimal digits only.
std::optional<int64_t> parse_integer(std::string_view s, int64_t lo, int64_t hi) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || (s.front() == '-' && s.size() == 1)) return std::nullopt;
  if (s.front() != '-' && (s.front() < '0' || s.front() > '9')) return std::nullopt;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || n < lo || n > hi) return std::nullopt;
  return n;
}

// Finite numbers only: NaN or infinity as a timeout or a size is always a mistake.
std::optional<double> parse_double(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty() || s.front() == '+') return std::nullopt;
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::string format_double(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  return std::string(buf, end);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

// The allowed value matching `v` ignoring case, in its defined spelling.
std::optional<std::string> match_allowed(const ConfigKey& key, std::string_view v) {
  for (const auto& a : key.allowed) {
    if (iequals(a, v)) return a;
  }
  return std::nullopt;
}

Error not_allowed(const ConfigKey& key) {
  return Error{"String must be one of (case insensitive): " + join(key.allowed)};
}

std::optional<std::string> check_range(const ConfigKey& key, double n) {
  if (key.min && n < static_cast<double>(*key.min)) {
    return "Value must be at least " + std::to_string(*key.min);
  }
  if (key.max && n > static_cast<double>(*key.max)) {
    return "Value must be no more than " + std::to_string(*key.max);
  }
  return std::nullopt;
}

std::optional<std::string> check_range(const ConfigKey& key, int64_t n) {
  if (key.min && n < *key.min) return "Value must be at least " + std::to_string(*key.min);
  if (key.max && n > *key.max) return "Value must be no more than " + std::to_string(*key.max);
  return std::nullopt;
}

Error not_a_number(ConfigType t) {
  return Error{"Not a number of type " + std::string(config_type_name(t))};
}

}  // namespace

Result<std::string> check_value(const ConfigKey& key, std::string_view raw, bool run_validator) {
  std::string_view v = trim(raw);
  std::string value;
  switch (key.type) {
    case ConfigType::Int:
    case ConfigType::Long: {
      bool is_int = key.type == ConfigType::Int;
      auto n = parse_integer(
          v, is_int ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int64_t>::min(),
          is_int ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int64_t>::max());
      if (!n) return not_a_number(key.type);
      if (auto fault = check_range(key, *n)) return Error{*fault};
      value = std::to_string(*n);
      break;
    }
    case ConfigType::Double: {
      auto d = parse_double(v);
      if (!d) return not_a_number(key.type);
      if (auto fault = check_range(key, *d)) return Error{*fault};
      value = format_double(*d);
      break;
    }
    case ConfigType::Bool:
      if (iequals(v, "true")) {
        value = "true";
      } else if (iequals(v, "false")) {
        value = "false";
      } else {
        return Error{"Expected value to be either true or false"};
      }
      break;
    case ConfigType::List:
      if (key.allowed.empty()) {
        value = v;
        break;
      }
      // Each item must be allowed; the stored list is rebuilt in the defined spellings.
      for (const auto& item : split_list(v)) {
        auto match = match_allowed(key, item);
        if (!match) return not_allowed(key);
        if (!value.empty()) value += ",";
        value += *match;
      }
      break;
    case ConfigType::String:
    case ConfigType::Password:
    case ConfigType::Class:
      value = v;
      break;
  }
  if (!key.allowed.empty() && key.type != ConfigType::List) {
    auto match = match_allowed(key, value);
    if (!match) return not_allowed(key);
    value = *match;
  }
  if (run_validator && key.validator) {
    if (auto fault = key.validator(value)) return Error{*fault};
  }
  return value;
}

int64_t parse_checked_int(std::string_view s) {
  int64_t n = 0;
  std::from_chars(s.data(), s.data() + s.size(), n);
  return n;
}

double parse_checked_double(std::string_view s) {
  double d = 0;
  std::from_chars(s.data(), s.data() + s.size(), d);
  return d;
}

}  // namespace ksink::config_detail
