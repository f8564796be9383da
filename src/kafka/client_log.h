// librdkafka's log lines through ksink's logger: ksink's line format, the connector and task of
// the client that wrote them, librdkafka's syslog levels mapped to ksink's
// (docs/operations.md "Logs"). Without this, librdkafka prints
// `%3|1796274828.138|ERROR|...` to stderr itself.
#pragma once

#include <librdkafka/rdkafka.h>

#include <string>

namespace ksink::kafka {

// What a librdkafka client's opaque points to: the prefix of its log lines ("[sink|task-0]
// Kafka consumer:") and the ksink object that owns the client (for its other callbacks). It must
// outlive the client handle.
struct ClientContext {
  std::string log_prefix;
  void* owner = nullptr;
};

// Routes `conf`'s log lines to ksink's logger with `context`'s prefix; sets the conf's opaque.
void route_logs(rd_kafka_conf_t* conf, const ClientContext* context);

// The owner registered in a client's context, from a callback's opaque.
template <typename T>
T* owner_of(void* opaque) {
  return static_cast<T*>(static_cast<const ClientContext*>(opaque)->owner);
}

}  // namespace ksink::kafka
