// The worker owns the connectors of this process: in standalone mode the ones given on the
// command line and those created through the REST API; in distributed mode the local share of
// the cluster's connectors (control/cluster.h).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "control/connector.h"
#include "control/reply.h"

namespace ksink {

// The state a connector is asked to be in (Kafka Connect's target state).
enum class TargetState { Started, Paused, Stopped };

class Worker {
 public:
  explicit Worker(Config config) : config_(std::move(config)) {}
  ~Worker();

  // Validates and starts a connector; the error lists every problem of its configuration.
  Status add_connector(const ConfigMap& raw);
  // Creates the connector, or replaces the configuration of an existing one when `replace` is
  // set (its tasks restart with the new configuration, in the same target state). 400 with
  // every problem when the configuration is invalid (a running connector is left untouched),
  // 409 when it exists and `replace` is not set. True when it was created.
  Reply<bool> put_connector(const ConfigMap& raw, bool replace,
                            TargetState initial = TargetState::Started);
  // Stops the connector's tasks and forgets it; 404 when unknown.
  Reply<Done> remove_connector(const std::string& name);
  Reply<Done> set_target_state(const std::string& name, TargetState target);

  Connector* find(const std::string& name);
  std::shared_ptr<Connector> get(const std::string& name);
  // The configuration as submitted (not masked).
  std::optional<ConfigMap> raw_config(const std::string& name);
  std::vector<std::string> names();
  // Stops every connector, their tasks leaving their consumer groups (a distributed worker going
  // away: the other workers take the partitions at once).
  void stop_all();
  // The process stopping (standalone): every task stops by `deadline`, keeping its static group
  // membership so that the process started next takes its partitions at once. False when a
  // task was still running a second after the deadline; the connectors are then left as they
  // are and the caller must end the process.
  bool stop_all_by(std::chrono::steady_clock::time_point deadline);
  const Config& config() const { return config_; }
  // Whether bootstrap.servers is ksink's embedded Kafka (librdkafka's mock cluster, told by its
  // cluster id "mockCluster..."), whose consumer groups need other settings
  // (docs/operations.md "Restarting"). False when Kafka cannot be reached in 2 s.
  bool embedded_kafka();

 private:
  struct Entry {
    ConfigMap raw;
    std::shared_ptr<Connector> connector;
  };

  Config config_;
  std::mutex ops_mu_;  // serialises changes (create, replace, delete, state changes)
  std::mutex mu_;      // guards connectors_ for short lookups
  std::map<std::string, Entry> connectors_;
  std::optional<bool> embedded_kafka_;  // asked once, with the first connector (ops_mu_)
};

// Reads and validates worker properties; warnings (unknown keys) are logged.
Result<Config> load_worker_config(const ConfigMap& raw);

}  // namespace ksink
