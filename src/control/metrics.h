// The sink-task metrics of this process in Prometheus's text format (version 0.0.4), served as
// GET /metrics. Kafka Connect's metric names (connect-compat.md) so dashboards port over: a
// `ksink_` prefix, dashes as underscores, labels `connector` and `task`.
#pragma once

#include <string>

#include "control/worker.h"

namespace ksink {

std::string prometheus_metrics(Worker& worker);

}  // namespace ksink
