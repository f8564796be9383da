// The embedded Kafka: librdkafka's mock cluster, speaking the real Kafka protocol on loopback
// ports, state in memory. It keeps only the newest 5 MiB / 100,000 message sets per partition
// (fixed in librdkafka's mock: rdkafka_mock.c sets max_size and max_cnt with no setting to
// change them), so bulk loads must spread over partitions and compress; dropped_records() tells
// where that cap has dropped records.
#pragma once

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "kafka/client_config.h"

namespace ksink::kafka {

class EmbeddedKafka {
 public:
  static Result<std::unique_ptr<EmbeddedKafka>> start(int brokers = 1);
  ~EmbeddedKafka();

  const std::string& bootstrap_servers() const { return bootstrap_; }
  Status create_topic(const std::string& name, int partitions);

  struct Truncated {
    std::string topic;
    int32_t partition;
    int64_t first_offset;  // the oldest offset still kept: every offset below it is gone
  };
  // The partitions whose oldest records the retention cap has dropped, asked of the cluster
  // through the Kafka protocol (ListOffsets) as a consumer would see it.
  std::vector<Truncated> dropped_records();

 private:
  EmbeddedKafka() = default;
  HandlePtr rk_;  // the mock cluster lives inside this client instance
  HandlePtr client_;  // a client of the cluster, for dropped_records()
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstrap_;
};

}  // namespace ksink::kafka
