// An in-memory Herder: connectors and their states without Kafka, so the REST routes, codes and
// shapes can be checked without a socket.
#pragma once

#include <fmt/format.h>

#include <map>

#include "control/herder.h"
#include "unit/rest/fake_sink.h"

namespace ksink::test {

class FakeHerder : public Herder {
 public:
  FakeHerder() : worker_(fake_worker_config()) {}

  std::string worker_id() const override { return "127.0.0.1:8083"; }
  const Config& worker_config() const override { return worker_; }
  std::string kafka_cluster_id() override { return "fake-cluster"; }
  Worker& local_worker() override { return local_; }

  std::vector<std::string> connectors() override {
    std::vector<std::string> out;
    for (const auto& [n, c] : connectors_) out.push_back(n);
    return out;
  }
  Reply<ConnectorInfo> info(const std::string& name) override {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return not_found(fmt::format("Connector {} not found", name));
    ConnectorInfo i{name, mask_connector_config(it->second.config), {}};
    for (size_t t = 0; t < it->second.tasks.size(); ++t) i.tasks.push_back(static_cast<int>(t));
    return i;
  }
  Reply<ConnectorStatus> status(const std::string& name) override {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return not_found(fmt::format("Connector {} not found", name));
    ConnectorStatus s{name, it->second.state, worker_id(), "", {}};
    int id = 0;
    for (const auto& t : it->second.tasks) s.tasks.push_back({id++, t.state, worker_id(), t.trace});
    return s;
  }
  Reply<ConnectorInfo> create(const ConfigMap& config) override {
    if (auto n = check_connector_name(config.count("name") ? config.at("name") : ""); !n)
      return n.error();
    if (auto ok = check_connector_config(worker_, config); !ok) return ok.error();
    const std::string& name = config.at("name");
    if (connectors_.count(name)) return conflict(fmt::format("Connector {} already exists", name));
    add(config);
    return info(name);
  }
  Reply<PutResult> put(const ConfigMap& config) override {
    const std::string& name = config.at("name");
    ConfigMap raw = config;
    if (connectors_.count(name)) raw = restore_hidden_secrets(config, connectors_[name].config);
    if (auto ok = check_connector_config(worker_, raw); !ok) return ok.error();
    bool created = !connectors_.count(name);
    if (created) add(raw);
    else connectors_[name].config = raw;
    return PutResult{*info(name), created};
  }
  Reply<Done> remove(const std::string& name) override {
    if (!connectors_.erase(name)) return not_found(fmt::format("Connector {} not found", name));
    return Done{};
  }
  Reply<Done> set_target(const std::string& name, TargetState target) override {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return not_found(fmt::format("Connector {} not found", name));
    auto& c = it->second;
    if (target == TargetState::Stopped) {
      c.state = State::Stopped;
      c.tasks.clear();
    } else {
      c.state = target == TargetState::Paused ? State::Paused : State::Running;
      if (c.tasks.empty()) c.tasks.resize(1);
      for (auto& t : c.tasks) t.state = c.state;
    }
    return Done{};
  }
  Reply<ConnectorStatus> restart(const std::string& name, bool include_tasks,
                                 bool only_failed) override {
    auto s = status(name);
    if (!s) return s;
    restarts.push_back(fmt::format("{} {} {}", name, include_tasks, only_failed));
    return mark_restarting(std::move(*s), include_tasks, only_failed);
  }
  Reply<Done> restart_task(const std::string& name, int task) override {
    auto it = connectors_.find(name);
    if (it == connectors_.end()) return not_found(fmt::format("Connector {} not found", name));
    if (task >= static_cast<int>(it->second.tasks.size()))
      return not_found(fmt::format("Task {}-{} not found", name, task));
    restarts.push_back(fmt::format("{} task {}", name, task));
    return Done{};
  }

  // Test hooks.
  void fail_task(const std::string& name, int task, const std::string& trace) {
    connectors_[name].tasks.at(static_cast<size_t>(task)) = {State::Failed, trace};
  }
  std::vector<std::string> restarts;
  const ConfigMap& stored(const std::string& name) { return connectors_.at(name).config; }

 private:
  struct Conn {
    ConfigMap config;
    State state = State::Running;
    std::vector<TaskStatus> tasks;
  };
  void add(const ConfigMap& config) {
    Conn c;
    c.config = config;
    int n = config.count("tasks.max") ? std::stoi(config.at("tasks.max")) : 1;
    c.tasks.assign(static_cast<size_t>(n), TaskStatus{State::Running, ""});
    connectors_[config.at("name")] = c;
  }
  Worker local_{fake_worker_config()};  // no connectors run here
  Config worker_;
  std::map<std::string, Conn> connectors_;
};

}  // namespace ksink::test
