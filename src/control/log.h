// One log line per event, prefixed with the connector and task like Kafka Connect's
// "[redis-sink|task-0]" context. Messages never carry secrets: callers pass masked values.
#pragma once

#include <spdlog/spdlog.h>

namespace ksink {

// Sets the line format and level ("info", "debug", ... from KSINK_LOG_LEVEL) once per process.
void setup_logging();

}  // namespace ksink
