// The embedded Kafka: librdkafka's mock cluster, speaking the real Kafka protocol on loopback
// ports, state in memory. It keeps only the newest 5 MiB / 100,000 message sets per partition,
// so bulk loads must spread over partitions and compress.
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <string>

#include "core/result.h"
#include "kafka/client_config.h"

namespace ksink::kafka {

class EmbeddedKafka {
 public:
  static Result<std::unique_ptr<EmbeddedKafka>> start(int brokers = 1);
  ~EmbeddedKafka();

  const std::string& bootstrap_servers() const { return bootstrap_; }
  Status create_topic(const std::string& name, int partitions);

 private:
  EmbeddedKafka() = default;
  HandlePtr rk_;  // the mock cluster lives inside this client instance
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstrap_;
};

}  // namespace ksink::kafka
