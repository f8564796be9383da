// What each assigned partition holds in Kafka beyond the consumer's position, as the last fetch
// reported its high watermark: no request is made. Shared by the lag metric
// (Consumer::max_lag) and the fetch waker (kafka/fetch_waker.h).
#pragma once

#include <librdkafka/rdkafka.h>

#include <cstdint>
#include <functional>

namespace ksink::kafka {

// Calls `f(partition, records beyond its position)` for each assigned partition with a known
// position and a high watermark beyond it.
void for_each_partition_behind(
    rd_kafka_t* rk, const std::function<void(const rd_kafka_topic_partition_t&, int64_t)>& f);

}  // namespace ksink::kafka
