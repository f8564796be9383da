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
  // `stop_at_error` (error policy THROW): the first record not written ends what is sent of the
  // batch; the records after it get Unavailable "not written" results (docs/redis-sink.md
  // "Errors"), and a pipeline with commands Redis may refuse runs as the stop script.
  RedisWriter(ConnectionSettings settings, std::vector<StoragePlan> plans, size_t batch_size,
              ReplicaAcks acks = {}, bool stop_at_error = false);
  void write(std::span<const SinkItem> items, std::span<WriteResult> results) override;
  // One pipeline for the whole batch: encoded and sent in submit(), replies read in complete().
  void submit(std::span<const SinkItem> items) override;
  void complete(std::span<WriteResult> results) override;
  // Two pipelines on the connection at once, the second sent behind the first. Under THROW
  // nothing may be sent after a record that fails, so a second goes only behind a batch none of
  // whose records can fail any more: all encoded, and only commands Redis refuses for no record
  // (StoragePlan::refusable). Asked again before each batch. See docs/redis-sink.md "Pipelines in
  // flight".
  size_t max_in_flight() const override {
    return !stop_ || (in_flight_ == 1 && followable_) ? 2 : 1;
  }
  void abandon_oldest(std::span<WriteResult> results) override;
  // Connects now (at open) rather than at the first batch: a connection error, or nothing.
  std::optional<ConnectionError> probe();

 private:
  // Sends the chunk [begin, end) of items whose commands are in buffer_; the connection's
  // failure, if it failed (the items without replies are then Unavailable).
  std::optional<ConnectionError> flush(size_t begin, size_t end, std::span<WriteResult> results,
                                       bool started = false);
  // Appends the item's commands to buffer_ and commands_of_; false when it cannot be encoded
  // (`result` then says why).
  bool encode(const SinkItem& item, WriteResult& result);
  // What goes on the wire for the chunk in buffer_: the commands, or the stop script running
  // them, and WAIT when replicas must acknowledge.
  const CommandBuffer& outgoing();

  Connection connection_;
  std::vector<StoragePlan> plans_;
  std::unordered_map<const kcql::Statement*, const StoragePlan*> plan_of_;
  size_t batch_size_;
  ReplicaAcks acks_;
  bool stop_ = false;
  bool refusable_ = false;  // buffer_ holds a command Redis may refuse (StoragePlan::refusable)
  bool scripted_ = false;   // the chunk went out as the stop script (script_)
  CommandBuffer script_;
  std::vector<Reply> spread_;  // the script's reply, one per command of buffer_
  CommandBuffer buffer_;
  std::vector<uint32_t> commands_of_;  // per item of the chunk: how many commands it added
  std::vector<Reply> replies_;
  EncodeScratch scratch_;
  // The oldest submitted batch as submit() prepared it for complete() (the members above,
  // swapped in and out with Parked: swapping keeps every buffer's memory for the next batch).
  void start_pipeline(std::span<const SinkItem> items);
  void complete_oldest(std::span<WriteResult> results);
  std::vector<WriteResult> encoded_;
  std::optional<ConnectionError> submit_error_;
  bool pipelined_ = false;
  // The batch went out whole and no record of it can come back a record error: THROW may send
  // the next one behind it.
  bool followable_ = false;
  // A second submitted batch, waiting behind the oldest (max_in_flight).
  struct Parked {
    std::span<const SinkItem> items;
    bool pipelined = false;
    bool scripted = false;
    CommandBuffer buffer;
    CommandBuffer script;
    std::vector<uint32_t> commands_of;
    std::vector<WriteResult> encoded;
    std::optional<ConnectionError> error;
    bool followable = false;
  };
  void swap_with(Parked& p);
  Parked second_;
  size_t in_flight_ = 0;
  // The oldest's commands are all sent and the second's follow them on the socket: completing
  // the oldest only reads its replies.
  bool oldest_sent_ = false;
};

// What one reply means for its record: Written, or an outcome with a message naming the node.
// `error` is the connection's failure, for replies that never came (Missing).
// `command` ("XADD orders", command_words()) is named in a record error's message.
WriteResult result_of(const Reply& reply, const ConnectionError& error, const std::string& endpoint,
                      std::string_view command = {});

// Error policy THROW: results [from, end) are not sent, because results[failed] was not written
// (docs/redis-sink.md "Errors").
void leave_unsent(std::span<WriteResult> results, size_t from, size_t failed);

// How a Redis error reply counts (docs/architecture.md "Errors").
Outcome classify_error(const std::string& redis_error);
// What to do about a reply that makes the target unavailable, as text to append (may be empty).
std::string_view unavailable_reply_hint(const std::string& redis_error);

}  // namespace ksink::redis
