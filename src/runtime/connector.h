// A connector: one validated configuration and its tasks.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "runtime/connector_config.h"
#include "runtime/task.h"

namespace ksink {

class Connector {
 public:
  Connector(std::shared_ptr<const ConnectorSpec> spec, const Config& worker);
  ~Connector();

  void start();
  void stop();
  void pause();
  void resume();

  const ConnectorSpec& spec() const { return *spec_; }
  State state() const;
  std::vector<TaskStatus> task_statuses() const;
  const std::vector<std::unique_ptr<Task>>& tasks() const { return tasks_; }

 private:
  std::shared_ptr<const ConnectorSpec> spec_;
  TaskSettings settings_;
  std::vector<std::unique_ptr<Task>> tasks_;
  mutable std::mutex mu_;
  State state_ = State::Unassigned;
};

// librdkafka settings of a connector's consumers: the worker's bootstrap servers and consumer.*
// keys, Kafka Connect's sink defaults, then the connector's consumer.override.* keys.
ConfigMap consumer_settings(const Config& worker, const ConnectorSpec& spec);
ConfigMap producer_settings(const Config& worker, const ConnectorSpec& spec);

}  // namespace ksink
