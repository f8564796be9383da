// Writes routed records to Redis: each batch is encoded into one pipeline (chunked at
// batch.size), sent in one write, and every reply is matched back to its record.
#pragma once

#include <optional>
#include <unordered_map>
#include <vector>

#include "pipeline/sink.h"
#include "sinks/redis/connection.h"
#include "sinks/redis/resp.h"
#include "sinks/redis/storage_mode.h"

namespace ksink::redis {

class RedisWriter : public SinkWriter {
 public:
  RedisWriter(ConnectionSettings settings, std::vector<StoragePlan> plans, size_t batch_size);
  void write(std::span<const SinkItem> items, std::span<WriteResult> results) override;
  // One pipeline for the whole batch: encoded and sent in submit(), replies read in complete().
  void submit(std::span<const SinkItem> items) override;
  void complete(std::span<WriteResult> results) override;
  // Connects now (at open) rather than at the first batch: a connection error, or nothing.
  std::optional<ConnectionError> probe();

 private:
  // Sends the chunk [begin, end) of items whose commands are in buffer_; the connection's
  // failure, if it failed (the items without replies are then Unavailable).
  std::optional<ConnectionError> flush(size_t begin, size_t end, std::span<WriteResult> results,
                                       bool started = false);

  Connection connection_;
  std::vector<StoragePlan> plans_;
  std::unordered_map<const kcql::Statement*, const StoragePlan*> plan_of_;
  size_t batch_size_;
  CommandBuffer buffer_;
  std::vector<uint32_t> commands_of_;  // per item of the chunk: how many commands it added
  std::vector<Reply> replies_;
  EncodeScratch scratch_;
  // What submit() prepared for complete().
  std::vector<WriteResult> encoded_;
  std::optional<ConnectionError> submit_error_;
  bool pipelined_ = false;
};

// How a Redis error reply counts (docs/architecture.md "Errors").
Outcome classify_error(const std::string& redis_error);
// What to do about a reply that makes the target unavailable, as text to append (may be empty).
std::string_view unavailable_reply_hint(const std::string& redis_error);

}  // namespace ksink::redis
