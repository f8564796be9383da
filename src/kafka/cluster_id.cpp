#include "kafka/cluster_id.h"

#include "kafka/client_config.h"

namespace ksink::kafka {

ClusterProbe::ClusterProbe(const ConfigMap& settings, const char* log_prefix)
    : context_{log_prefix} {
  auto conf = make_conf(settings, &context_);
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

std::string ClusterProbe::cluster_id(int timeout_ms) {
  if (!rk_) return "";
  std::string id;
  if (char* c = rd_kafka_clusterid(rk_, timeout_ms)) {
    id = c;
    rd_kafka_mem_free(rk_, c);
  }
  return id;
}

std::string query_cluster_id(const ConfigMap& settings, int timeout_ms) {
  return ClusterProbe(settings, "Kafka (cluster id):").cluster_id(timeout_ms);
}

}  // namespace ksink::kafka
