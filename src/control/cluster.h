// Distributed mode: workers sharing a group.id (and its config and status topics) form one
// cluster. Every worker reads the compacted config topic from the beginning and applies each
// connector's configuration and target state (RUNNING, PAUSED, STOPPED); every worker runs
// tasks.max tasks of every connector in the connector's consumer group, so Kafka spreads the
// partitions over all workers' tasks. Each worker publishes its tasks' states to the status topic
// (keyed by worker), so any worker answers for the whole cluster. Design notes and the
// differences from Kafka Connect: docs/distributed.md.
#pragma once

#include <memory>
#include <string>

#include "control/herder.h"

namespace ksink {

class ClusterHerder final : public Herder {
 public:
  // Makes sure the topics exist (creating them, compacted, when missing), replays the config
  // topic (starting this worker's share of every connector), and keeps applying what any worker
  // writes to it. `worker_id` is this worker's REST address (host:port).
  static Result<std::unique_ptr<ClusterHerder>> start(Config worker, std::string worker_id);
  ~ClusterHerder() override;
  // Leaves the cluster: stops the local tasks (committing what was written) and withdraws this
  // worker's statuses. Idempotent.
  void stop();

  std::string worker_id() const override;
  const Config& worker_config() const override;
  std::string kafka_cluster_id() override;
  Worker& local_worker() override;
  std::vector<std::string> connectors() override;
  Reply<ConnectorInfo> info(const std::string& name) override;
  Reply<ConnectorStatus> status(const std::string& name) override;
  Reply<ConnectorInfo> create(const ConfigMap& config) override;
  Reply<PutResult> put(const ConfigMap& config) override;
  Reply<Done> remove(const std::string& name) override;
  Reply<Done> set_target(const std::string& name, TargetState target) override;
  Reply<ConnectorStatus> restart(const std::string& name, bool include_tasks,
                                 bool only_failed) override;
  Reply<Done> restart_task(const std::string& name, int task) override;

  struct Impl;

 private:
  explicit ClusterHerder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ksink
