#include "config/config_def.h"

#include <stdexcept>

#include "config/value_check.h"

namespace ksink {

// Kafka's type names: they appear in messages ("Not a number of type INT") users already know.
std::string_view config_type_name(ConfigType t) {
  switch (t) {
    case ConfigType::String:
      return "STRING";
    case ConfigType::Int:
      return "INT";
    case ConfigType::Long:
      return "LONG";
    case ConfigType::Double:
      return "DOUBLE";
    case ConfigType::Bool:
      return "BOOLEAN";
    case ConfigType::List:
      return "LIST";
    case ConfigType::Password:
      return "PASSWORD";
    case ConfigType::Class:
      return "CLASS";
  }
  return "UNKNOWN";
}

namespace config_detail {

bool is_unset_default(const ConfigKey& key) {
  bool typed = key.type == ConfigType::Int || key.type == ConfigType::Long ||
               key.type == ConfigType::Double || key.type == ConfigType::Bool;
  return typed && key.default_value && trim(*key.default_value).empty();
}

}  // namespace config_detail

// A broken definition is a programming error, so it throws here, at startup, where a test sees
// it, instead of surfacing later as a confusing message about a user's file.
ConfigDef& ConfigDef::define(ConfigKey key) {
  auto fail = [&](const std::string& why) {
    throw std::logic_error("ConfigDef '" + group_ + "': key '" + key.name + "' " + why);
  };
  if (key.name.empty()) fail("has an empty name");
  if (find(key.name)) fail("is defined twice (as a name or an alias)");
  for (const auto& alias : key.aliases) {
    if (alias == key.name || find(alias)) fail("has alias '" + alias + "' that is already used");
  }
  if (key.min && key.max && *key.min > *key.max) fail("has min greater than max");
  if (key.default_value && !config_detail::is_unset_default(key)) {
    auto checked = config_detail::check_value(key, *key.default_value, false);
    if (!checked) {
      // Never print a password default, even in a programming error.
      std::string shown = key.type == ConfigType::Password ? "[hidden]" : *key.default_value;
      fail("has an invalid default '" + shown + "': " + checked.error().message);
    }
    key.default_value = std::move(*checked);
  }
  keys_.push_back(std::move(key));
  return *this;
}

const ConfigKey* ConfigDef::find(std::string_view name) const {
  for (const auto& key : keys_) {
    if (key.name == name) return &key;
    for (const auto& alias : key.aliases) {
      if (alias == name) return &key;
    }
  }
  return nullptr;
}

}  // namespace ksink
