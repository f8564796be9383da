// Questions to the Kafka cluster itself: its id, as the REST API's GET / reports it, and whether
// a broker answers at all (the worker's health, GET /health).
#pragma once

#include <string>

#include <librdkafka/rdkafka.h>

#include "config/properties.h"
#include "kafka/client_log.h"

namespace ksink::kafka {

// A client kept open to ask the cluster, again and again: each call is one request to a broker,
// bounded by its timeout.
class ClusterProbe {
 public:
  // `log_prefix` names the client in ksink's log ("Kafka (health probe):").
  ClusterProbe(const ConfigMap& client_settings, const char* log_prefix);
  ~ClusterProbe();
  ClusterProbe(const ClusterProbe&) = delete;
  ClusterProbe& operator=(const ClusterProbe&) = delete;
  // "" when a broker answered within `timeout_ms`; otherwise why not, in librdkafka's words.
  std::string check(int timeout_ms);
  // The cluster's id (waits up to `timeout_ms`); "" on failure.
  std::string cluster_id(int timeout_ms);

 private:
  ClientContext context_;  // outlives rk_: its log lines go through it
  rd_kafka_t* rk_ = nullptr;
  std::string setup_error_;
};

// Asks the cluster at the settings' bootstrap.servers for its id (waits up to `timeout_ms`);
// "" on failure.
std::string query_cluster_id(const ConfigMap& client_settings, int timeout_ms);

}  // namespace ksink::kafka
