#include "kafka/java_client_keys.h"

#include <fmt/format.h>
#include <librdkafka/rdkafka.h>

#include <strings.h>

#include <algorithm>
#include <memory>
#include <string_view>


namespace ksink::kafka {

namespace {

// Java client settings librdkafka has no use for: the Java consumer's poll size (ksink batches
// by the sink's batch.size), (de)serializers (Connect's converters do that), JMX and metrics
// reporters, Java security providers and key managers, timeouts of Java-only calls.
constexpr std::string_view kIgnored[] = {
    "max.poll.records",
    "key.deserializer",
    "value.deserializer",
    "key.serializer",
    "value.serializer",
    "interceptor.classes",
    "metric.reporters",
    "metrics.num.samples",
    "metrics.recording.level",
    "metrics.sample.window.ms",
    "auto.include.jmx.reporter",
    "default.api.timeout.ms",
    "client.dns.lookup",
    "exclude.internal.topics",
    "security.providers",
    "ssl.provider",
    "ssl.protocol",
    "ssl.enabled.protocols",
    "ssl.keymanager.algorithm",
    "ssl.trustmanager.algorithm",
    "ssl.secure.random.implementation",
    "ssl.truststore.password",
    "socket.connection.setup.timeout.max.ms",
    "buffer.memory",
    "max.block.ms",
    "partitioner.class",
    "metadata.max.idle.ms",
    "sasl.kerberos.ticket.renew.jitter",
    "sasl.kerberos.ticket.renew.window.factor",
    "sasl.login.refresh.buffer.seconds",
    "sasl.login.refresh.min.period.seconds",
    "sasl.login.refresh.window.factor",
    "sasl.login.refresh.window.jitter",
    "sasl.login.connect.timeout.ms",
    "sasl.login.read.timeout.ms",
};

// Java classes ksink cannot load.
constexpr std::string_view kJavaClasses[] = {
    "sasl.client.callback.handler.class",
    "sasl.login.callback.handler.class",
    "sasl.login.class",
    "ssl.engine.factory.class",
};

struct Renamed {
  std::string_view java, librdkafka;
};
constexpr Renamed kRenamed[] = {
    {"fetch.max.wait.ms", "fetch.wait.max.ms"},
    {"send.buffer.bytes", "socket.send.buffer.bytes"},
    {"receive.buffer.bytes", "socket.receive.buffer.bytes"},
    {"max.request.size", "message.max.bytes"},
    {"ssl.truststore.certificates", "ssl.ca.pem"},
    {"ssl.keystore.certificate.chain", "ssl.certificate.pem"},
    {"ssl.keystore.key", "ssl.key.pem"},
};

struct Assignor {
  std::string_view java_class, librdkafka;
};
constexpr Assignor kAssignors[] = {
    {"org.apache.kafka.clients.consumer.RangeAssignor", "range"},
    {"org.apache.kafka.clients.consumer.RoundRobinAssignor", "roundrobin"},
    {"org.apache.kafka.clients.consumer.CooperativeStickyAssignor", "cooperative-sticky"},
};

bool listed(std::string_view key, const auto& list) {
  for (std::string_view k : list)
    if (k == key) return true;
  return false;
}

// Secrets are never echoed, and librdkafka's reasons may quote the value.
bool secret(std::string_view key) {
  for (std::string_view word : {"password", "secret", "jaas", "pem", "token"})
    if (key.find(word) != std::string_view::npos) return true;
  return false;
}

// librdkafka's answer to the setting on a scratch configuration, or "" when it takes it.
std::string librdkafka_objection(rd_kafka_conf_t* scratch, const std::string& key,
                                 const std::string& value) {
  char err[512];
  if (rd_kafka_conf_set(scratch, key.c_str(), value.c_str(), err, sizeof err) == RD_KAFKA_CONF_OK)
    return "";
  return err;
}

// partition.assignment.strategy: Java's class names as librdkafka's names, of one kind. Java
// lists eager and cooperative assignors together to migrate a group (Kafka 3's default is
// "RangeAssignor, CooperativeStickyAssignor"); librdkafka takes one kind only, and the first
// listed is the one a group of ksink consumers agrees on, so its kind stays and `dropped` names
// the rest. `problem`: an assignor librdkafka lacks (it checks names only when a client is made).
std::string librdkafka_assignors(const std::string& value, std::string& dropped,
                                 std::string& problem) {
  std::string names = value;
  for (const auto& a : kAssignors)
    for (size_t at; (at = names.find(a.java_class)) != std::string::npos;)
      names.replace(at, a.java_class.size(), a.librdkafka);
  const bool cooperative_first = names.starts_with("cooperative-sticky");
  std::string kept;
  for (size_t from = 0; from <= names.size();) {
    const size_t comma = std::min(names.find(',', from), names.size());
    std::string_view item(names.data() + from, comma - from);
    from = comma + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    if (item != "range" && item != "roundrobin" && item != "cooperative-sticky") {
      problem = fmt::format(
          "{} has no librdkafka equivalent: use RangeAssignor, RoundRobinAssignor or "
          "CooperativeStickyAssignor (or librdkafka's names range, roundrobin, "
          "cooperative-sticky)",
          item);
      return value;
    }
    std::string& to = (item == "cooperative-sticky") == cooperative_first ? kept : dropped;
    to += (to.empty() ? "" : ", ") + std::string(item);
  }
  return kept;
}

// Java spells some values differently.
std::string librdkafka_value(std::string_view key, const std::string& value) {
  if (key == "auto.offset.reset" && value == "none") return "error";  // fail without offsets
  if (key == "ssl.endpoint.identification.algorithm" && value.empty()) return "none";
  if ((key == "send.buffer.bytes" || key == "receive.buffer.bytes") && value == "-1")
    return "0";  // the system's default
  return value;
}

}  // namespace

void add_client_settings(ClientSettings& out, const std::string& prefix, const ConfigMap& keys) {
  // One configuration to try the settings on (a new one holds all of librdkafka's defaults).
  std::unique_ptr<rd_kafka_conf_t, decltype(&rd_kafka_conf_destroy)> scratch(
      rd_kafka_conf_new(), &rd_kafka_conf_destroy);
  for (const auto& [key, value] : keys) {
    const std::string written = prefix + key;
    auto refuse = [&](std::string why) {
      out.problems.push_back({written, fmt::format("Invalid {}: {}", written, why)});
    };
    if (listed(key, kIgnored)) {
      out.warnings.push_back(fmt::format(
          "'{}' is a setting of Kafka's Java client with no equivalent in librdkafka, ksink's "
          "Kafka client; it is ignored",
          written));
      continue;
    }
    if (listed(key, kJavaClasses)) {
      refuse("ksink cannot load Java classes; librdkafka's own settings (sasl.*, ssl.*) replace "
             "them");
      continue;
    }
    if (key == "ssl.keystore.type" || key == "ssl.truststore.type") {
      // PKCS12 key stores and PEM certificates have librdkafka settings; JKS does not.
      if (strcasecmp(value.c_str(), "jks") == 0)
        refuse(key == "ssl.keystore.type"
                   ? "JKS key stores are not supported: convert it to PKCS12 "
                     "(ssl.keystore.location) or to PEM files (ssl.certificate.location and "
                     "ssl.key.location)"
                   : "JKS trust stores are not supported: give the CA certificates as a PEM file "
                     "in ssl.ca.location");
      continue;
    }
    std::string name = key;
    for (const auto& r : kRenamed)
      if (key == r.java) name = r.librdkafka;
    std::string dropped, problem;
    const std::string converted = key == "partition.assignment.strategy"
                                      ? librdkafka_assignors(value, dropped, problem)
                                      : librdkafka_value(key, value);
    if (!problem.empty()) {
      refuse(problem);
      continue;
    }
    if (!dropped.empty())
      out.warnings.push_back(fmt::format(
          "'{}' lists eager and cooperative assignors; librdkafka takes one kind, so {} is "
          "ignored and '{}' used",
          written, dropped, converted));
    if (std::string err = librdkafka_objection(scratch.get(), name, converted); !err.empty()) {
      refuse(secret(name) && !converted.empty() && err.find(converted) != std::string::npos
                 ? "librdkafka rejects the value"
                 : err);
      continue;
    }
    out.settings[name] = converted;
  }
}

ConfigMap librdkafka_settings(const std::string& prefix, const ConfigMap& keys) {
  ClientSettings cs;
  add_client_settings(cs, prefix, keys);
  return std::move(cs.settings);
}

}  // namespace ksink::kafka
