#include "sinks/builtin_sinks.h"

#include "pipeline/sink.h"
#include "sinks/redis/redis_sink.h"
#include "sinks/voltdb/voltdb_sink.h"

namespace ksink {

void register_builtin_sinks() {
  static bool done = false;
  if (done) return;
  done = true;
  auto& registry = SinkRegistry::instance();
  registry.add(redis::make_redis_sink());
  registry.add(voltdb::make_voltdb_sink());
}

}  // namespace ksink
