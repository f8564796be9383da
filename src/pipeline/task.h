// A task owns one Kafka consumer and one sink writer and runs the loop
// poll -> convert -> route -> write -> acknowledge -> commit on its own thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "convert/converter.h"
#include "kafka/consumer.h"
#include "kafka/message.h"
#include "kafka/producer.h"
#include "pipeline/connector_spec.h"
#include "pipeline/offset_tracker.h"
#include "pipeline/task_status.h"

namespace ksink {

struct TaskSettings {
  ConfigMap consumer;  // librdkafka settings: bootstrap, group.id, worker consumer.*, overrides
  ConfigMap producer;  // for the dead-letter topic
  int64_t commit_interval_ms = 1000;
  int64_t commit_timeout_ms = 5000;    // offset.flush.timeout.ms: the longest wait for a commit
  int64_t shutdown_timeout_ms = 5000;  // task.shutdown.graceful.timeout.ms
};

class Task {
 public:
  Task(std::shared_ptr<const ConnectorSpec> spec, int id, TaskSettings settings);
  ~Task();
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  void start();
  // Stops fetching, abandons unacknowledged writes (uncommitted), commits what was written and
  // closes the consumer, all by `deadline` (docs/operations.md "Stopping"). With
  // `leave_group` the consumer leaves its group; without, a static member keeps its partitions
  // for the task that replaces it. Does not wait.
  void request_stop(std::chrono::steady_clock::time_point deadline, bool leave_group);
  // Waits until the task's thread has ended or `until` passes; true when it ended (and was
  // joined). A task still running at its deadline is stuck in its target's write.
  bool wait_stopped(std::chrono::steady_clock::time_point until);
  // request_stop with task.shutdown.graceful.timeout.ms, then waits for the thread however long.
  void stop(bool leave_group = true);
  void pause();
  void resume();

  int id() const { return id_; }
  // What the task's thread is doing, for the message of a stop that did not end in time.
  const char* doing() const { return doing_.load(std::memory_order_relaxed); }
  TaskStatus status() const;
  const TaskMetrics& metrics() const { return metrics_; }

 private:
  struct Polled {
    kafka::Message msg;
    void* slot;      // its partition's Assignment (declared below)
    uint64_t epoch;           // the partition's assignment generation when it arrived
  };
  struct Batch;  // pipeline/task_batch.h
  // Per partition: its assignment generation (bumped on every assign and revoke, so records
  // that arrived before a revocation are recognised as stale) and whether it is assigned now.
  struct Assignment {
    uint64_t epoch = 0;
    bool assigned = false;
    OffsetTracker::Partition* offsets = nullptr;  // while assigned
  };
  // Whether a record taken in generation `epoch` of its partition may still be acknowledged.
  static bool current(const Assignment* a, uint64_t epoch) { return a->assigned && a->epoch == epoch; }

  void run();
  bool setup();
  void loop();
  void collect(std::vector<Polled>& out, bool wait);
  std::unique_ptr<Batch> prepare(std::vector<Polled>& polled);
  void finish(Batch& batch);
  // Finishes the oldest batch in flight and keeps its memory as the spare.
  void finish_oldest(std::deque<std::unique_ptr<Batch>>& inflight);
  // A batch about to be retried while another waits behind it on the target: the one behind
  // is drained (its answers dropped) and marked to be sent again after the retry, so that
  // nothing of a partition is written before what precedes it.
  // See docs/architecture.md "Batches in flight".
  void resend_behind();
  void recycle(Batch& batch);
  bool convert(Batch& batch, size_t i, std::optional<std::string>& failure);
  // Applies the connector's transforms; false when the record was dropped, skipped or fails.
  bool transform(Batch& batch, size_t i, std::optional<std::string>& failure);
  // Puts back the topic, timestamp and headers the record was read with.
  void restore_source(Batch& batch, size_t i);
  void write_with_policy(Batch& batch, bool submitted);
  void finish_record(Batch& batch, size_t r);
  bool skip_record(Batch& batch, size_t r, const char* stage, const std::string& class_name,
                   const std::string& exception_class, const std::string& message);
  void fail(const std::string& message);
  void wait_paused(std::chrono::milliseconds delay);
  void commit(bool force);
  // The longest a commit may wait now: offset.flush.timeout.ms, and half of the time left to
  // the stop deadline once stopping.
  std::chrono::milliseconds commit_timeout();
  void report_progress(bool force);
  Assignment* assignment_of(const std::string& topic, int32_t partition);
  static void read_headers(const kafka::Message& m, Record& r);
  void publish_assignment();
  void on_assigned(const std::vector<TopicPartition>& tps);
  void on_revoked(const std::vector<TopicPartition>& tps);
  const std::vector<const kcql::Statement*>& statements_for(const std::string& topic);
  std::string log_prefix() const;

  std::shared_ptr<const ConnectorSpec> spec_;
  const int id_;
  TaskSettings settings_;

  std::unique_ptr<kafka::Consumer> consumer_;
  std::unique_ptr<SinkWriter> writer_;
  std::unique_ptr<Converter> key_converter_;
  std::unique_ptr<Converter> value_converter_;
  std::unique_ptr<kafka::Producer> dlq_;
  const transforms::TransformChain* transforms_ = nullptr;  // the spec's; null without transforms
  bool need_keys_ = false;  // a statement reads _key: only then are keys converted
  bool need_headers_ = false;  // a statement mentions headers: only then are they parsed
  std::string task_class_;  // the dead-letter class.name of TASK_PUT errors

  OffsetTracker tracker_;
  // Per partition (see Assignment); nodes are never erased, so pointers to them stay valid.
  std::unordered_map<TopicPartition, Assignment, TopicPartitionHash> partitions_;
  std::vector<Polled> carry_;  // messages that arrived while waiting; processed next
  std::unique_ptr<Batch> spare_;  // a finished batch, emptied, for the next one
  Batch* behind_ = nullptr;       // while finishing a batch: the one submitted after it, if any
  std::vector<Value> recycled_;   // record values of the last finished batch (recycle())
  std::vector<WriteResult> write_results_;  // write_with_policy()'s, reused
  // The partition of the last polled message (collect()).
  const void* last_topic_ = nullptr;  // kafka::Message::topic_id()
  int32_t last_partition_ = -1;
  Assignment* last_slot_ = nullptr;
  std::unordered_map<std::string, std::vector<const kcql::Statement*>> routes_;
  std::chrono::steady_clock::time_point last_commit_;
  std::chrono::steady_clock::time_point last_progress_;
  std::unordered_map<std::string, uint64_t> progress_;  // records written per topic since last log
  bool failed_ = false;
  std::atomic<const char*> doing_{"starting"};
  uint64_t fetch_wakes_ = 0;  // kafka/fetch_waker.h, for the log line at the end
  // When the target stopped answering (the first Unavailable outcome of an outage); empty while
  // it answers. Its end is logged once: "... reachable again after N s".
  std::optional<std::chrono::steady_clock::time_point> unavailable_since_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  TaskStatus status_;
  bool stopping_ = false;
  bool finished_ = false;  // run() has returned
  bool leave_group_ = true;
  std::chrono::steady_clock::time_point stop_deadline_;
  bool paused_ = false;
  TaskMetrics metrics_;
  std::thread thread_;
};

}  // namespace ksink
