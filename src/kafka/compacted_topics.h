// Kafka topics used as a replicated key/value log (distributed mode's config and status topics):
// keyed records written to partition 0, waited for or not, and a reader that replays partition 0
// of such topics from the beginning and then follows them. No consumer group, no commits.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "config/properties.h"
#include "core/result.h"
#include "kafka/client_config.h"

namespace ksink::kafka {

struct KeyedRecord {
  std::string topic;
  std::string key;
  std::optional<std::string> value;  // nullopt: tombstone
  int64_t offset = 0;
};

class CompactedTopicWriter {
 public:
  // `settings` are librdkafka properties; `what` names the client in errors ("the cluster's
  // Kafka producer").
  static Result<std::unique_ptr<CompactedTopicWriter>> create(const ConfigMap& settings,
                                                              std::string_view what);
  ~CompactedTopicWriter();

  // Which of `topics` the broker does not know; the error is librdkafka's reason.
  Result<std::vector<std::string>> missing_topics(const std::vector<std::string>& topics);
  // Asks the admin API for each topic (name, replication factor) with one partition and
  // cleanup.policy=compact. Brokers without the admin API answer nothing: the caller checks
  // missing_topics() afterwards.
  Status create_compacted_topics(const std::vector<std::pair<std::string, int>>& topics);

  // Produces one record to partition 0 and waits for Kafka's acknowledgement; its offset.
  Result<int64_t> write_and_wait(const std::string& topic, const std::string& key,
                                 const std::optional<std::string>& value);
  // Queues one record for partition 0 without waiting (heartbeats); the error is librdkafka's
  // reason for refusing it.
  Status write(const std::string& topic, const std::string& key,
               const std::optional<std::string>& value);
  void flush(std::chrono::milliseconds timeout);
  // The Kafka cluster's id, or "" when it does not answer within `timeout`.
  std::string cluster_id(std::chrono::milliseconds timeout);

 private:
  CompactedTopicWriter() = default;
  HandlePtr rk_;
};

class CompactedTopicReader {
 public:
  // `settings` are librdkafka consumer properties; group settings are dropped, since the reader
  // never joins a group, and `group_id` is set only because librdkafka wants one for assign().
  static Result<std::unique_ptr<CompactedTopicReader>> create(ConfigMap settings,
                                                              const std::string& group_id,
                                                              std::string_view what);
  ~CompactedTopicReader();

  // The offset after the last record of the topic's partition 0; 0 when it cannot be asked.
  int64_t end_offset(const std::string& topic);
  // Reads partition 0 of each topic from its first record; the error is librdkafka's reason.
  Status read_from_beginning(const std::vector<std::string>& topics);
  // The next record, or nullopt on timeout; consumer errors other than the end of a partition
  // are put in `error` when given.
  std::optional<KeyedRecord> poll(std::chrono::milliseconds timeout, std::string* error = nullptr);
  void close();

 private:
  CompactedTopicReader() = default;
  HandlePtr rk_;
};

}  // namespace ksink::kafka
