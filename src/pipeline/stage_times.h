// Where a task's wall time goes, stage by stage (docs/performance.md "Where the wall time goes"):
// the task thread adds the time of each step of its loop, so a run shows which stage it waits on
// (Kafka, the target) and which it works in (converting, sending, committing). A clock read per
// step of a batch, not per record.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

namespace ksink {

enum class Stage {
  Idle,     // polling Kafka with nothing read and nothing in flight: no work at all
  Kafka,    // polling Kafka while there is work: fetch and the consumer's queue
  Convert,  // converting, transforming and routing a batch's records
  Send,     // encoding a batch for the target and sending it
  Target,   // waiting for the target's replies, the error policy, acknowledging
  Commit,   // committing offsets
};
inline constexpr size_t kStages = 6;

const char* stage_name(Stage s);

class StageTimes {
 public:
  void add(Stage s, std::chrono::steady_clock::duration d) {
    ns_[size_t(s)].fetch_add(uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count()),
                             std::memory_order_relaxed);
  }
  double seconds(Stage s) const {
    return double(ns_[size_t(s)].load(std::memory_order_relaxed)) / 1e9;
  }
  // "busy 3.2 s: Kafka 0.4 s (12%), converting 0.9 s (28%), ..." over the time with work.
  std::string summary() const;

 private:
  std::array<std::atomic<uint64_t>, kStages> ns_{};
};

// Times one step: adds the time from construction to the next lap() or destruction to a stage.
class StageTimer {
 public:
  explicit StageTimer(StageTimes& times) : times_(times), start_(std::chrono::steady_clock::now()) {}
  void lap(Stage s) {
    auto now = std::chrono::steady_clock::now();
    times_.add(s, now - start_);
    start_ = now;
  }

 private:
  StageTimes& times_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace ksink
