// A connector: one validated configuration and its tasks, in one of the target states Kafka
// Connect knows (RUNNING, PAUSED, STOPPED: no tasks at all).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "control/worker_config.h"
#include "control/connector_config.h"
#include "pipeline/task.h"

namespace ksink {

class Connector {
 public:
  // `embedded_kafka`: the worker's Kafka is ksink's embedded one (Worker::embedded_kafka()).
  Connector(std::shared_ptr<const ConnectorSpec> spec, const Config& worker, bool embedded_kafka);
  ~Connector();

  // Starts the tasks (RUNNING). Does nothing when they run already.
  void start();
  // Stops the tasks (committing what was written) and drops them: STOPPED. Tasks numbered below
  // `keep_membership_below` keep their static group membership (a replacement with the same
  // number takes their partitions at once); the others leave the group (connector deleted or
  // stopped, task count reduced).
  void stop(int keep_membership_below = 0);
  // Stops every task by `deadline`, keeping their group membership (the process is stopping).
  // False when a task was still running at the deadline: it is left running (stuck writing to
  // its target) and the caller must end the process without destroying the connector.
  bool stop_by(std::chrono::steady_clock::time_point deadline);
  void request_stop(std::chrono::steady_clock::time_point deadline);
  // Tasks stay in their consumer group but fetch nothing: PAUSED. From STOPPED, the tasks are
  // created paused.
  void pause();
  // Back to RUNNING, from PAUSED or STOPPED.
  void resume();
  // Replaces every task (or only the FAILED ones) with a fresh one that reads on from the
  // committed offsets; returns the ids replaced. Paused tasks come back paused.
  std::vector<int> restart_tasks(bool only_failed);
  // The same for one task; false when there is no task `id`.
  bool restart_task(int id);

  const ConnectorSpec& spec() const { return *spec_; }
  std::shared_ptr<const ConnectorSpec> shared_spec() const { return spec_; }
  State state() const;
  std::vector<TaskStatus> task_statuses() const;
  // Calls `f(task id, its metrics)` for each task, with the tasks held still.
  void visit_task_metrics(const std::function<void(int, const TaskMetrics&)>& f) const;
  const std::vector<std::unique_ptr<Task>>& tasks() const { return tasks_; }

 private:
  std::unique_ptr<Task> make_task(int id, bool paused) const;
  void spawn_tasks(bool paused);  // with mu_ held
  // Waits for a task asked to stop until `deadline` (and a second's grace); a task still
  // running then is abandoned and `t` left empty. With mu_ held.
  void await_stop(std::unique_ptr<Task>& t, std::chrono::steady_clock::time_point deadline);
  // Stops one task keeping its group membership (it is being replaced). With mu_ held.
  void stop_one(std::unique_ptr<Task>& t);

  std::shared_ptr<const ConnectorSpec> spec_;
  TaskSettings settings_;
  WorkerSettings worker_settings_;
  bool static_membership_ = true;  // false: the user's group.instance.id is used as given
  std::vector<std::unique_ptr<Task>> tasks_;
  mutable std::mutex mu_;
  State state_ = State::Unassigned;
};

// librdkafka settings of a connector's consumers: the worker's bootstrap servers and consumer.*
// keys, Kafka Connect's sink defaults, then the connector's consumer.override.* keys.
ConfigMap consumer_settings(const Config& worker, const WorkerSettings& ws,
                            const ConnectorSpec& spec);
// The static group membership id of a connector's task (group.instance.id), stable across
// restarts of the same worker: "ksink-<worker host>_<port>-<connector>-<task>" in the characters
// Kafka allows, at most 249 of them.
std::string static_member_id(const WorkerSettings& ws, const std::string& connector, int task);
ConfigMap producer_settings(const Config& worker, const WorkerSettings& ws,
                            const ConnectorSpec& spec);

}  // namespace ksink
