// A transform's or predicate's own keys (`transforms.<alias>.*` without the prefix), read as
// Kafka's ConfigDef reads them: absent keys take their defaults, lists are comma separated and
// trimmed, booleans are true/false in any case. Problems are collected, not thrown, each naming
// the full key (`transforms.unwrap.delete.handling.mode`) in Kafka's own wording.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_def.h"
#include "config/properties.h"

namespace ksink::transforms {

class TransformSettings {
 public:
  // `prefix` is how the keys are spelt in the connector file ("transforms.unwrap.").
  TransformSettings(std::string prefix, ConfigMap values);

  bool has(std::string_view key) const;
  // The raw value, or nullopt when absent.
  std::optional<std::string> raw(std::string_view key) const;

  // Without a default the key is required: "Missing required configuration
  // "transforms.x.field" which has no default value."
  std::string string(std::string_view key, std::optional<std::string_view> fallback = {});
  std::vector<std::string> list(std::string_view key,
                                std::optional<std::vector<std::string>> fallback = {});
  int64_t integer(std::string_view key, int64_t fallback);
  bool boolean(std::string_view key, bool fallback);
  // One of `allowed` (compared ignoring case, as Kafka's CaseInsensitiveValidString); returns the
  // allowed spelling. A bad value: "Invalid value X for configuration K: String must be one of
  // (case insensitive): A, B".
  std::string choice(std::string_view key, std::string_view fallback,
                     std::initializer_list<std::string_view> allowed);

  // "Invalid value <value> for configuration <prefix><key>: <why>" (Kafka's ConfigException).
  void invalid(std::string_view key, std::string_view value, std::string_view why);
  // Any other problem, as a whole sentence, attributed to <prefix><key>.
  void problem(std::string_view key, std::string message);

  const std::string& prefix() const { return prefix_; }
  std::string full_key(std::string_view key) const { return prefix_ + std::string(key); }
  const std::vector<ConfigProblem>& problems() const { return problems_; }
  bool ok() const { return problems_.empty(); }

 private:
  std::string prefix_;
  ConfigMap values_;
  std::vector<ConfigProblem> problems_;
};

// Kafka's comma-separated list: items trimmed, an empty or blank value is the empty list.
std::vector<std::string> split_list(std::string_view text);

}  // namespace ksink::transforms
