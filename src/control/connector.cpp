#include "control/connector.h"
#include "control/worker_config.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>

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
  // Prefetch: enough to keep the task busy while the fetcher is woken for more
  // (kafka/fetch_waker.h), little enough to bound memory per task. A queued record costs about
  // 500 bytes besides its own, and one fetch response adds up to fetch.max.bytes of compressed
  // batches at once (4 MiB of lz4 were 100,000 records) on top of queued.min.messages
  // (docs/performance.md "Prefetch and memory"). Users' consumer.* keys override these.
  s["queued.min.messages"] = "20000";
  s["queued.max.messages.kbytes"] = "8192";
  s["fetch.max.bytes"] = "1048576";
  s["max.partition.fetch.bytes"] = "262144";
  s["log_level"] = "3";
  const ConfigMap user = user_client_settings(worker, spec, "consumer");
  for (auto& [k, v] : user) s[k] = v;
  // librdkafka refuses a fetch.max.bytes below message.max.bytes: a user who raised only the
  // latter gets ksink's fetch limit raised with it rather than a start-up error.
  if (auto it = user.find("message.max.bytes"); it != user.end() && !user.count("fetch.max.bytes"))
    if (std::strtoll(it->second.c_str(), nullptr, 10) > std::stoll(s["fetch.max.bytes"]))
      s["fetch.max.bytes"] = it->second;
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

std::string static_member_id(const WorkerSettings& ws, const std::string& connector, int task) {
  // The worker as its REST address names it (Kafka Connect's worker id), known before the
  // listener binds: the advertised host and port, else the first listener's.
  std::string listener = ws.listeners.empty() ? "" : ws.listeners.front();
  if (auto scheme = listener.find("://"); scheme != std::string::npos) listener.erase(0, scheme + 3);
  std::string host = ws.rest_advertised_host_name, port;
  if (auto colon = listener.rfind(':'); colon != std::string::npos) {
    if (host.empty()) host = listener.substr(0, colon);
    port = listener.substr(colon + 1);
  }
  if (ws.rest_advertised_port > 0) port = std::to_string(ws.rest_advertised_port);
  if (host.empty() || host == "0.0.0.0" || host == "[::]") {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) == 0 && name[0]) host = name;
  }
  std::string id = fmt::format("ksink-{}_{}-{}-{}", host, port, connector, task);
  // Kafka accepts [a-zA-Z0-9._-] and 249 characters (JoinGroupRequest.validateGroupInstanceId).
  for (char& c : id)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  if (id.size() > 249) id.erase(0, id.size() - 249);  // the task number must stay
  return id;
}

Connector::Connector(std::shared_ptr<const ConnectorSpec> spec, const Config& worker,
                     bool embedded_kafka)
    : spec_(std::move(spec)) {
  const WorkerSettings ws = read_worker_settings(worker);
  settings_.consumer = consumer_settings(worker, ws, *spec_);
  // Static membership unless the user set group.instance.id (consumer.* or
  // consumer.override.*), which is used as given, as Kafka Connect uses it. The embedded Kafka
  // (librdkafka's mock cluster) knows members by member id only: a static member coming back
  // is a second member, and the group waits for the first one's session to end. There the
  // tasks are dynamic members with a short session, since its coordinator delays every
  // rebalance by session.timeout.ms - 1 s; but not shorter than 4 s: a group's first rebalance
  // waits 3 s, during which a joining member sends nothing, and the coordinator drops a member
  // whose session ran out then without answering its JoinGroup: the consumer hung for minutes
  // (docs/operations.md "Restarting").
  static_membership_ = settings_.consumer.count("group.instance.id") == 0 && !embedded_kafka;
  if (embedded_kafka && !settings_.consumer.count("session.timeout.ms")) {
    settings_.consumer["session.timeout.ms"] = "4000";
    if (!settings_.consumer.count("heartbeat.interval.ms"))
      settings_.consumer["heartbeat.interval.ms"] = "1000";
  }
  worker_settings_ = ws;
  settings_.commit_timeout_ms = ws.offset_flush_timeout_ms;
  settings_.shutdown_timeout_ms = ws.task_shutdown_graceful_timeout_ms;
  settings_.producer = producer_settings(worker, ws, *spec_);
  // Commit at least every offset.flush.interval.ms, and at most once a second.
  settings_.commit_interval_ms =
      std::min<int64_t>(ws.offset_flush_interval_ms, 1000);
}

Connector::~Connector() { stop(); }

std::unique_ptr<Task> Connector::make_task(int id, bool paused) const {
  TaskSettings ts = settings_;
  ts.consumer["client.id"] += "-" + std::to_string(id);
  if (static_membership_)
    ts.consumer["group.instance.id"] = static_member_id(worker_settings_, spec_->name, id);
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

void Connector::stop(int keep_membership_below) {
  std::lock_guard lock(mu_);
  // All tasks are asked at once, then waited for: the graceful timeout is for all of them.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.shutdown_timeout_ms);
  for (auto& t : tasks_) t->request_stop(deadline, t->id() >= keep_membership_below);
  for (auto& t : tasks_) await_stop(t, deadline);
  tasks_.clear();
  if (state_ != State::Unassigned) state_ = State::Stopped;
}

// Kafka Connect's Worker#awaitStopTask (apache/kafka connect/runtime/.../Worker.java): a task
// not stopped by task.shutdown.graceful.timeout.ms is logged ("Graceful stop of task ...
// failed") and abandoned, so that deleting, reconfiguring or restarting a connector never waits
// on a stuck task (docs/operations.md "Stopping"). Its records since the last commit are read
// again by whoever takes its partitions.
void Connector::await_stop(std::unique_ptr<Task>& t, std::chrono::steady_clock::time_point deadline) {
  // Closing the Kafka clients (librdkafka's threads) may take a moment past the deadline.
  if (t->wait_stopped(deadline + std::chrono::seconds(1))) return;
  spdlog::error("[{}|task-{}] Graceful stop of task failed: still {} after "
                "task.shutdown.graceful.timeout.ms ({} ms); abandoned: what it had not written is "
                "not committed and will be read again",
                spec_->name, t->id(), t->doing(), settings_.shutdown_timeout_ms);
  // The thread keeps running with its task: the task is kept for it, never destroyed.
  static std::mutex abandoned_mu;
  static auto* abandoned = new std::vector<std::unique_ptr<Task>>();
  std::lock_guard lock(abandoned_mu);
  abandoned->push_back(std::move(t));
}

void Connector::stop_one(std::unique_ptr<Task>& t) {
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(settings_.shutdown_timeout_ms);
  t->request_stop(deadline, false);
  await_stop(t, deadline);
}

void Connector::request_stop(std::chrono::steady_clock::time_point deadline) {
  std::lock_guard lock(mu_);
  for (auto& t : tasks_) t->request_stop(deadline, false);
}

bool Connector::stop_by(std::chrono::steady_clock::time_point deadline) {
  std::lock_guard lock(mu_);
  for (auto& t : tasks_) t->request_stop(deadline, false);
  bool all = true;
  for (auto& t : tasks_) {
    if (t->wait_stopped(deadline)) continue;
    spdlog::error("[{}|task-{}] Task did not stop within task.shutdown.graceful.timeout.ms: "
                  "still {}; abandoned: what it had not written is not committed and will be "
                  "read again",
                  spec_->name, t->id(), t->doing());
    all = false;
  }
  if (!all) return false;
  tasks_.clear();
  if (state_ != State::Unassigned) state_ = State::Stopped;
  return true;
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
    stop_one(t);  // keeping its membership: its replacement takes its partitions at once
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
    stop_one(t);
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
