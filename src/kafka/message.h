// A message as the consumer hands it over: owns librdkafka's message and reads its fields in
// place. The task polls hundreds of thousands a second, so the accessors are inline, nothing is
// copied and nothing is allocated per message; headers are parsed only on request.
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/record.h"

namespace ksink::kafka {

struct MessageDeleter {
  void operator()(rd_kafka_message_t* m) const { rd_kafka_message_destroy(m); }
};
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

class Message {
 public:
  Message() = default;
  explicit Message(MessagePtr m) : m_(std::move(m)) {}

  // False when the poll timed out.
  explicit operator bool() const { return m_ != nullptr; }

  // A consumer event rather than a record: end of partition, or an error.
  bool is_error() const { return m_->err != RD_KAFKA_RESP_ERR_NO_ERROR; }
  bool is_partition_eof() const { return m_->err == RD_KAFKA_RESP_ERR__PARTITION_EOF; }
  bool is_fatal() const { return m_->err == RD_KAFKA_RESP_ERR__FATAL; }
  const char* error_text() const { return rd_kafka_message_errstr(m_.get()); }

  const char* topic() const { return rd_kafka_topic_name(m_->rkt); }
  // The same for every message of one topic: compares partitions without comparing names.
  const void* topic_id() const { return m_->rkt; }
  int32_t partition() const { return m_->partition; }
  int64_t offset() const { return m_->offset; }
  int64_t timestamp() const {
    rd_kafka_timestamp_type_t type;
    return rd_kafka_message_timestamp(m_.get(), &type);
  }
  // Null when the record has no key / is a tombstone.
  const char* key() const { return static_cast<const char*>(m_->key); }
  size_t key_size() const { return m_->key_len; }
  const char* value() const { return static_cast<const char*>(m_->payload); }
  size_t value_size() const { return m_->len; }

  // Appends the message's headers to `out`. On request only: librdkafka builds a header list for
  // every message it is asked about, even an empty one, which cost about 5% of the Redis
  // benchmark's CPU.
  void read_headers(std::vector<Header>& out) const;

 private:
  MessagePtr m_;
};

}  // namespace ksink::kafka
