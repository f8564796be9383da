#include "kafka/partition_lag.h"

namespace ksink::kafka {

void for_each_partition_behind(
    rd_kafka_t* rk, const std::function<void(const rd_kafka_topic_partition_t&, int64_t)>& f) {
  rd_kafka_topic_partition_list_t* list = nullptr;
  if (rd_kafka_assignment(rk, &list) != RD_KAFKA_RESP_ERR_NO_ERROR) return;
  if (list->cnt > 0 && rd_kafka_position(rk, list) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < list->cnt; ++i) {
      const auto& e = list->elems[i];
      int64_t low = 0, high = 0;
      if (e.offset < 0 ||
          rd_kafka_get_watermark_offsets(rk, e.topic, e.partition, &low, &high) !=
              RD_KAFKA_RESP_ERR_NO_ERROR ||
          high <= e.offset)
        continue;
      f(e, high - e.offset);
    }
  }
  rd_kafka_topic_partition_list_destroy(list);
}

}  // namespace ksink::kafka
