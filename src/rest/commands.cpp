#include "rest/commands.h"
#include "control/worker_config.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

#include "rest/cli.h"
#include "control/cluster.h"

namespace ksink::rest {

std::unique_ptr<StandaloneRest> StandaloneRest::start(Worker& worker) {
  const Config& config = worker.config();
  const WorkerSettings settings = read_worker_settings(config);
  const auto& listeners = settings.listeners;
  if (listeners.empty()) {
    spdlog::info("No listeners configured: the REST API is off");
    return nullptr;
  }
  auto address = parse_listener(listeners.front());
  if (!address) {
    spdlog::error("REST API not available: {}", address.error().message);
    return nullptr;
  }
  for (size_t i = 1; i < listeners.size(); ++i)
    spdlog::warn("REST API: only the first listener is served; '{}' is ignored", listeners[i]);
  std::unique_ptr<StandaloneRest> rest(new StandaloneRest());
  rest->server_ = std::make_unique<RestServer>();
  auto port = rest->server_->bind(*address);
  if (!port) {
    spdlog::error("REST API not available: {}", port.error().message);
    return nullptr;
  }
  std::string id = advertised_worker_id(settings.rest_advertised_host_name,
                                        settings.rest_advertised_port, *address, *port);
  rest->herder_ = std::make_unique<StandaloneHerder>(worker, id);
  rest->health_ = std::make_unique<KafkaHealth>(config);
  rest->api_ = std::make_unique<RestApi>(*rest->herder_, rest->health_.get());
  rest->server_->serve(*rest->api_);
  spdlog::info("REST API serving on http://{}:{} (worker id {})", address->host, *port, id);
  return rest;
}

StandaloneRest::~StandaloneRest() {
  if (server_) server_->stop();
}

int run_distributed(const ConfigMap& worker_properties,
                    const std::function<void()>& wait_for_stop) {
  auto config = load_worker_config(worker_properties);
  if (!config) {
    spdlog::error("{}", config.error().message);
    return 1;
  }
  const WorkerSettings settings = read_worker_settings(*config);
  const auto& listeners = settings.listeners;
  if (listeners.empty()) {
    spdlog::error("Distributed mode needs the REST API: set listeners=http://HOST:PORT");
    return 1;
  }
  auto address = parse_listener(listeners.front());
  if (!address) {
    spdlog::error("{}", address.error().message);
    return 1;
  }
  for (size_t i = 1; i < listeners.size(); ++i)
    spdlog::warn("REST API: only the first listener is served; '{}' is ignored", listeners[i]);
  RestServer server;
  auto port = server.bind(*address);
  if (!port) {
    spdlog::error("{}", port.error().message);
    return 1;
  }
  std::string id = advertised_worker_id(settings.rest_advertised_host_name,
                                        settings.rest_advertised_port, *address, *port);
  // Served while joining, so that GET /health says "starting" (KIP-1017) instead of nothing.
  KafkaHealth health(*config);
  RestApi api(&health);
  server.serve(api);
  auto herder = ClusterHerder::start(*config, id);
  if (!herder) {
    server.stop();
    spdlog::error("Cannot join the cluster: {}", herder.error().message);
    return 1;
  }
  api.attach(**herder);
  spdlog::info("REST API serving on http://{}:{} (worker id {})", address->host, *port, id);
  wait_for_stop();
  spdlog::info("Stopping: committing what was written and leaving the cluster");
  server.stop();
  (*herder)->stop();
  spdlog::info("ksink stopped");
  return 0;
}

int run_cli_command(const std::vector<std::string>& args) {
  return run_cli(args, std::cin, std::cout, std::cerr, std::getenv("KAFKA_CONNECT_REST"));
}

}  // namespace ksink::rest
