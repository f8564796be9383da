// The id of the Kafka cluster a client reaches, as the REST API's GET / reports it.
#pragma once

#include <string>

#include <librdkafka/rdkafka.h>

#include "config/properties.h"

namespace ksink::kafka {

// Asks the cluster at the settings' bootstrap.servers for its id (waits up to `timeout_ms`);
// "" on failure.
std::string query_cluster_id(const ConfigMap& client_settings, int timeout_ms);

}  // namespace ksink::kafka

namespace ksink::kafka {

// A client kept open to ask the cluster, again and again, whether it answers: each check() is
// one metadata request to a broker, bounded by its timeout (the worker's health, GET /health).
class ClusterProbe {
 public:
  explicit ClusterProbe(const ConfigMap& client_settings);
  ~ClusterProbe();
  ClusterProbe(const ClusterProbe&) = delete;
  ClusterProbe& operator=(const ClusterProbe&) = delete;
  // "" when a broker answered within `timeout_ms`; otherwise why not, in librdkafka's words.
  std::string check(int timeout_ms);

 private:
  rd_kafka_t* rk_ = nullptr;
  std::string setup_error_;
};

}  // namespace ksink::kafka
