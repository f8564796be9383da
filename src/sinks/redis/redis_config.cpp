#include "sinks/redis/redis_config.h"

#include "pipeline/error_policy.h"

namespace ksink::redis {

const ConfigDef& redis_config_def() {
  static const ConfigDef def = [] {
    ConfigDef d("Redis sink");
    d.define({.name = "connect.redis.host",
              .importance = Importance::High,
              .doc = "Redis host name. For a Redis Cluster, one or several seed nodes "
                     "`host1:port1,host2:port2` (connect.redis.port for an entry without a port); "
                     "the other nodes are found from them.",
              .aliases = {"connect.redis.connection.host"},
              .validator = [](const std::string& v) -> std::optional<std::string> {
                auto seeds = parse_seeds(v, 6379);
                if (!seeds) return "must be a host or a list host1:port1,host2:port2 (" +
                                   seeds.error().message + ")";
                return std::nullopt;
              }});
    d.define({.name = "connect.redis.port",
              .type = ConfigType::Int,
              .default_value = "6379",
              .importance = Importance::High,
              .doc = "Redis port.",
              .aliases = {"connect.redis.connection.port"},
              .min = 1,
              .max = 65535});
    d.define({.name = "connect.redis.password",
              .type = ConfigType::Password,
              .default_value = "",
              .importance = Importance::High,
              .doc = "AUTH password; leave unset (or empty) when Redis has none. Never logged.",
              .aliases = {"connect.redis.connection.password"}});
    d.define({.name = "connect.redis.username",
              .default_value = "",
              .importance = Importance::Medium,
              .doc = "ACL user for `AUTH user password` (Redis 6+); empty: the default user."});
    d.define({.name = "connect.redis.db",
              .type = ConfigType::Int,
              .default_value = "0",
              .importance = Importance::Medium,
              .doc = "Database index selected with SELECT.",
              .min = 0});
    d.define({.name = "connect.redis.ssl.enabled",
              .type = ConfigType::Bool,
              .default_value = "false",
              .importance = Importance::Medium,
              .doc = "TLS to Redis (its tls-port), TLS 1.2 or later. The server's certificate must "
                     "verify against connect.redis.ssl.ca.file (the system's CAs when empty) and "
                     "name connect.redis.host."});
    d.define({.name = "connect.redis.ssl.ca.file",
              .default_value = "",
              .importance = Importance::Low,
              .doc = "PEM file of the CA certificates that sign Redis' certificate; empty: the "
                     "system's CAs."});
    d.define({.name = "connect.redis.ssl.cert.file",
              .default_value = "",
              .importance = Importance::Low,
              .doc = "PEM client certificate (chain), for a Redis with tls-auth-clients; needs "
                     "connect.redis.ssl.key.file."});
    d.define({.name = "connect.redis.ssl.key.file",
              .default_value = "",
              .importance = Importance::Low,
              .doc = "PEM private key of connect.redis.ssl.cert.file."});
    d.define({.name = "connect.redis.cluster.enabled",
              .default_value = "auto",
              .importance = Importance::Medium,
              .doc = "Redis Cluster: `auto` asks the first reachable node (INFO cluster, "
                     "cluster_enabled:1); `true` writes each key to the master of its hash slot, "
                     "following MOVED and ASK; `false` treats connect.redis.host as one Redis. "
                     "A cluster has database 0 only: connect.redis.db must be 0.",
              .allowed = {"auto", "true", "false"}});
    d.define({.name = "connect.redis.min.replicas.acked",
              .type = ConfigType::Int,
              .default_value = "0",
              .importance = Importance::Medium,
              .doc = "Replicas that must have a write before it counts as written (and its offset "
                     "is committed): `WAIT n timeout` after each pipeline, on every master; fewer "
                     "acknowledgements retry the writes. 0: no WAIT.",
              .min = 0,
              .max = 100});
    d.define({.name = "connect.redis.min.replicas.timeout.ms",
              .type = ConfigType::Int,
              .default_value = "2000",
              .importance = Importance::Low,
              .doc = "How long WAIT waits for connect.redis.min.replicas.acked replicas.",
              .min = 1,
              .max = 9000});
    d.define({.name = "connect.redis.kcql",
              .importance = Importance::High,
              .doc = "KCQL statements separated by `;` (see docs/redis-sink.md).",
              .aliases = {"connect.redis.export.route.query"}});
    define_error_policy_keys(d, "connect.redis.", {}, {"connect.redis.max.retires"});
    d.define({.name = "connect.redis.pk.delimiter",
              .default_value = ".",
              .importance = Importance::Low,
              .doc = "Joins several PK values into one key; KEYDELIMITER overrides it per "
                     "statement."});
    d.define({.name = "connect.redis.batch.size",
              .type = ConfigType::Int,
              .default_value = "1000",
              .importance = Importance::Low,
              .doc = "Most records handed to Redis in one pipeline (one round trip); BATCH = n "
                     "lowers it per statement.",
              .min = 1,
              .max = 100000});
    return d;
  }();
  return def;
}

ConnectionSettings connection_settings(const Config& config) {
  ConnectionSettings s;
  s.host = config.get_string("connect.redis.host");
  s.port = static_cast<int>(config.get_int("connect.redis.port"));
  s.username = config.get_string("connect.redis.username");
  const std::string& password = config.get_string("connect.redis.password");
  if (!password.empty()) s.password = password;
  s.db = static_cast<int>(config.get_int("connect.redis.db"));
  s.tls.enabled = config.get_bool("connect.redis.ssl.enabled");
  s.tls.ca_file = config.get_string("connect.redis.ssl.ca.file");
  s.tls.cert_file = config.get_string("connect.redis.ssl.cert.file");
  s.tls.key_file = config.get_string("connect.redis.ssl.key.file");
  return s;
}

RedisSinkSettings redis_sink_settings(const Config& config) {
  RedisSinkSettings s;
  s.pk_delimiter = config.get_string("connect.redis.pk.delimiter");
  s.batch_size = static_cast<size_t>(config.get_int("connect.redis.batch.size"));
  s.connection = connection_settings(config);
  s.cluster = cluster_settings(config);
  return s;
}

ClusterSettings cluster_settings(const Config& config) {
  ClusterSettings s;
  const std::string& mode = config.get_string("connect.redis.cluster.enabled");
  s.mode = mode == "true" ? ClusterMode::On : mode == "false" ? ClusterMode::Off : ClusterMode::Auto;
  // The validator of connect.redis.host already refused what does not parse.
  auto seeds = parse_seeds(config.get_string("connect.redis.host"),
                           static_cast<int>(config.get_int("connect.redis.port")));
  if (seeds) s.seeds = std::move(*seeds);
  s.acks.replicas = static_cast<int>(config.get_int("connect.redis.min.replicas.acked"));
  s.acks.timeout =
      std::chrono::milliseconds(config.get_int("connect.redis.min.replicas.timeout.ms"));
  return s;
}

}  // namespace ksink::redis
