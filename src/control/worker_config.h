// The worker's settings (worker.properties), as Kafka Connect names them.
#pragma once

#include "config/config_def.h"

namespace ksink {

const ConfigDef& worker_config_def();
// Prefixes passed through untouched: librdkafka client settings and converter settings.
const std::vector<std::string>& worker_passthrough_prefixes();

}  // namespace ksink
