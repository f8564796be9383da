// The VoltDB sink: Stream Reactor's VoltSinkConnector, natively (docs/voltdb-sink.md).
#pragma once

#include <memory>

#include "pipeline/sink.h"

namespace ksink::voltdb {

std::unique_ptr<SinkPlugin> make_voltdb_sink();

}  // namespace ksink::voltdb
