// librdkafka configuration from ksink's key/value maps, with errors that name the key.
#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>

#include "config/properties.h"
#include "kafka/client_log.h"
#include "core/result.h"

namespace ksink::kafka {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

// Applies every entry to a new librdkafka configuration; an unknown or invalid property is an
// error quoting librdkafka's reason and the key (never the value: it may be a SASL secret).
// The client's log lines go through ksink's logger with `context`'s prefix (kafka/client_log.h);
// `context` becomes the client's opaque and must outlive it.
Result<ConfPtr> make_conf(const ConfigMap& settings, const ClientContext* context);

struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;

}  // namespace ksink::kafka
