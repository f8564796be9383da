#include "kafka/client_config.h"

#include <fmt/format.h>

namespace ksink::kafka {

Result<ConfPtr> make_conf(const ConfigMap& settings, const ClientContext* context) {
  ConfPtr conf(rd_kafka_conf_new());
  route_logs(conf.get(), context);
  char err[512];
  for (const auto& [k, v] : settings) {
    if (rd_kafka_conf_set(conf.get(), k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
      return Error{fmt::format("invalid Kafka client setting '{}': {}", k, err)};
  }
  return conf;
}

}  // namespace ksink::kafka
