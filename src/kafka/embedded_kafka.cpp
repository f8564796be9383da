#include "kafka/embedded_kafka.h"

#include <fmt/format.h>

namespace ksink::kafka {

Result<std::unique_ptr<EmbeddedKafka>> EmbeddedKafka::start(int brokers) {
  std::unique_ptr<EmbeddedKafka> k(new EmbeddedKafka());
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  static const ClientContext context{"Embedded Kafka:"};
  route_logs(conf, &context);
  rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    return Error{std::string("cannot start the embedded Kafka: ") + err};
  }
  k->rk_.reset(rk);
  k->cluster_ = rd_kafka_mock_cluster_new(rk, brokers);
  if (!k->cluster_) return Error{"cannot start the embedded Kafka: mock cluster creation failed"};
  k->bootstrap_ = rd_kafka_mock_cluster_bootstraps(k->cluster_);
  return k;
}

EmbeddedKafka::~EmbeddedKafka() {
  client_.reset();
  if (cluster_) rd_kafka_mock_cluster_destroy(cluster_);
}

std::vector<EmbeddedKafka::Truncated> EmbeddedKafka::dropped_records() {
  std::vector<Truncated> out;
  if (!client_) {
    static const ClientContext context{"Embedded Kafka (retention check):"};
    auto conf = make_conf({{"bootstrap.servers", bootstrap_}, {"log_level", "3"}}, &context);
    if (!conf) return out;
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof err);
    if (!rk) return out;
    conf->release();
    client_.reset(rk);
  }
  const rd_kafka_metadata_t* md = nullptr;
  if (rd_kafka_metadata(client_.get(), 1, nullptr, &md, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
    return out;
  for (int t = 0; t < md->topic_cnt; ++t) {
    const auto& topic = md->topics[t];
    for (int p = 0; p < topic.partition_cnt; ++p) {
      int64_t low = 0, high = 0;
      if (rd_kafka_query_watermark_offsets(client_.get(), topic.topic, topic.partitions[p].id,
                                           &low, &high, 5000) == RD_KAFKA_RESP_ERR_NO_ERROR &&
          low > 0)
        out.push_back({topic.topic, topic.partitions[p].id, low});
    }
  }
  rd_kafka_metadata_destroy(md);
  return out;
}

Status EmbeddedKafka::create_topic(const std::string& name, int partitions) {
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1);
  if (err)
    return Error{fmt::format("cannot create topic '{}': {}", name, rd_kafka_err2str(err))};
  return {};
}

}  // namespace ksink::kafka
