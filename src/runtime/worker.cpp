#include "runtime/worker.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "runtime/worker_config.h"

namespace ksink {

Result<Config> load_worker_config(const ConfigMap& raw) {
  std::vector<ConfigProblem> problems;
  std::vector<std::string> warnings;
  Config config = Config::parse({&worker_config_def()}, raw, worker_passthrough_prefixes(),
                                problems, warnings);
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
  ConnectorValidation v = validate_connector(config_, raw);
  std::string name = raw.count("name") ? raw.at("name") : std::string("(unnamed)");
  for (const auto& w : v.warnings) spdlog::warn("[{}] {}", name, w);
  if (!v.spec) return Error{fmt::format("Connector '{}': {}", name, describe_problems(v.problems))};
  std::lock_guard lock(mu_);
  if (connectors_.count(v.spec->name))
    return Error{fmt::format("Connector {} already exists", v.spec->name)};
  auto spec = std::shared_ptr<const ConnectorSpec>(std::move(v.spec));
  auto connector = std::make_unique<Connector>(spec, config_);
  connector->start();
  connectors_.emplace(spec->name, std::move(connector));
  return {};
}

Connector* Worker::find(const std::string& name) {
  std::lock_guard lock(mu_);
  auto it = connectors_.find(name);
  return it == connectors_.end() ? nullptr : it->second.get();
}

void Worker::stop_all() {
  std::lock_guard lock(mu_);
  for (auto& [name, c] : connectors_) c->stop();
  connectors_.clear();
}

}  // namespace ksink
