#include "kafka/cluster_id.h"

#include "kafka/client_config.h"

namespace ksink::kafka {

std::string query_cluster_id(const ConfigMap& settings, int timeout_ms) {
  static const ClientContext context{"Kafka (cluster id):"};
  auto conf = make_conf(settings, &context);
  if (!conf) return "";
  char err[256];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof err);
  if (!rk) return "";
  conf->release();
  std::string id;
  if (char* c = rd_kafka_clusterid(rk, timeout_ms)) {
    id = c;
    rd_kafka_mem_free(rk, c);
  }
  rd_kafka_destroy(rk);
  return id;
}

ClusterProbe::ClusterProbe(const ConfigMap& settings) {
  static const ClientContext context{"Kafka (health probe):"};
  auto conf = make_conf(settings, &context);
  if (!conf) {
    setup_error_ = conf.error().message;
    return;
  }
  char err[256] = {};
  rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof err);
  if (!rk_) {
    setup_error_ = err;
    return;
  }
  conf->release();
}

ClusterProbe::~ClusterProbe() {
  if (rk_) rd_kafka_destroy(rk_);
}

std::string ClusterProbe::check(int timeout_ms) {
  if (!rk_) return setup_error_;
  const struct rd_kafka_metadata* md = nullptr;
  // Brokers only (no topic): the cheapest request a broker must answer.
  const rd_kafka_resp_err_t e = rd_kafka_metadata(rk_, 0, nullptr, &md, timeout_ms);
  if (md) rd_kafka_metadata_destroy(md);
  if (e == RD_KAFKA_RESP_ERR_NO_ERROR) return "";
  return rd_kafka_err2str(e);
}

}  // namespace ksink::kafka
