// Writes routed records to Redis: each batch is encoded into one pipeline (chunked at
// batch.size), sent in one write, and every reply is matched back to its record.
#pragma once

#include <chrono>
#include <optional>
#include <unordered_map>
#include <vector>

#include "pipeline/sink.h"
#include "sinks/redis/connection.h"
#include "sinks/redis/resp.h"
#include "sinks/redis/storage_mode.h"

namespace ksink::redis {

// connect.redis.min.replicas.acked: `WAIT replicas timeout` after each pipeline (0: no WAIT).
struct ReplicaAcks {
  int replicas = 0;
  std::chrono::milliseconds timeout{2000};
};
void append_wait(CommandBuffer& out, const ReplicaAcks& acks);
// Why the writes before a WAIT are not proven (fewer replicas than asked, or an error), or
// nothing when they are.
std::optional<std::string> wait_shortfall(const Reply& wait, const ReplicaAcks& acks,
                                          const std::string& endpoint);

class RedisWriter : public SinkWriter {
 public:
  RedisWriter(ConnectionSettings settings, std::vector<StoragePlan> plans, size_t batch_size,
              ReplicaAcks acks = {});
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
  ReplicaAcks acks_;
  CommandBuffer buffer_;
  std::vector<uint32_t> commands_of_;  // per item of the chunk: how many commands it added
  std::vector<Reply> replies_;
  EncodeScratch scratch_;
  // What submit() prepared for complete().
  std::vector<WriteResult> encoded_;
  std::optional<ConnectionError> submit_error_;
  bool pipelined_ = false;
};

// What one reply means for its record: Written, or an outcome with a message naming the node.
// `error` is the connection's failure, for replies that never came (Missing).
WriteResult result_of(const Reply& reply, const ConnectionError& error, const std::string& endpoint);

// How a Redis error reply counts (docs/architecture.md "Errors").
Outcome classify_error(const std::string& redis_error);
// What to do about a reply that makes the target unavailable, as text to append (may be empty).
std::string_view unavailable_reply_hint(const std::string& redis_error);

}  // namespace ksink::redis
