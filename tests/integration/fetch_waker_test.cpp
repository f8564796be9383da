// The fetch waker (kafka/fetch_waker.h) against the embedded Kafka: a consumer whose queue filled
// up to queued.min.messages (librdkafka 2.0's fetcher then stops and looks again only up to a
// second later) and was then emptied, while Kafka holds more, has its fetcher woken. Its effect
// on throughput is measured by bench/redis-throughput.sh (docs/performance.md).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "integration/fixtures/kafka_cluster.h"
#include "kafka/consumer.h"
#include "support/process.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;

TEST(FetchWaker, AQueueEmptiedWhileKafkaHasMoreWakesTheFetcher) {
  KafkaCluster kafka;
  kafka.create_topic("w");
  constexpr int kRecords = 10000;
  kafka.produce_values("w", std::vector<std::string>(kRecords, std::string(100, 'x')));

  auto consumer = kafka::Consumer::create({{"bootstrap.servers", kafka.bootstrap()},
                                           {"group.id", "fetch-waker"},
                                           {"auto.offset.reset", "earliest"},
                                           {"enable.auto.commit", "false"},
                                           {"queued.min.messages", "1000"},
                                           {"log_level", "3"}},
                                          {}, "[fetch-waker-test]");
  ASSERT_TRUE(consumer.ok()) << consumer.error().message;
  ASSERT_TRUE((*consumer)->subscribe({"w"}, "").ok());
  rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer((*consumer)->handle());

  int got = 0, emptied = 0;
  const auto give_up = std::chrono::steady_clock::now() + 60s;
  while (got < kRecords && std::chrono::steady_clock::now() < give_up) {
    // The fetcher fills the queue up to queued.min.messages (or Kafka's end) and stops...
    eventually([&] { return rd_kafka_queue_length(queue) >= 1000; }, 1s);
    // ...the task empties it at once and looks at other things for a moment.
    while (kafka::Message m = (*consumer)->poll(got == 0 ? 100ms : 0ms))
      if (!m.is_error()) ++got;
    ++emptied;
    std::this_thread::sleep_for(20ms);
  }
  rd_kafka_queue_destroy(queue);
  EXPECT_EQ(got, kRecords);
  // The queue was emptied with records left in Kafka: the waker sent its request.
  EXPECT_GE((*consumer)->fetch_wakes(), 1u) << emptied << " times emptied";
  (*consumer)->close(5s, true);
}

}  // namespace
}  // namespace ksink::test
