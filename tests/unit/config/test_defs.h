// Small definitions in the shape of the Redis sink's (spec section 6), so the config tests read
// like a user's file without depending on the sink module.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "config/config_def.h"

namespace ksink::testing_defs {

// g++ 12 flags designated initializers that leave members out (-Wmissing-field-initializers),
// so keys are built from the common fields and the rest assigned.
inline ConfigKey key(std::string name, ConfigType type, std::optional<std::string> default_value,
                     Importance importance, std::string doc) {
  ConfigKey k;
  k.name = std::move(name);
  k.type = type;
  k.default_value = std::move(default_value);
  k.importance = importance;
  k.doc = std::move(doc);
  return k;
}

inline ConfigDef redis_def() {
  using enum ConfigType;
  using enum Importance;
  ConfigDef d("Redis sink");

  auto host = key("connect.redis.host", String, std::nullopt, High, "host name");
  host.aliases = {"connect.redis.connection.host"};
  d.define(std::move(host));

  auto port = key("connect.redis.port", Int, "6379", Medium, "port");
  port.aliases = {"connect.redis.connection.port"};
  port.min = 1;
  port.max = 65535;
  d.define(std::move(port));

  auto password =
      key("connect.redis.password", Password, "", Medium, "AUTH password (never logged)");
  password.aliases = {"connect.redis.connection.password"};
  password.validator = [](const std::string& v) -> std::optional<std::string> {
    // Quotes its input on purpose: parse must take the password back out.
    if (v.find(' ') != std::string::npos) return "must not contain spaces: '" + v + "'";
    return std::nullopt;
  };
  d.define(std::move(password));

  auto kcql =
      key("connect.redis.kcql", String, std::nullopt, High, "KCQL statements separated by `;`");
  kcql.aliases = {"connect.redis.export.route.query"};
  d.define(std::move(kcql));

  auto policy = key("connect.redis.error.policy", String, "THROW", Medium,
                    "what to do when a record cannot be written");
  policy.allowed = {"THROW", "NOOP", "RETRY"};
  d.define(std::move(policy));

  auto retries = key("connect.redis.max.retries", Int, "20", Medium, "retries under RETRY");
  retries.aliases = {"connect.redis.max.retires"};
  retries.min = 0;
  d.define(std::move(retries));

  auto interval = key("connect.redis.retry.interval", Long, "60000", Medium, "ms between retries");
  interval.min = 0;
  d.define(std::move(interval));

  auto delimiter = key("connect.redis.pk.delimiter", String, ".", Medium,
                       "joins several PK values into one key");
  delimiter.validator = [](const std::string& v) -> std::optional<std::string> {
    if (v.empty()) return "must not be empty";
    return std::nullopt;
  };
  d.define(std::move(delimiter));

  auto factor = key("connect.redis.load.factor", Double, "0.75", Low, "a double, for the tests");
  factor.max = 1;
  d.define(std::move(factor));

  d.define(key("connect.progress.enabled", Bool, "false", Low,
               "periodic \"records written per topic\" log"));
  return d;
}

inline ConfigDef connector_def() {
  using enum ConfigType;
  using enum Importance;
  ConfigDef d("Connector");
  d.define(key("name", String, std::nullopt, High, "connector name"));
  d.define(key("topics", List, "", High, "topics to consume"));

  auto tasks = key("tasks.max", Int, "1", High, "tasks");
  tasks.min = 1;
  d.define(std::move(tasks));

  auto tolerance =
      key("errors.tolerance", List, "none", Low, "a list with allowed values, for the tests");
  tolerance.allowed = {"none", "all"};
  d.define(std::move(tolerance));

  d.define(key("connect.progress.enabled", Bool, "true", Medium,
               "defined again: the first definition must win"));
  return d;
}

}  // namespace ksink::testing_defs
