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

}  // namespace ksink::kafka
