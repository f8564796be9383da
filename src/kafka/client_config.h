// librdkafka configuration from ksink's key/value maps, with errors that name the key.
#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>

#include "config/properties.h"
#include "core/result.h"

namespace ksink::kafka {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;

// Applies every entry to a new librdkafka configuration; an unknown or invalid property is an
// error quoting librdkafka's reason and the key (never the value: it may be a SASL secret).
Result<ConfPtr> make_conf(const ConfigMap& settings);

struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;

}  // namespace ksink::kafka
