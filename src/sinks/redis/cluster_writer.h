// Writes routed records to a Redis Cluster: each record goes to the master that serves its key's
// slot. A batch becomes one pipeline per master, all written before any reply is read, so the
// masters work at once; replies are matched per node. Redirects are followed within the batch
// (MOVED: the slot map is read again, once per batch; ASK: ASKING and the command to the named
// node, map unchanged). A master that cannot be reached makes its records Unavailable: the task
// retries them with backoff, and the map is read again before that attempt.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

#include "pipeline/sink.h"
#include "sinks/redis/connection.h"
#include "sinks/redis/redis_writer.h"
#include "sinks/redis/resp.h"
#include "sinks/redis/slot_map.h"
#include "sinks/redis/storage_mode.h"
#include "sinks/redis/type_forecast.h"

namespace ksink::redis {

class ClusterWriter : public SinkWriter {
 public:
  // `node` has the credentials and TLS settings every node gets; its host and port are unused.
  ClusterWriter(ConnectionSettings node, std::vector<NodeAddress> seeds,
                std::vector<StoragePlan> plans, size_t batch_size, ReplicaAcks acks,
                bool stop_at_error = false, std::string log_prefix = {});
  void write(std::span<const SinkItem> items, std::span<WriteResult> results) override;
  void submit(std::span<const SinkItem> items) override;
  void complete(std::span<WriteResult> results) override;
  // Reads the slot map now (at open): a connection error, or nothing.
  std::optional<ConnectionError> probe();
  const SlotMap& slot_map() const { return map_; }

 private:
  // An encoded record: its bytes in buffer_, how many commands, its slot.
  struct Encoded {
    size_t begin = 0, end = 0;
    uint32_t commands = 0;
    uint16_t slot = 0;
  };
  // Where a record goes in a round; `ask` (ASK redirect): ASKING first.
  struct Target {
    size_t item;
    NodeAddress node;
    bool ask = false;
  };
  // One node's pipeline of a round.
  struct NodePipeline {
    Connection* connection = nullptr;
    std::string out;
    size_t commands = 0;
    std::vector<std::pair<size_t, bool>> entries;  // (item, asked) in send order
    bool waits = false;                            // ends with WAIT
    bool started = false;
    ConnectionError error;
    std::vector<Reply> replies;
    bool ok = false;  // every reply read (read_round())
  };

  Connection& connection(const NodeAddress& node);
  // Reads the map from the first node that answers: known masters, replicas, then the seeds.
  std::optional<ConnectionError> refresh();
  void encode(std::span<const SinkItem> items, std::span<WriteResult> results);
  // THROW: asks the masters route() chose the types of the keys the batch's ZADD, GEOADD and
  // XADD write (all masters at once) and leaves unsent, and out of `targets`, every command
  // after the first one Redis will refuse (type_forecast.h).
  void forecast(std::span<WriteResult> results, std::vector<Target>& targets);
  // The TYPE rounds of forecast(): redirects followed as for writes.
  void ask_types(std::vector<Target> targets);
  // After the replies: what forecast() left unsent names the record that failed first.
  void settle_forecast(std::span<WriteResult> results);
  // Targets for every record still Written after encoding; unroutable ones become Unavailable.
  std::vector<Target> route(std::span<WriteResult> results);
  void send(const std::vector<Target>& targets);
  // Writes the rest of every pipeline of the round, all nodes at once.
  void send_all();
  // send_all(), then reads every pipeline's replies (Missing where its node failed; the map is
  // then read again before the next attempt).
  void read_round();
  // Where a redirect sends the record: its node's host filled in, and a MOVED learnt by the map.
  Target follow(size_t item, Redirect& redirect, const NodePipeline& p);
  // Reads the replies of the round, fills results, returns the records to send again.
  std::vector<Target> collect(std::span<WriteResult> results);
  // The rounds after the first: redirects followed until none is left (or too many).
  void finish_rounds(std::vector<Target> next, std::span<WriteResult> results);
  void write_chunk(std::span<const SinkItem> items, std::span<WriteResult> results);

  ConnectionSettings node_settings_;
  std::vector<NodeAddress> seeds_;
  std::vector<StoragePlan> plans_;
  std::unordered_map<const kcql::Statement*, const StoragePlan*> plan_of_;
  size_t batch_size_;
  ReplicaAcks acks_;
  // THROW: nothing after a record that cannot be encoded is sent (docs/redis-sink.md "Errors").
  bool stop_ = false;
  bool refusable_ = false;          // the batch has a command Redis may refuse (StoragePlan)
  TypeForecast forecast_;
  std::optional<size_t> refused_;   // the record forecast() expects Redis to refuse
  bool truncated_ = false;          // ... whose commands after the refused one were not sent
  bool type_denied_warned_ = false;
  std::string log_prefix_;  // "[connector|task-N]" (control/log.h)

  SlotMap map_;
  bool stale_ = true;             // read the map before the next write
  bool refreshed_in_batch_ = false;  // MOVED reads the map once per batch, not per key
  bool moved_ = false;               // the last round had a MOVED
  std::map<std::string, std::unique_ptr<Connection>> connections_;  // by "host:port"

  CommandBuffer buffer_;
  std::vector<Encoded> encoded_;
  EncodeScratch scratch_;
  std::map<std::string, NodePipeline> round_;  // by "host:port"
  std::vector<WriteResult> submitted_results_;
  bool pipelined_ = false;
};

}  // namespace ksink::redis
