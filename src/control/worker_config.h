// The worker's settings (worker.properties), as Kafka Connect names them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config/config_def.h"

namespace ksink {

// The worker's settings as typed fields, read once from its validated configuration
// (worker_config_def()), so that code using them names fields, not keys.
struct WorkerSettings {
  std::string bootstrap_servers;
  int64_t offset_flush_interval_ms = 60000;
  int64_t offset_flush_timeout_ms = 5000;
  int64_t task_shutdown_graceful_timeout_ms = 5000;
  std::vector<std::string> listeners;
  std::string rest_advertised_host_name;
  int rest_advertised_port = 0;
  // Distributed mode.
  std::string group_id;
  std::string config_storage_topic;
  std::string status_storage_topic;
  int64_t heartbeat_interval_ms = 3000;
  int64_t session_timeout_ms = 10000;
};

WorkerSettings read_worker_settings(const Config& worker);

const ConfigDef& worker_config_def();
// Prefixes passed through untouched: librdkafka client settings and converter settings.
const std::vector<std::string>& worker_passthrough_prefixes();

}  // namespace ksink
