#include "kafka/embedded_kafka.h"

#include <fmt/format.h>

namespace ksink::kafka {

Result<std::unique_ptr<EmbeddedKafka>> EmbeddedKafka::start(int brokers) {
  std::unique_ptr<EmbeddedKafka> k(new EmbeddedKafka());
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
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
  if (cluster_) rd_kafka_mock_cluster_destroy(cluster_);
}

Status EmbeddedKafka::create_topic(const std::string& name, int partitions) {
  rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster_, name.c_str(), partitions, 1);
  if (err)
    return Error{fmt::format("cannot create topic '{}': {}", name, rd_kafka_err2str(err))};
  return {};
}

}  // namespace ksink::kafka
