#include "control/health.h"

#include <fmt/format.h>

#include "control/worker_config.h"
#include "kafka/cluster_id.h"
#include "kafka/java_client_keys.h"

namespace ksink {

KafkaHealth::KafkaHealth(const Config& worker) {
  ConfigMap settings = kafka::librdkafka_settings("admin.", worker.with_prefix("admin."));
  bootstrap_ = read_worker_settings(worker).bootstrap_servers;
  settings["bootstrap.servers"] = bootstrap_;
  // The probe's own connection errors are what the report says; its log lines would only repeat
  // them every two seconds.
  settings["log_level"] = std::string("0");
  probe_ = std::make_unique<kafka::ClusterProbe>(settings, "Kafka (health probe):");
  thread_ = std::thread([this] { run(); });
}

KafkaHealth::~KafkaHealth() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void KafkaHealth::run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    std::string error = probe_->check(static_cast<int>(kTimeout.count()));
    lock.lock();
    probed_ = true;
    error_ = std::move(error);
    if (error_.empty()) last_ok_ = std::chrono::steady_clock::now();
    cv_.wait_for(lock, kInterval, [&] { return stopping_; });
  }
}

HealthReport KafkaHealth::report() const {
  std::lock_guard lock(mu_);
  if (!probed_)
    return {Health::Starting, fmt::format("Connecting to Kafka at {}.", bootstrap_)};
  if (!error_.empty())
    return {Health::Unhealthy,
            fmt::format("Cannot reach Kafka at bootstrap.servers={}: {}.", bootstrap_, error_)};
  return {Health::Healthy, ""};
}

}  // namespace ksink
