// One librdkafka high-level consumer, as a task uses it: subscribe, poll, pause/resume, commit
// explicit offsets, and hear about partitions assigned and revoked (eager or cooperative).
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "kafka/client_config.h"
#include "kafka/fetch_waker.h"
#include "kafka/message.h"
#include "kafka/topic_partition.h"

namespace ksink::kafka {

struct OffsetToCommit {
  TopicPartition tp;
  int64_t offset;  // the next offset to read, as Kafka stores it
};

class Consumer {
 public:
  struct Listener {
    // Called from poll(), before the assignment takes effect / after the revocation is decided
    // but before the partitions are given up: the place to commit what was written.
    std::function<void(const std::vector<TopicPartition>&)> on_assigned;
    std::function<void(const std::vector<TopicPartition>&)> on_revoked;
  };

  // `settings` are librdkafka properties (bootstrap.servers, group.id, overrides...);
  // `log_prefix` starts its log lines ("[sink|task-0]"; kafka/client_log.h).
  static Result<std::unique_ptr<Consumer>> create(const ConfigMap& settings, Listener listener,
                                                  const std::string& log_prefix);
  ~Consumer();

  // Topic names, or one regex pattern (Kafka Connect's topics.regex) when `regex` is set.
  Status subscribe(const std::vector<std::string>& topics, const std::string& regex);

  // One message, or an empty one on timeout. Consumer errors that are not about a message (broker
  // down, ...) are logged by librdkafka's retries and do not surface here; fatal ones do.
  Message poll(std::chrono::milliseconds timeout);

  // Commits and waits at most `timeout` for the coordinator's answer: with Kafka unreachable a
  // commit would otherwise wait for as long as librdkafka retries. A commit not answered in
  // time is an error; it may still be applied later (offsets only ever move to written ones).
  Status commit(const std::vector<OffsetToCommit>& offsets, std::chrono::milliseconds timeout);
  void pause(const std::vector<TopicPartition>& tps);
  void resume(const std::vector<TopicPartition>& tps);
  std::vector<TopicPartition> assignment() const;
  // The most records any assigned partition has beyond what was polled from it (its high
  // watermark as the last fetch reported it, minus the position): Kafka Connect's
  // sink-record-lag-max. No request is made; partitions not read from yet are left out.
  int64_t max_lag() const;
  // Revokes the assignment (the listener commits), then waits at most `timeout`. With
  // `leave_group`, the consumer leaves its group even as a static member (group.instance.id),
  // whose close alone keeps its partitions until session.timeout.ms so that the same member
  // coming back takes them at once (KIP-345; librdkafka sends no LeaveGroup for a static member
  // on close, but does on unsubscribe). False when the close did not complete in time.
  // Idempotent.
  bool close(std::chrono::milliseconds timeout, bool leave_group);

  rd_kafka_t* handle() const { return rk_.get(); }
  // The fetcher's wake-ups so far (kafka/fetch_waker.h).
  uint64_t fetch_wakes() const { return waker_ ? waker_->wakes() : wakes_; }

 private:
  Consumer() = default;
  static void rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           rd_kafka_topic_partition_list_t* parts, void* opaque);
  // Before rk_: outlives the handle; on the heap, since a handle destroyed in the background
  // (~Consumer) takes it along.
  std::unique_ptr<ClientContext> context_;
  HandlePtr rk_;
  Listener listener_;
  bool close_started_ = false;
  rd_kafka_queue_t* queue_ = nullptr;  // the asynchronous close's, until it completes
  int64_t queued_min_messages_ = 100000;  // librdkafka's default
  std::unique_ptr<FetchWaker> waker_;      // from subscribe() to close()
  uint64_t wakes_ = 0;                     // the waker's count, once it is gone
};

std::vector<TopicPartition> to_vector(const rd_kafka_topic_partition_list_t* list);

}  // namespace ksink::kafka
