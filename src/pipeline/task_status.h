// Task and connector states as Kafka Connect reports them, and the counters behind its sink-task
// metrics.
#pragma once

#include <atomic>
#include <mutex>
#include <vector>
#include <cstdint>
#include <string>
#include <string_view>

#include "pipeline/stage_times.h"

namespace ksink {

enum class State { Unassigned, Running, Paused, Stopped, Failed, Restarting };

std::string_view state_name(State s);

struct TaskStatus {
  State state = State::Unassigned;
  std::string trace;  // why a FAILED task failed
};

// The names of a task's assigned partitions ("orders-0"), for the status page: written by the
// task thread at a rebalance, read by the REST thread.
class AssignedPartitions {
 public:
  void set(std::vector<std::string> names) {
    std::lock_guard lock(mu_);
    names_ = std::move(names);
  }
  std::vector<std::string> get() const {
    std::lock_guard lock(mu_);
    return names_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<std::string> names_;
};

// Kafka Connect's sink-task metric vocabulary (connect-compat.md).
struct TaskMetrics {
  std::atomic<uint64_t> records_read{0};          // sink-record-read-total
  std::atomic<uint64_t> records_written{0};       // sink-record-send-total
  std::atomic<uint64_t> record_errors{0};         // total-record-errors
  std::atomic<uint64_t> record_failures{0};       // total-record-failures
  std::atomic<uint64_t> records_skipped{0};       // total-records-skipped
  std::atomic<uint64_t> retries{0};               // total-retries
  std::atomic<uint64_t> dlq_produce_requests{0};  // deadletterqueue-produce-requests
  std::atomic<uint64_t> dlq_produce_failures{0};  // deadletterqueue-produce-failures
  std::atomic<uint64_t> commits{0};               // offset-commit-completion-total
  std::atomic<uint64_t> commits_skipped{0};       // offset-commit-skip-total
  std::atomic<uint64_t> put_batch_max_ms{0};      // put-batch-max-time-ms
  std::atomic<uint64_t> put_batch_total_ms{0};
  std::atomic<uint64_t> put_batches{0};
  std::atomic<int64_t> partitions{0};             // partition-count
  // Gauges set at each commit interval.
  std::atomic<int64_t> active_records{0};         // sink-record-active-count
  std::atomic<int64_t> lag_max{0};                // sink-record-lag-max
  StageTimes stages;  // ksink's own: where the task's wall time goes
  AssignedPartitions assigned;
};

}  // namespace ksink
