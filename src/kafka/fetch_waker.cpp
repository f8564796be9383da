#include "kafka/fetch_waker.h"

#include <algorithm>
#include <chrono>

#include "kafka/partition_lag.h"

namespace ksink::kafka {

using namespace std::chrono_literals;

namespace {
// How often the queue is looked at while the task is behind (and while it has caught up), and
// the least time between two wake-ups: a wake-up is one small request per partition leader, so
// at most 200 a second, and only while the task is behind.
constexpr auto kLook = 2ms;
constexpr auto kLookCaughtUp = 50ms;
constexpr auto kBetweenWakes = 5ms;
constexpr int kRequestTimeoutMs = 500;
}  // namespace

FetchWaker::FetchWaker(rd_kafka_t* rk, int64_t queued_min_messages)
    : rk_(rk),
      queue_(rd_kafka_queue_get_consumer(rk)),
      low_mark_(static_cast<size_t>(std::max<int64_t>(queued_min_messages / 2, 1))),
      thread_([this] { run(); }) {}

FetchWaker::~FetchWaker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
  if (queue_) rd_kafka_queue_destroy(queue_);
}

uint64_t FetchWaker::wakes() const {
  std::lock_guard lock(mu_);
  return wakes_;
}

int64_t FetchWaker::unfetched(size_t queued, rd_kafka_topic_partition_list_t** list) const {
  *list = nullptr;
  int64_t beyond = 0;
  for_each_partition_behind(rk_, [&](const rd_kafka_topic_partition_t& e, int64_t behind) {
    beyond += behind;
    if (!*list) *list = rd_kafka_topic_partition_list_new(4);
    rd_kafka_topic_partition_list_add(*list, e.topic, e.partition)->offset =
        RD_KAFKA_OFFSET_END;  // "latest": any answer will do
  });
  // The queue holds records past the position: those were fetched.
  return beyond - static_cast<int64_t>(queued);
}

void FetchWaker::run() {
  auto last_wake = std::chrono::steady_clock::now() - kBetweenWakes;
  auto look = kLook;
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, look, [&] { return stop_; })) {
    lock.unlock();
    const size_t queued = rd_kafka_queue_length(queue_);
    bool woke = false;
    if (queued < low_mark_ && std::chrono::steady_clock::now() - last_wake >= kBetweenWakes) {
      rd_kafka_topic_partition_list_t* list = nullptr;
      const bool behind = unfetched(queued, &list) > 0 && list;
      if (behind) {
        // The answer does not matter: its request wakes each leader's broker thread.
        (void)rd_kafka_offsets_for_times(rk_, list, kRequestTimeoutMs);
        last_wake = std::chrono::steady_clock::now();
        woke = true;
      }
      if (list) rd_kafka_topic_partition_list_destroy(list);
      look = behind ? kLook : kLookCaughtUp;
    } else {
      look = kLook;
    }
    lock.lock();
    if (woke) ++wakes_;
  }
}

}  // namespace ksink::kafka
