// The VoltDB sink: Stream Reactor's VoltSinkConnector, natively (spec.md section 7).
#pragma once

#include <memory>

#include "pipeline/sink.h"

namespace ksink::voltdb {

std::unique_ptr<SinkPlugin> make_voltdb_sink();

}  // namespace ksink::voltdb
