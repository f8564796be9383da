// The Redis sink: Stream Reactor's RedisSinkConnector, natively.
#pragma once

#include <memory>

#include "pipeline/sink.h"

namespace ksink::redis {

std::unique_ptr<SinkPlugin> make_redis_sink();

}  // namespace ksink::redis
