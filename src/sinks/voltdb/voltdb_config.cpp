#include "sinks/voltdb/voltdb_config.h"

#include "pipeline/error_policy.h"

namespace ksink::voltdb {

const ConfigDef& voltdb_config_def() {
  static const ConfigDef def = [] {
    ConfigDef d("VoltDB sink");
    d.define({.name = "connect.volt.servers",
              .importance = Importance::High,
              .doc = "Comma-separated VoltDB servers, `host[:port]` (default port 21212). One "
                     "connection per server; a partition's records stay on one connection.",
              .aliases = {"connect.volt.connection.servers"},
              .validator = [](const std::string& v) -> std::optional<std::string> {
                auto parsed = parse_endpoints(v);
                if (parsed) return std::nullopt;
                return parsed.error().message;
              }});
    d.define({.name = "connect.volt.username",
              .default_value = "",
              .importance = Importance::High,
              .doc = "VoltDB user; empty when security is off.",
              .aliases = {"connect.volt.connection.user"}});
    d.define({.name = "connect.volt.password",
              .type = ConfigType::Password,
              .default_value = "",
              .importance = Importance::High,
              .doc = "Password of the VoltDB user (sent as its SHA-256 digest). Never logged.",
              .aliases = {"connect.volt.connection.password"}});
    d.define({.name = "connect.volt.kcql",
              .importance = Importance::High,
              .doc = "KCQL statements separated by `;`: `INSERT INTO <table> SELECT ... FROM "
                     "<topic>` calls `<table>.insert`, `UPSERT INTO ...` calls `<table>.upsert` "
                     "(see docs/voltdb-sink.md).",
              .aliases = {"connect.volt.export.route.query"}});
    define_error_policy_keys(d, "connect.volt.", {"connect.volt.sink."});
    d.define({.name = "connect.volt.batch.size",
              .type = ConfigType::Int,
              .default_value = "1000",
              .importance = Importance::Medium,
              .doc = "Most procedure calls in flight per task (and most records the task takes "
                     "from Kafka at once); BATCH = n lowers it per statement.",
              .aliases = {"connect.volt.sink.batch.size"},
              .min = 1,
              .max = 100000});
    d.define({.name = "connect.volt.bulk.enabled",
              .type = ConfigType::Bool,
              .default_value = "true",
              .importance = Importance::Medium,
              .doc = "Load rows in groups per VoltDB partition with @LoadSinglepartitionTable "
                     "(@LoadMultipartitionTable for replicated tables), as VoltDB's own bulk "
                     "loaders do; a group VoltDB refuses is re-sent row by row. false: one "
                     "<table>.insert / <table>.upsert call per record (see "
                     "docs/voltdb-sink.md)."});
    d.define({.name = "connect.volt.bulk.rows",
              .type = ConfigType::Int,
              .default_value = "1000",
              .importance = Importance::Low,
              .doc = "Most rows in one bulk load call (a group is also sent when the task's "
                     "batch ends).",
              .min = 1,
              .max = 100000});
    return d;
  }();
  return def;
}

BulkSettings bulk_settings(const Config& config) {
  return {.enabled = config.get_bool("connect.volt.bulk.enabled"),
          .rows = static_cast<size_t>(config.get_int("connect.volt.bulk.rows"))};
}

Result<ClientOptions> client_options(const Config& config) {
  ClientOptions o;
  auto servers = parse_endpoints(config.get_string("connect.volt.servers"));
  if (!servers) return Error{"connect.volt.servers: " + servers.error().message};
  o.servers = std::move(*servers);
  o.username = config.get_string("connect.volt.username");
  o.password = config.get_string("connect.volt.password");
  o.max_in_flight = static_cast<size_t>(config.get_int("connect.volt.batch.size"));
  // A call that hangs this long holds its batch (and a shutdown) back; VoltDB transactions take
  // milliseconds, so half a minute means the server is in trouble: retry with backoff.
  o.call_timeout = std::chrono::seconds(30);
  o.connect_timeout = std::chrono::seconds(5);
  o.reconnect_max_backoff = std::chrono::seconds(2);
  o.connection_response_timeout = std::chrono::seconds(60);
  return o;
}

}  // namespace ksink::voltdb
