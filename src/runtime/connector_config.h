// The settings every connector has (name, class, tasks, topics, converters, errors.*), the keys
// each sink defines under its own prefix (error policy, retries, batch size), and the validation
// of a connector's whole configuration against its sink.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config_def.h"
#include "kcql/statement.h"
#include "runtime/sink.h"
#include "transforms/chain.h"

namespace ksink {

const ConfigDef& connector_config_def();
const std::vector<std::string>& connector_passthrough_prefixes();

// Adds `<prefix>error.policy`, `max.retries`, `retry.interval`, `batch.size` to a sink's
// definitions; `aliases` are older prefixes whose spellings stay accepted
// ("connect.volt.sink." for "connect.volt.").
void define_error_policy_keys(ConfigDef& def, const std::string& prefix,
                              const std::vector<std::string>& alias_prefixes,
                              const std::vector<std::string>& extra_retry_aliases = {});

enum class ErrorPolicy { Throw, Noop, Retry };

// A connector configuration checked against the worker's defaults and its sink: everything a
// task needs, or every problem found.
struct ConnectorSpec {
  std::string name;
  const SinkPlugin* plugin = nullptr;
  Config config;                       // connector keys + sink keys, validated
  std::vector<kcql::Statement> statements;
  std::vector<std::string> topics;     // topics= (empty with topics.regex)
  std::string topics_regex;
  ErrorPolicy policy = ErrorPolicy::Throw;
  int max_retries = 20;
  int64_t retry_interval_ms = 60000;
  size_t batch_size = 1000;
  // The connector's Single Message Transforms; empty when it has none. Shared by its tasks.
  std::shared_ptr<const transforms::TransformChain> transforms;
  std::string key_converter, value_converter;
  ConfigMap key_converter_settings, value_converter_settings;
};

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
