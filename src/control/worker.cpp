#include "control/worker.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "config/config_providers.h"
#include "control/connector_config.h"
#include "control/worker_config.h"
#include "kafka/cluster_id.h"
#include "kafka/java_client_keys.h"

namespace ksink {

Result<Config> load_worker_config(const ConfigMap& raw) {
  std::vector<ConfigProblem> problems;
  std::vector<std::string> warnings;
  Config config = Config::parse({&worker_config_def()}, raw, worker_passthrough_prefixes(),
                                problems, warnings);
  for (const char* client : {"consumer.", "producer.", "admin."})
    check_client_settings(config, client, problems, warnings);
  for (auto& p : check_config_providers(config)) problems.push_back(std::move(p));
  for (const auto& w : warnings) spdlog::warn("Worker configuration: {}", w);
  if (!problems.empty()) {
    std::string msg = fmt::format("Worker configuration is invalid ({} error(s)):", problems.size());
    for (const auto& p : problems) msg += "\n" + p.message;
    return Error{msg};
  }
  return config;
}

Worker::~Worker() { stop_all(); }

Status Worker::add_connector(const ConfigMap& raw) {
  auto r = put_connector(raw, false);
  if (r) return {};
  if (r.error().status == 409) return Error{r.error().message};
  std::string name = raw.count("name") ? raw.at("name") : std::string("(unnamed)");
  return Error{fmt::format("Connector '{}': {}", name, r.error().message)};
}

static void apply_target(Connector& c, TargetState target) {
  switch (target) {
    case TargetState::Started: c.resume(); break;
    case TargetState::Paused: c.pause(); break;
    case TargetState::Stopped: c.stop(); break;
  }
}

Reply<bool> Worker::put_connector(const ConfigMap& raw, bool replace, TargetState initial) {
  ConnectorValidation v = validate_connector(config_, raw);
  std::string name = raw.count("name") ? raw.at("name") : std::string("(unnamed)");
  for (const auto& w : v.warnings) spdlog::warn("[{}] {}", name, w);
  if (!v.spec) return bad_request(describe_problems(v.problems));

  std::lock_guard ops(ops_mu_);
  std::shared_ptr<Connector> old;
  {
    std::lock_guard lock(mu_);
    auto it = connectors_.find(v.spec->name);
    if (it != connectors_.end()) {
      if (!replace) return conflict(fmt::format("Connector {} already exists", v.spec->name));
      old = it->second.connector;
    }
  }
  TargetState target = initial;
  if (old) {
    State s = old->state();
    target = s == State::Paused ? TargetState::Paused
             : s == State::Stopped ? TargetState::Stopped
                                   : TargetState::Started;
    // Commits what was written; the new tasks read on from there. Tasks the new configuration
    // still has keep their static membership, so they take their partitions back at once.
    old->stop(v.spec->tasks_max);
    spdlog::info("[{}] Configuration replaced; restarting the connector", v.spec->name);
  }
  auto spec = std::shared_ptr<const ConnectorSpec>(std::move(v.spec));
  auto connector = std::make_shared<Connector>(spec, config_, embedded_kafka());
  apply_target(*connector, target);
  {
    std::lock_guard lock(mu_);
    connectors_[spec->name] = Entry{raw, connector};
  }
  return !old;
}

Reply<Done> Worker::remove_connector(const std::string& name) {
  std::lock_guard ops(ops_mu_);
  std::shared_ptr<Connector> c;
  {
    std::lock_guard lock(mu_);
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return not_found(fmt::format("Connector {} not found", name));
    c = std::move(it->second.connector);
    connectors_.erase(it);
  }
  c->stop();
  spdlog::info("[{}] Connector deleted", name);
  return Done{};
}

Reply<Done> Worker::set_target_state(const std::string& name, TargetState target) {
  std::lock_guard ops(ops_mu_);
  auto c = get(name);
  if (!c) return not_found(fmt::format("Connector {} not found", name));
  apply_target(*c, target);
  return Done{};
}

bool Worker::embedded_kafka() {
  if (!embedded_kafka_) {
    ConfigMap settings = kafka::librdkafka_settings("admin.", config_.with_prefix("admin."));
    settings["bootstrap.servers"] = read_worker_settings(config_).bootstrap_servers;
    settings["log_level"] = std::string("0");
    embedded_kafka_ = kafka::query_cluster_id(settings, 2000).starts_with("mockCluster");
  }
  return *embedded_kafka_;
}

Connector* Worker::find(const std::string& name) { return get(name).get(); }

std::shared_ptr<Connector> Worker::get(const std::string& name) {
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  return it == connectors_.end() ? nullptr : it->second.connector;
}

std::optional<ConfigMap> Worker::raw_config(const std::string& name) {
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return std::nullopt;
  return it->second.raw;
}

std::vector<std::string> Worker::names() {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, e] : connectors_) out.push_back(name);
  return out;
}

void Worker::stop_all() {
  std::lock_guard ops(ops_mu_);
  std::map<std::string, Entry> all;
  {
    std::lock_guard lock(mu_);
    all.swap(connectors_);
  }
  for (auto& [name, e] : all) e.connector->stop();
}

bool Worker::stop_all_by(std::chrono::steady_clock::time_point deadline) {
  std::lock_guard ops(ops_mu_);
  std::vector<std::shared_ptr<Connector>> all;
  {
    std::lock_guard lock(mu_);
    for (auto& [name, e] : connectors_) all.push_back(e.connector);
  }
  for (auto& c : all) c->request_stop(deadline);  // all at once: the timeout is for all tasks
  // The tasks aim at the deadline; closing their Kafka clients (librdkafka's threads) may take a
  // moment more before a task counts as stuck.
  const auto abandon_at = deadline + std::chrono::seconds(1);
  bool stopped = true;
  for (auto& c : all) stopped &= c->stop_by(abandon_at);
  if (!stopped) return false;
  std::lock_guard lock(mu_);
  connectors_.clear();
  return true;
}

}  // namespace ksink
