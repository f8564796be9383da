// Kafka's configuration providers, so connector files keep secrets out of themselves as they do
// under Kafka Connect: the worker names providers (`config.providers=file`,
// `config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider`) and a
// connector value `${file:/etc/ksink/secrets.properties:redis.password}` is read from there when
// the connector is validated and started. The configuration kept and shown (REST) keeps the
// placeholder. Built in: FileConfigProvider (a key of a properties file), DirectoryConfigProvider
// (a file's content) and EnvVarConfigProvider (an environment variable).
#pragma once

#include <string>
#include <vector>

#include "config/config_def.h"
#include "config/properties.h"

namespace ksink {

// The worker's providers: problems for a provider class ksink does not have.
std::vector<ConfigProblem> check_config_providers(const Config& worker);

// `raw` with each `${provider:[path:]key}` of a provider the worker names replaced by its value;
// placeholders of other names stay as written (as in Kafka). A value that cannot be had (no such
// file or key) is a problem naming the configuration key, never the value read.
ConfigMap resolve_config_providers(const ConfigMap& raw, const Config& worker,
                                   std::vector<ConfigProblem>& problems);

}  // namespace ksink
