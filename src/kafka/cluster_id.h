// The id of the Kafka cluster a client reaches, as the REST API's GET / reports it.
#pragma once

#include <string>

#include "config/properties.h"

namespace ksink::kafka {

// Asks the cluster at the settings' bootstrap.servers for its id (waits up to `timeout_ms`);
// "" on failure.
std::string query_cluster_id(const ConfigMap& client_settings, int timeout_ms);

}  // namespace ksink::kafka
