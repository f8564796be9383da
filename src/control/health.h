// The worker's health as GET /health reports it (KIP-1017, Kafka Connect 3.9; docs/operations.md
// "Health"): a thread asks Kafka every few seconds with one bounded metadata request and keeps the
// answer, so that the REST thread only reads the last result and never waits for Kafka.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "config/config_def.h"

namespace ksink::kafka {
class ClusterProbe;
}

namespace ksink {

enum class Health { Starting, Healthy, Unhealthy };

struct HealthReport {
  Health state = Health::Starting;
  std::string detail;  // why not healthy, naming what to look at; "" when healthy
};

class KafkaHealth {
 public:
  // Probes the Kafka cluster of the worker's bootstrap.servers (its admin.* client settings).
  explicit KafkaHealth(const Config& worker);
  ~KafkaHealth();
  KafkaHealth(const KafkaHealth&) = delete;
  KafkaHealth& operator=(const KafkaHealth&) = delete;

  HealthReport report() const;

  static constexpr std::chrono::milliseconds kInterval{2000};  // between probes
  static constexpr std::chrono::milliseconds kTimeout{2000};   // of one probe

 private:
  void run();

  std::string bootstrap_;
  std::unique_ptr<kafka::ClusterProbe> probe_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool probed_ = false;
  std::string error_;  // of the last probe; "" when Kafka answered
  std::chrono::steady_clock::time_point last_ok_{};
  std::thread thread_;
};

}  // namespace ksink
