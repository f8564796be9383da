// The worker owns the connectors of this process (standalone mode: the ones given on the command
// line).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "runtime/connector.h"

namespace ksink {

class Worker {
 public:
  explicit Worker(Config config) : config_(std::move(config)) {}
  ~Worker();

  // Validates and starts a connector; the error lists every problem of its configuration.
  Status add_connector(const ConfigMap& raw);
  Connector* find(const std::string& name);
  void stop_all();
  const Config& config() const { return config_; }

 private:
  Config config_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Connector>> connectors_;
};

// Reads and validates worker properties; warnings (unknown keys) are logged.
Result<Config> load_worker_config(const ConfigMap& raw);

}  // namespace ksink
