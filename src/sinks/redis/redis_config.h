// The Redis sink's settings (docs/redis-sink.md), canonical names with the older spellings.
#pragma once

#include "config/config_def.h"
#include "sinks/redis/connection.h"

namespace ksink::redis {

const ConfigDef& redis_config_def();
ConnectionSettings connection_settings(const Config& config);

}  // namespace ksink::redis
