// Wakes librdkafka's fetcher when the consumer's queue runs low while Kafka has more.
//
// librdkafka 2.0 stops fetching a partition once the consumer's queue holds queued.min.messages
// (or queued.max.messages.kbytes) and decides again only when its broker thread wakes up: at the
// next request or reply it handles, otherwise after up to a second (the thread's longest block).
// A task that empties its queue in a third of a second therefore waits two thirds of every
// second for Kafka (docs/performance.md "Where the wall time goes"; librdkafka 2.2 made that
// wait a setting, fetch.queue.backoff.ms, which 2.0 does not have). The waker watches the queue
// from a thread of its own and, once it holds less than half of queued.min.messages while the
// assigned partitions have records beyond what was fetched, sends one ListOffsets request per
// partition leader (rd_kafka_offsets_for_times): handling it wakes the broker threads, which then
// fetch again at once.
#pragma once

#include <librdkafka/rdkafka.h>

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace ksink::kafka {

class FetchWaker {
 public:
  // `rk`: a subscribed high-level consumer, which must outlive the waker.
  FetchWaker(rd_kafka_t* rk, int64_t queued_min_messages);
  ~FetchWaker();  // stops and joins the thread (a request in flight ends within its timeout)
  FetchWaker(const FetchWaker&) = delete;
  FetchWaker& operator=(const FetchWaker&) = delete;

  uint64_t wakes() const;  // the requests sent, for tests and the benchmark

 private:
  void run();
  // Records the assigned partitions hold in Kafka beyond what the consumer has fetched; the
  // assigned partitions with a known position in `list`, its offsets set to "latest".
  int64_t unfetched(size_t queued, rd_kafka_topic_partition_list_t** list) const;

  rd_kafka_t* rk_;
  rd_kafka_queue_t* queue_;  // the consumer's queue, whose length is watched
  const size_t low_mark_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  uint64_t wakes_ = 0;
  std::thread thread_;
};

}  // namespace ksink::kafka
