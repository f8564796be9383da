// Kafka client settings as Kafka Connect users write them, made into librdkafka's.
//
// A Connect worker's `consumer.*` / `producer.*` / `admin.*` keys and a connector's
// `consumer.override.*` / `producer.override.*` keys are written for Kafka's Java clients.
// librdkafka shares most of their names, not all: unchanged, a worker file with
// `consumer.max.poll.records=500` (a common line) would fail every task. So each setting is
// either passed on, renamed to librdkafka's equivalent (`fetch.max.wait.ms` ->
// `fetch.wait.max.ms`, Java assignor class names -> librdkafka's names), ignored with a warning
// when it has no effect librdkafka could give it (`max.poll.records`, deserializers, metrics
// reporters), or refused with what to write instead (JKS key stores, Java callback classes). What
// is passed on is checked against librdkafka at once, so a mistake is found when the
// configuration is read, not when a task starts, and named as the user wrote it.
#pragma once

#include <string>
#include <vector>

#include "config/config_def.h"
#include "config/properties.h"

namespace ksink::kafka {

struct ClientSettings {
  ConfigMap settings;                 // for librdkafka
  std::vector<std::string> warnings;  // settings ignored, and why
  // Keyed as written ("consumer.override.ssl.keystore.type"); never the value of a secret.
  std::vector<ConfigProblem> problems;
};

// Adds every entry of `keys` (the part after `prefix`, as Config::with_prefix gives them) to
// `out`; a later call overrides an earlier one's settings (a connector's overrides after the
// worker's keys).
void add_client_settings(ClientSettings& out, const std::string& prefix, const ConfigMap& keys);

// The librdkafka settings alone, for keys checked when their configuration was read (its
// problems refused it, its warnings were logged then).
ConfigMap librdkafka_settings(const std::string& prefix, const ConfigMap& keys);

}  // namespace ksink::kafka
