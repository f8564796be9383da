// The settings every connector has (name, class, tasks, topics, converters, errors.*) and the
// validation of a connector's whole configuration against its sink, which makes its
// ConnectorSpec (pipeline/connector_spec.h; the sinks' error policy keys: pipeline/error_policy.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config_def.h"
#include "pipeline/connector_spec.h"

namespace ksink {

const ConfigDef& connector_config_def();
const std::vector<std::string>& connector_passthrough_prefixes();

struct ConnectorValidation {
  std::unique_ptr<ConnectorSpec> spec;  // null when there are problems
  std::vector<ConfigProblem> problems;
  std::vector<std::string> warnings;
};

// Adds the problems and warnings of the Kafka client keys under `prefix` ("consumer.override.",
// a worker's "consumer." ...): Java-only settings, JKS stores, what librdkafka refuses.
void check_client_settings(const Config& config, const std::string& prefix,
                           std::vector<ConfigProblem>& problems,
                           std::vector<std::string>& warnings);

// `worker` supplies the converter defaults (and their settings) a connector may override.
// `raw` as submitted: placeholders of the worker's configuration providers are read here.
ConnectorValidation validate_connector(const Config& worker, const ConfigMap& raw);

// The problems as one message: "Connector configuration is invalid and contains the following
// N error(s):\n<one per line>" (Kafka Connect's wording).
std::string describe_problems(const std::vector<ConfigProblem>& problems);

}  // namespace ksink
