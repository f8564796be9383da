#include "control/worker_config.h"

#include "convert/converter.h"

namespace ksink {

const ConfigDef& worker_config_def() {
  static const ConfigDef def = [] {
    ConfigDef d("Worker");
    d.define({.name = "bootstrap.servers",
              .default_value = "localhost:9092",
              .importance = Importance::High,
              .doc = "Kafka brokers to bootstrap from, host:port[,host:port...]."});
    d.define({.name = "group.id",
              .default_value = "connect-cluster",
              .importance = Importance::High,
              .doc = "Distributed mode: workers with the same group.id form one cluster."});
    d.define({.name = "key.converter",
              .type = ConfigType::Class,
              .default_value = "org.apache.kafka.connect.json.JsonConverter",
              .importance = Importance::High,
              .doc = "Converter for record keys, by Kafka Connect class name; connectors may "
                     "override it. Settings for it go under `key.converter.`."});
    d.define({.name = "value.converter",
              .type = ConfigType::Class,
              .default_value = "org.apache.kafka.connect.json.JsonConverter",
              .importance = Importance::High,
              .doc = "Converter for record values, by Kafka Connect class name; connectors may "
                     "override it. Settings for it go under `value.converter.`."});
    d.define({.name = "offset.flush.interval.ms",
              .type = ConfigType::Long,
              .default_value = "60000",
              .importance = Importance::Low,
              .doc = "Longest time between offset commits; ksink commits written offsets at "
                     "least this often (and at most once a second).",
              .min = 1});
    d.define({.name = "offset.flush.timeout.ms",
              .type = ConfigType::Long,
              .default_value = "5000",
              .importance = Importance::Low,
              .doc = "Longest wait for Kafka to answer an offset commit; a commit not answered in "
                     "time is retried with the next one (its records stay uncommitted until then).",
              .min = 1});
    // Kafka Connect's WorkerConfig TASK_SHUTDOWN_GRACEFUL_TIMEOUT_MS_CONFIG (LONG, 5000).
    d.define({.name = "task.shutdown.graceful.timeout.ms",
              .type = ConfigType::Long,
              .default_value = "5000",
              .importance = Importance::Low,
              .doc = "Amount of time to wait for tasks to shut down gracefully: the total for all "
                     "tasks, not per task. Within it each task finishes the write in progress, "
                     "commits what was written and closes its consumer; a task still writing at "
                     "the end is abandoned without committing what it had not written. A second "
                     "SIGINT/SIGTERM exits at once.",
              .min = 0});
    d.define({.name = "listeners",
              .type = ConfigType::List,
              .default_value = "http://127.0.0.1:8083",
              .importance = Importance::Low,
              .doc = "REST API listener. A host left empty (`http://:8083`) binds to 127.0.0.1."});
    d.define({.name = "rest.advertised.host.name",
              .default_value = "",
              .importance = Importance::Low,
              .doc = "Host name other workers use to reach this one."});
    d.define({.name = "rest.advertised.port",
              .type = ConfigType::Int,
              .default_value = "0",
              .importance = Importance::Low,
              .doc = "Port other workers use to reach this one (0: the listener's)."});
    d.define({.name = "plugin.path",
              .type = ConfigType::List,
              .default_value = "",
              .importance = Importance::Low,
              .doc = "Accepted and ignored: the sinks are built into ksink."});
    d.define({.name = "config.providers",
              .type = ConfigType::List,
              .default_value = "",
              .importance = Importance::Low,
              .doc = "Names of configuration providers; each needs "
                     "`config.providers.<name>.class`: Kafka's FileConfigProvider, "
                     "DirectoryConfigProvider or EnvVarConfigProvider "
                     "(org.apache.kafka.common.config.provider.*). Connector values "
                     "`${<name>:<path>:<key>}` are then read from them."});
    d.define({.name = "config.storage.topic",
              .default_value = "connect-configs",
              .importance = Importance::Low,
              .doc = "Distributed mode: compacted topic holding connector configurations."});
    d.define({.name = "status.storage.topic",
              .default_value = "connect-status",
              .importance = Importance::Low,
              .doc = "Distributed mode: topic holding connector and task states."});
    d.define({.name = "heartbeat.interval.ms",
              .type = ConfigType::Int,
              .default_value = "3000",
              .importance = Importance::Low,
              .doc = "Distributed mode: how often a worker publishes its tasks' states to the "
                     "status topic (also at once when a state changes).",
              .min = 50});
    d.define({.name = "session.timeout.ms",
              .type = ConfigType::Int,
              .default_value = "10000",
              .importance = Importance::Low,
              .doc = "Distributed mode: a worker not heard from for this long is gone from the "
                     "cluster's statuses. Partitions move with the connectors' consumer groups, "
                     "whose timeout is `consumer.session.timeout.ms`.",
              .min = 100});
    d.define({.name = "offset.storage.topic",
              .default_value = "connect-offsets",
              .importance = Importance::Low,
              .doc = "Accepted for compatibility; sinks keep their offsets in the consumer group."});
    for (const char* k : {"config.storage.replication.factor", "status.storage.replication.factor",
                          "offset.storage.replication.factor"})
      d.define({.name = k,
                .type = ConfigType::Int,
                .default_value = "-1",
                .importance = Importance::Low,
                .doc = "Replication factor of the internal topic when ksink creates it."});
    d.define({.name = "offset.storage.file.filename",
              .default_value = "",
              .importance = Importance::Low,
              .doc = "Accepted for compatibility (standalone source connectors); unused by sinks."});
    return d;
  }();
  return def;
}

WorkerSettings read_worker_settings(const Config& worker) {
  WorkerSettings s;
  s.bootstrap_servers = worker.get_string("bootstrap.servers");
  s.offset_flush_interval_ms = worker.get_int("offset.flush.interval.ms");
  s.offset_flush_timeout_ms = worker.get_int("offset.flush.timeout.ms");
  s.task_shutdown_graceful_timeout_ms = worker.get_int("task.shutdown.graceful.timeout.ms");
  s.listeners = worker.get_list("listeners");
  s.rest_advertised_host_name = worker.get_string("rest.advertised.host.name");
  s.rest_advertised_port = static_cast<int>(worker.get_int("rest.advertised.port"));
  s.group_id = worker.get_string("group.id");
  s.config_storage_topic = worker.get_string("config.storage.topic");
  s.status_storage_topic = worker.get_string("status.storage.topic");
  s.heartbeat_interval_ms = worker.get_int("heartbeat.interval.ms");
  s.session_timeout_ms = worker.get_int("session.timeout.ms");
  return s;
}

const std::vector<std::string>& worker_passthrough_prefixes() {
  static const std::vector<std::string> prefixes = {
      "consumer.", "producer.", "admin.", "key.converter.", "value.converter.",
      "header.converter", "internal.key.converter", "internal.value.converter",
      "config.providers."};
  return prefixes;
}

}  // namespace ksink
