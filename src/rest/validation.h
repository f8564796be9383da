// PUT /connector-plugins/{type}/config/validate and GET /connector-plugins/{type}/config:
// Kafka Connect's ConfigInfos shape, with every problem attached to the key it is about
// (`configs[].value.errors`), KCQL problems included.
#pragma once

#include <string>
#include <string_view>

#include "rest/json.h"
#include "control/reply.h"
#include "pipeline/sink.h"

namespace ksink::rest {

// A plugin by alias ("redis"), full class name, simple class name ("RedisSinkConnector") or
// simple name without the "Connector" suffix ("RedisSink"), as Kafka Connect resolves aliases.
const SinkPlugin* find_plugin(std::string_view name);

// The validation of `config` (a flat connector configuration) against the plugin `type`.
// 400 when `type` is no plugin of ksink or the config's connector.class names another one.
Reply<Json> validate_config(const Config& worker, const std::string& type, const ConfigMap& config);

// The definitions of every key the plugin accepts (connector keys, then the sink's).
Reply<Json> plugin_config(const std::string& type);

// GET /connector-plugins: one entry per accepted class name.
Json plugin_list();

}  // namespace ksink::rest
