// The control plane behind the Kafka Connect REST API: what a worker answers for the connectors
// of its cluster. StandaloneHerder manages the connectors of this process; ClusterHerder
// (control/cluster.h) those of every worker sharing a group.id, through Kafka topics.
#pragma once

#include <string>
#include <vector>

#include "control/reply.h"
#include "pipeline/task_status.h"
#include "control/worker.h"

namespace ksink {

struct ConnectorInfo {
  std::string name;
  ConfigMap config;        // secrets as "[hidden]"
  std::vector<int> tasks;  // task ids
};

struct TaskState {
  int id = 0;
  State state = State::Unassigned;
  std::string worker_id;
  std::string trace;  // FAILED only
};

struct ConnectorStatus {
  std::string name;
  State state = State::Unassigned;
  std::string worker_id;
  std::string trace;
  std::vector<TaskState> tasks;
};

struct PutResult {
  ConnectorInfo info;
  bool created = false;
};

class Herder {
 public:
  virtual ~Herder() = default;

  // host:port of this worker's REST listener, as statuses name workers.
  virtual std::string worker_id() const = 0;
  virtual const Config& worker_config() const = 0;
  // The Kafka cluster's id, or "" when it cannot be asked.
  virtual std::string kafka_cluster_id() = 0;
  // The connectors and tasks running in this process (all of them in standalone mode, this
  // worker's share in a cluster): what its metrics describe.
  virtual Worker& local_worker() = 0;

  virtual std::vector<std::string> connectors() = 0;  // sorted
  virtual Reply<ConnectorInfo> info(const std::string& name) = 0;
  virtual Reply<ConnectorStatus> status(const std::string& name) = 0;
  // POST /connectors: `config` holds "name"; 409 when the connector exists.
  virtual Reply<ConnectorInfo> create(const ConfigMap& config) = 0;
  // PUT /connectors/{name}/config: creates or replaces.
  virtual Reply<PutResult> put(const ConfigMap& config) = 0;
  virtual Reply<Done> remove(const std::string& name) = 0;
  virtual Reply<Done> set_target(const std::string& name, TargetState target) = 0;
  // The status to answer is taken before the restart, with RESTARTING where something restarts.
  virtual Reply<ConnectorStatus> restart(const std::string& name, bool include_tasks,
                                         bool only_failed) = 0;
  virtual Reply<Done> restart_task(const std::string& name, int task) = 0;
};

// Secrets of a connector configuration as "[hidden]": keys its sink defines as passwords and
// keys whose names say they are secret.
ConfigMap mask_connector_config(const ConfigMap& raw);

// A PUT that sends back what a GET showed carries "[hidden]" for secrets: those keep the value
// the connector has (`previous`), so editing one key does not overwrite the password.
ConfigMap restore_hidden_secrets(const ConfigMap& submitted, const ConfigMap& previous);

// The configuration checked as a create or update would check it: 400 with Kafka Connect's
// message listing every problem, or nothing.
Reply<Done> check_connector_config(const Config& worker, const ConfigMap& raw);

// A connector name Kafka Connect accepts (not empty, no ISO control characters) that is valid
// UTF-8 and that URLs can address (no surrounding blanks, no '/'). 400 otherwise, with Kafka
// Connect's message where it has one.
Reply<Done> check_connector_name(const std::string& name);

// The status with RESTARTING on what a restart with these options restarts (KIP-745).
ConnectorStatus mark_restarting(ConnectorStatus status, bool include_tasks, bool only_failed);

// The connectors of this process (standalone mode).
class StandaloneHerder final : public Herder {
 public:
  StandaloneHerder(Worker& worker, std::string worker_id)
      : worker_(worker), worker_id_(std::move(worker_id)) {}

  std::string worker_id() const override { return worker_id_; }
  const Config& worker_config() const override { return worker_.config(); }
  std::string kafka_cluster_id() override;
  Worker& local_worker() override { return worker_; }
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

 private:
  Worker& worker_;
  std::string worker_id_;
  std::mutex cluster_id_mu_;
  std::string cluster_id_;
};

}  // namespace ksink
