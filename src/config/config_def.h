// Typed configuration definitions: one table per component (worker, connector, each sink) drives
// parsing, validation, alias resolution, secret masking and the generated reference
// docs/configuration.md, as librdkafka's single configuration table does.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/properties.h"

namespace ksink {

enum class ConfigType { String, Int, Long, Double, Bool, List, Password, Class };
enum class Importance { High, Medium, Low };

std::string_view config_type_name(ConfigType t);

struct ConfigKey {
  std::string name;                  // canonical name
  ConfigType type = ConfigType::String;
  std::optional<std::string> default_value;  // nullopt: required
  Importance importance = Importance::Medium;
  std::string doc;
  std::vector<std::string> aliases;  // older spellings, accepted and resolved to `name`
  std::vector<std::string> allowed;  // when not empty: the allowed values, case-insensitive
  std::optional<int64_t> min;        // numeric bounds, inclusive
  std::optional<int64_t> max;
  // Extra check on the text after trimming and type checks (allowed values already in their
  // defined spelling); returns the problem ("must be ...") or nullopt when fine. Not run on
  // defaults.
  std::function<std::optional<std::string>(const std::string&)> validator;
};

class ConfigDef {
 public:
  explicit ConfigDef(std::string group) : group_(std::move(group)) {}
  ConfigDef& define(ConfigKey key);
  const std::string& group() const { return group_; }
  const std::vector<ConfigKey>& keys() const { return keys_; }
  // By canonical name or alias.
  const ConfigKey* find(std::string_view name) const;

 private:
  std::string group_;
  std::vector<ConfigKey> keys_;
};

struct ConfigProblem {
  std::string key;
  std::string message;  // complete sentence naming the key, the value's fault and what is expected
};

// A validated configuration: values typed by their definitions, aliases resolved, defaults
// filled in. Keys under the pass-through prefixes (e.g. "consumer.override.") are kept verbatim.
class Config {
 public:
  // Validates `raw` against the union of `defs`. Problems (missing required keys, values of the
  // wrong type or out of range) go to `problems`, every one of them, not just the first; keys
  // that no definition knows and no prefix allows produce one warning each in `warnings`
  // ("Unknown configuration key 'x' is ignored"). Using an alias produces no warning unless both
  // the alias and the canonical name are given (then the canonical one wins, with a warning).
  static Config parse(const std::vector<const ConfigDef*>& defs, const ConfigMap& raw,
                      const std::vector<std::string>& passthrough_prefixes,
                      std::vector<ConfigProblem>& problems, std::vector<std::string>& warnings);

  bool has(std::string_view name) const;  // set explicitly or by default
  const std::string& get_string(std::string_view name) const;  // also Password, Class
  int64_t get_int(std::string_view name) const;                // Int and Long
  double get_double(std::string_view name) const;
  bool get_bool(std::string_view name) const;
  std::vector<std::string> get_list(std::string_view name) const;  // comma-separated, trimmed
  // Pass-through keys with the prefix removed ("consumer.override.fetch.min.bytes" ->
  // "fetch.min.bytes").
  ConfigMap with_prefix(std::string_view prefix) const;
  // The canonical values (defaults included) with Password values replaced by "[hidden]", as are
  // the values of keys whose name suggests a secret (the rule of mask_secrets), so a pass-through
  // "consumer.override.sasl.jaas.config" is hidden too.
  ConfigMap masked() const;
  const ConfigMap& values() const { return values_; }

 private:
  // What the getters need of a definition, copied so that a Config never depends on how long
  // its ConfigDefs live.
  struct KeyInfo {
    std::string canonical;
    ConfigType type;
  };
  // The stored text of `name` (canonical, alias or pass-through key); throws std::logic_error
  // naming `getter` and the key when it is not defined or has no value.
  const std::string& text_of(std::string_view name, std::string_view getter,
                             const KeyInfo** info) const;

  ConfigMap values_;  // canonical name -> text (validated)
  std::vector<const ConfigDef*> defs_;
  std::map<std::string, KeyInfo, std::less<>> keys_;  // by canonical name and by alias
};

// "[hidden]" for every key of `raw` whose definition (by name or alias) is a Password, or whose
// name suggests a secret (contains "password", "secret", "sasl.jaas.config", "basic.auth.user.info").
ConfigMap mask_secrets(const std::vector<const ConfigDef*>& defs, const ConfigMap& raw);

// Markdown reference of the given definitions, one table per group (name, aliases, type,
// default, valid values, importance, description).
std::string render_config_docs(const std::vector<const ConfigDef*>& defs);

}  // namespace ksink
