#include "control/connector.h"
#include "control/worker_config.h"

#include <spdlog/spdlog.h>

#include "kafka/java_client_keys.h"

namespace ksink {

// The worker's `<client>.` keys, then the connector's `<client>.override.` keys over them.
static ConfigMap user_client_settings(const Config& worker, const ConnectorSpec& spec,
                                      const std::string& client) {
  ConfigMap s = kafka::librdkafka_settings(client + ".", worker.with_prefix(client + "."));
  const std::string overrides = client + ".override.";
  for (auto& [k, v] : kafka::librdkafka_settings(overrides, spec.config.with_prefix(overrides)))
    s[k] = v;
  return s;
}

ConfigMap consumer_settings(const Config& worker, const WorkerSettings& ws,
                            const ConnectorSpec& spec) {
  ConfigMap s;
  s["bootstrap.servers"] = ws.bootstrap_servers;
  s["group.id"] = "connect-" + spec.name;
  s["enable.auto.commit"] = "false";
  s["enable.auto.offset.store"] = "false";
  s["auto.offset.reset"] = "earliest";
  s["client.id"] = "connector-consumer-" + spec.name;
  // Enough prefetch to keep a pipeline busy while bounding memory per task.
  s["queued.max.messages.kbytes"] = "16384";
  s["log_level"] = "3";
  for (auto& [k, v] : user_client_settings(worker, spec, "consumer")) s[k] = v;
  return s;
}

ConfigMap producer_settings(const Config& worker, const WorkerSettings& ws,
                            const ConnectorSpec& spec) {
  ConfigMap s;
  s["bootstrap.servers"] = ws.bootstrap_servers;
  s["client.id"] = "connector-dlq-producer-" + spec.name;
  s["log_level"] = "3";
  for (auto& [k, v] : user_client_settings(worker, spec, "producer")) s[k] = v;
  return s;
}

Connector::Connector(std::shared_ptr<const ConnectorSpec> spec, const Config& worker)
    : spec_(std::move(spec)) {
  const WorkerSettings ws = read_worker_settings(worker);
  settings_.consumer = consumer_settings(worker, ws, *spec_);
  settings_.producer = producer_settings(worker, ws, *spec_);
  // Commit at least every offset.flush.interval.ms, and at most once a second.
  settings_.commit_interval_ms =
      std::min<int64_t>(ws.offset_flush_interval_ms, 1000);
}

Connector::~Connector() { stop(); }

std::unique_ptr<Task> Connector::make_task(int id, bool paused) const {
  TaskSettings ts = settings_;
  ts.consumer["client.id"] += "-" + std::to_string(id);
  auto task = std::make_unique<Task>(spec_, id, std::move(ts));
  if (paused) task->pause();  // before start: the task comes up PAUSED
  return task;
}

void Connector::spawn_tasks(bool paused) {
  const int n = spec_->tasks_max;
  for (int i = 0; i < n; ++i) tasks_.push_back(make_task(i, paused));
  for (auto& t : tasks_) t->start();
  state_ = paused ? State::Paused : State::Running;
  spdlog::info("[{}] Connector started with {} task(s){}", spec_->name, n,
               paused ? " (paused)" : "");
}

void Connector::start() {
  std::lock_guard lock(mu_);
  if (!tasks_.empty()) return;
  spawn_tasks(false);
}

void Connector::stop() {
  std::lock_guard lock(mu_);
  for (auto& t : tasks_) t->stop();
  tasks_.clear();
  if (state_ != State::Unassigned) state_ = State::Stopped;
}

void Connector::pause() {
  std::lock_guard lock(mu_);
  if (tasks_.empty()) {
    spawn_tasks(true);
    return;
  }
  for (auto& t : tasks_) t->pause();
  state_ = State::Paused;
}

void Connector::resume() {
  std::lock_guard lock(mu_);
  if (tasks_.empty()) {
    spawn_tasks(false);
    return;
  }
  for (auto& t : tasks_) t->resume();
  state_ = State::Running;
}

std::vector<int> Connector::restart_tasks(bool only_failed) {
  std::lock_guard lock(mu_);
  std::vector<int> ids;
  for (auto& t : tasks_) {
    if (only_failed && t->status().state != State::Failed) continue;
    const int id = t->id();
    t->stop();
    t = make_task(id, state_ == State::Paused);
    t->start();
    ids.push_back(id);
  }
  if (!ids.empty())
    spdlog::info("[{}] Restarted {} task(s)", spec_->name, ids.size());
  return ids;
}

bool Connector::restart_task(int id) {
  std::lock_guard lock(mu_);
  for (auto& t : tasks_) {
    if (t->id() != id) continue;
    t->stop();
    t = make_task(id, state_ == State::Paused);
    t->start();
    spdlog::info("[{}|task-{}] Task restarted", spec_->name, id);
    return true;
  }
  return false;
}

State Connector::state() const {
  std::lock_guard lock(mu_);
  return state_;
}

void Connector::visit_task_metrics(const std::function<void(int, const TaskMetrics&)>& f) const {
  std::lock_guard lock(mu_);
  for (const auto& t : tasks_) f(t->id(), t->metrics());
}

std::vector<TaskStatus> Connector::task_statuses() const {
  std::lock_guard lock(mu_);
  std::vector<TaskStatus> out;
  for (const auto& t : tasks_) out.push_back(t->status());
  return out;
}

}  // namespace ksink
