// A Kafka producer that reports, per message, whether the broker has it: the dead-letter topic
// counts a record as handled only once Kafka acknowledged the copy.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/record.h"
#include "core/result.h"
#include "kafka/client_config.h"

namespace ksink::kafka {

struct OutgoingMessage {
  std::string topic;
  std::optional<std::string> key;
  std::optional<std::string> value;
  std::vector<Header> headers;
  int64_t timestamp = 0;  // 0: now
  int32_t partition = RD_KAFKA_PARTITION_UA;
};

class Producer {
 public:
  // `log_prefix` starts its log lines ("[sink|task-0]"; kafka/client_log.h).
  static Result<std::unique_ptr<Producer>> create(const ConfigMap& settings,
                                                  const std::string& log_prefix = "");
  ~Producer();
  // Produces every message and waits until each is acknowledged or failed; the error names the
  // first failure.
  Status send_and_wait(const std::vector<OutgoingMessage>& messages,
                       std::chrono::milliseconds timeout);
  // Queues without waiting (bulk loads); flush() waits for everything queued.
  Status send(const OutgoingMessage& message);
  Status flush(std::chrono::milliseconds timeout);

 private:
  Producer() = default;
  static void delivery_cb(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque);
  ClientContext context_;  // before rk_: outlives the handle
  HandlePtr rk_;
  size_t failures_ = 0;
  std::string first_failure_;
};

}  // namespace ksink::kafka
