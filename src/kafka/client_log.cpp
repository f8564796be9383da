#include "kafka/client_log.h"

#include <spdlog/spdlog.h>

namespace ksink::kafka {

// librdkafka logs with syslog levels (0 emergency ... 7 debug).
static spdlog::level::level_enum level_of(int syslog_level) {
  if (syslog_level <= 2) return spdlog::level::critical;
  if (syslog_level == 3) return spdlog::level::err;
  if (syslog_level == 4) return spdlog::level::warn;
  if (syslog_level <= 6) return spdlog::level::info;
  return spdlog::level::debug;
}

// Called on librdkafka's own threads; spdlog's logger is thread-safe.
static void log_line(const rd_kafka_t* rk, int level, const char* facility, const char* text) {
  const auto* context = static_cast<const ClientContext*>(rd_kafka_opaque(rk));
  spdlog::log(level_of(level), "{} {} {}", context ? context->log_prefix : "Kafka client:",
              facility, text);
}

void route_logs(rd_kafka_conf_t* conf, const ClientContext* context) {
  rd_kafka_conf_set_opaque(conf, const_cast<ClientContext*>(context));
  rd_kafka_conf_set_log_cb(conf, &log_line);
}

}  // namespace ksink::kafka
