#include "control/connector_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <regex>
#include <set>

#include "config/config_providers.h"
#include "convert/converter.h"
#include "kafka/java_client_keys.h"
#include "kcql/parser.h"
#include "transforms/chain.h"

namespace ksink {

const ConfigDef& connector_config_def() {
  static const ConfigDef def = [] {
    ConfigDef d("Connector");
    d.define({.name = "name",
              .importance = Importance::High,
              .doc = "Unique connector name; the consumer group is `connect-<name>`."});
    d.define({.name = "connector.class",
              .type = ConfigType::Class,
              .importance = Importance::High,
              .doc = "The sink: a Stream Reactor class name "
                     "(`com.datamountaineer.streamreactor.connect.redis.sink.RedisSinkConnector`, "
                     "`io.lenses.streamreactor.connect.redis.sink.RedisSinkConnector`, "
                     "`com.datamountaineer.streamreactor.connect.voltdb.VoltSinkConnector`) or "
                     "the alias `redis` / `voltdb`."});
    d.define({.name = "tasks.max",
              .type = ConfigType::Int,
              .default_value = "1",
              .importance = Importance::High,
              .doc = "Number of tasks, each with its own Kafka consumer in the connector's group. "
                     "More tasks than partitions leaves some idle. The seed guides' `max.tasks` "
                     "is accepted with a warning.",
              .aliases = {"max.tasks"},
              .min = 1,
              .max = 1024});
    d.define({.name = "topics",
              .type = ConfigType::List,
              .default_value = "",
              .importance = Importance::High,
              .doc = "Topics to consume; each must be read by a KCQL statement and each KCQL "
                     "source must be listed."});
    d.define({.name = "topics.regex",
              .default_value = "",
              .importance = Importance::High,
              .doc = "Regular expression of topics to consume, instead of `topics`."});
    d.define({.name = "key.converter",
              .type = ConfigType::Class,
              .default_value = "",
              .importance = Importance::Low,
              .doc = "Overrides the worker's key converter for this connector."});
    d.define({.name = "value.converter",
              .type = ConfigType::Class,
              .default_value = "",
              .importance = Importance::Low,
              .doc = "Overrides the worker's value converter for this connector."});
    d.define({.name = "errors.tolerance",
              .default_value = "none",
              .importance = Importance::Medium,
              .doc = "`none`: a record that cannot be converted fails the task. `all`: it is "
                     "skipped (logged, counted, dead-lettered when a topic is set).",
              .allowed = {"none", "all"}});
    d.define({.name = "errors.log.enable",
              .type = ConfigType::Bool,
              .default_value = "true",
              .importance = Importance::Low,
              .doc = "Log every skipped record with its coordinates and cause."});
    d.define({.name = "errors.log.include.messages",
              .type = ConfigType::Bool,
              .default_value = "false",
              .importance = Importance::Low,
              .doc = "Also log the key and value of skipped records (may expose data)."});
    d.define({.name = "errors.deadletterqueue.topic.name",
              .default_value = "",
              .importance = Importance::Medium,
              .doc = "Topic that receives skipped records with their original key, value, "
                     "headers and timestamp."});
    d.define({.name = "errors.deadletterqueue.context.headers.enable",
              .type = ConfigType::Bool,
              .default_value = "false",
              .importance = Importance::Low,
              .doc = "Add the `__connect.errors.*` headers (topic, partition, offset, connector, "
                     "task, stage, class, exception and message) to dead-lettered records."});
    d.define({.name = "errors.deadletterqueue.topic.replication.factor",
              .type = ConfigType::Int,
              .default_value = "3",
              .importance = Importance::Low,
              .doc = "Accepted for compatibility; the topic is created by the broker's "
                     "auto-creation."});
    d.define({.name = "errors.retry.timeout",
              .type = ConfigType::Long,
              .default_value = "0",
              .importance = Importance::Low,
              .doc = "Accepted for compatibility; retries follow the sink's error policy keys."});
    d.define({.name = "errors.retry.delay.max.ms",
              .type = ConfigType::Long,
              .default_value = "60000",
              .importance = Importance::Low,
              .doc = "Accepted for compatibility; retries follow the sink's error policy keys."});
    d.define({.name = "connect.progress.enabled",
              .type = ConfigType::Bool,
              .default_value = "false",
              .importance = Importance::Medium,
              .doc = "Log the records written per topic at a fixed interval."});
    d.define({.name = "connect.progress.interval.ms",
              .type = ConfigType::Long,
              .default_value = "60000",
              .importance = Importance::Low,
              .doc = "Interval of the progress log.",
              .min = 100});
    d.define({.name = "transforms",
              .type = ConfigType::List,
              .default_value = "",
              .importance = Importance::Low,
              .doc = "Aliases for the Single Message Transforms applied to each record, in order, "
                     "after conversion and before KCQL routing; each is configured by "
                     "`transforms.<alias>.type` and its own `transforms.<alias>.*` keys "
                     "(docs/transforms.md)."});
    d.define({.name = "predicates",
              .type = ConfigType::List,
              .default_value = "",
              .importance = Importance::Low,
              .doc = "Aliases for the predicates transforms may name in "
                     "`transforms.<alias>.predicate`; each is configured by "
                     "`predicates.<alias>.type` and its own keys (docs/transforms.md)."});
    return d;
  }();
  return def;
}

const std::vector<std::string>& connector_passthrough_prefixes() {
  static const std::vector<std::string> prefixes = {
      "consumer.override.", "producer.override.", "key.converter.", "value.converter.",
      "header.converter",
      "transforms.", "predicates."};
  return prefixes;
}

std::string describe_problems(const std::vector<ConfigProblem>& problems) {
  std::string out = fmt::format(
      "Connector configuration is invalid and contains the following {} error(s):",
      problems.size());
  for (const auto& p : problems) out += "\n" + p.message;
  return out;
}

static void check_topics_match_kcql(ConnectorSpec& spec, std::vector<ConfigProblem>& problems) {
  std::set<std::string> kcql_topics;
  for (const auto& s : spec.statements) kcql_topics.insert(s.source);
  if (!spec.topics_regex.empty()) {
    // The topics consumed are known only at run time; a KCQL topic the pattern cannot match
    // is a mistake now. Java's and ECMAScript's syntax agree on what topic patterns use; a
    // pattern std::regex cannot read is left to the consumer.
    std::regex pattern;
    try {
      pattern = std::regex(spec.topics_regex);
    } catch (const std::regex_error&) {
      return;
    }
    std::vector<std::string> unmatched;
    for (const auto& t : kcql_topics)
      if (!std::regex_match(t, pattern)) unmatched.push_back(t);
    if (!unmatched.empty())
      problems.push_back({"topics.regex",
                          fmt::format("KCQL reads topic(s) {} that topics.regex '{}' does not "
                                      "match: widen the pattern or fix the FROM topic",
                                      fmt::join(unmatched, ", "), spec.topics_regex)});
    return;
  }
  std::set<std::string> consumed(spec.topics.begin(), spec.topics.end());
  std::vector<std::string> not_in_kcql, not_consumed;
  for (const auto& t : consumed)
    if (!kcql_topics.count(t)) not_in_kcql.push_back(t);
  for (const auto& t : kcql_topics)
    if (!consumed.count(t)) not_consumed.push_back(t);
  if (!not_in_kcql.empty())
    problems.push_back({"topics", fmt::format("Topic(s) {} are consumed (topics) but no KCQL "
                                              "statement reads them: add a statement with FROM "
                                              "{} or remove them from topics",
                                              fmt::join(not_in_kcql, ", "), not_in_kcql.front())});
  if (!not_consumed.empty())
    problems.push_back({"topics", fmt::format("KCQL reads topic(s) {} that are not in topics: add "
                                              "them to topics={}",
                                              fmt::join(not_consumed, ", "),
                                              fmt::join(not_consumed, ","))});
}

void check_client_settings(const Config& config, const std::string& prefix,
                           std::vector<ConfigProblem>& problems,
                           std::vector<std::string>& warnings) {
  kafka::ClientSettings cs;
  kafka::add_client_settings(cs, prefix, config.with_prefix(prefix));
  problems.insert(problems.end(), cs.problems.begin(), cs.problems.end());
  warnings.insert(warnings.end(), cs.warnings.begin(), cs.warnings.end());
}

ConnectorValidation validate_connector(const Config& worker, const ConfigMap& submitted) {
  ConnectorValidation out;
  // ${provider:path:key} values read now; what is kept and shown keeps the placeholders.
  const ConfigMap raw = resolve_config_providers(submitted, worker, out.problems);
  auto cls = raw.find("connector.class");
  const SinkPlugin* plugin = nullptr;
  std::vector<const ConfigDef*> defs = {&connector_config_def()};
  // A missing or empty connector.class is reported by Config::parse (the key is required).
  if (cls != raw.end() && !cls->second.empty()) {
    plugin = SinkRegistry::instance().find(cls->second);
    if (!plugin) {
      std::vector<std::string> known;
      for (const auto& p : SinkRegistry::instance().plugins()) {
        known.push_back(std::string(p->alias()));
        for (const auto& c : p->class_names()) known.push_back(c);
      }
      out.problems.push_back(
          {"connector.class",
           fmt::format("Unknown connector.class '{}': ksink has the sinks {}", cls->second,
                       fmt::join(known, ", "))});
    } else {
      defs.push_back(&plugin->config_def());
    }
  }
  if (raw.count("max.tasks") && !raw.count("tasks.max"))
    out.warnings.push_back("'max.tasks' is not a Kafka Connect key; it is read as 'tasks.max'");

  Config config = Config::parse(defs, raw, connector_passthrough_prefixes(), out.problems,
                                out.warnings);
  if (!plugin) return out;

  auto spec = std::make_unique<ConnectorSpec>();
  spec->plugin = plugin;
  if (config.has("name")) spec->name = config.get_string("name");
  spec->topics = config.get_list("topics");
  spec->topics_regex = config.get_string("topics.regex");
  if (spec->topics.empty() && spec->topics_regex.empty())
    out.problems.push_back({"topics", "Must configure one of topics or topics.regex"});
  if (!spec->topics.empty() && !spec->topics_regex.empty())
    out.problems.push_back({"topics", "topics and topics.regex are mutually exclusive: keep one"});

  const std::string prefix(plugin->key_prefix());
  const std::string kcql_key = prefix + "kcql";
  if (config.has(kcql_key)) {
    auto parsed = kcql::parse(config.get_string(kcql_key));
    if (!parsed) {
      out.problems.push_back({kcql_key, fmt::format("Invalid {}: {}", kcql_key,
                                                    parsed.error().message)});
    } else {
      spec->statements = std::move(*parsed);
      if (spec->statements.empty())
        out.problems.push_back({kcql_key, fmt::format("{} holds no KCQL statement", kcql_key)});
    }
  }
  if (config.has(prefix + "error.policy")) {
    const auto& p = config.get_string(prefix + "error.policy");
    spec->policy = p == "NOOP" ? ErrorPolicy::Noop : p == "RETRY" ? ErrorPolicy::Retry
                                                                  : ErrorPolicy::Throw;
    spec->max_retries = static_cast<int>(config.get_int(prefix + "max.retries"));
    spec->retry_interval_ms = config.get_int(prefix + "retry.interval");
  }
  if (config.has(prefix + "batch.size"))
    spec->batch_size = static_cast<size_t>(config.get_int(prefix + "batch.size"));

  // Converters: the connector's own, else the worker's; settings from the same place.
  auto pick = [&](const char* key, std::string& cls_out, ConfigMap& settings) {
    std::string own = config.get_string(key);
    std::string prefix_key = std::string(key) + ".";
    if (!own.empty()) {
      cls_out = own;
      settings = config.with_prefix(prefix_key);
    } else {
      cls_out = worker.get_string(key);
      settings = worker.with_prefix(prefix_key);
      // Connector-level converter settings still apply to the worker's converter.
      for (auto& [k, v] : config.with_prefix(prefix_key)) settings[k] = v;
    }
    auto conv = make_converter(cls_out, settings, std::string(key) == "key.converter");
    if (!conv) out.problems.push_back({key, fmt::format("Invalid {}: {}", key, conv.error().message)});
  };
  pick("key.converter", spec->key_converter, spec->key_converter_settings);
  pick("value.converter", spec->value_converter, spec->value_converter_settings);

  for (const char* client : {"consumer.override.", "producer.override."})
    check_client_settings(config, client, out.problems, out.warnings);

  spec->transforms = transforms::TransformChain::build(raw, out.problems);
  if (!spec->statements.empty()) {
    // A transform that changes topics (RegexRouter, TimestampRouter) makes KCQL's FROM name the
    // topics it produces, as in Connect: the consumed topics and the KCQL ones then differ on
    // purpose, and a record no statement reads is found at run time.
    if (spec->transforms && spec->transforms->routes())
      out.warnings.push_back(
          "A transform changes record topics: KCQL statements are matched against the topics "
          "the transforms produce, so the check that topics and KCQL name the same topics is "
          "skipped");
    else
      check_topics_match_kcql(*spec, out.problems);
    plugin->validate(config, spec->statements, out.problems, out.warnings);
  }
  // Typed fields of keys that have values only when they passed their checks.
  if (out.problems.empty()) {
    spec->tasks_max = static_cast<int>(config.get_int("tasks.max"));
    spec->errors.tolerance_all = config.get_string("errors.tolerance") == "all";
    spec->errors.log_enable = config.get_bool("errors.log.enable");
    spec->errors.log_include_messages = config.get_bool("errors.log.include.messages");
    spec->errors.dlq_topic = config.get_string("errors.deadletterqueue.topic.name");
    spec->errors.dlq_context_headers =
        config.get_bool("errors.deadletterqueue.context.headers.enable");
    spec->progress_enabled = config.get_bool("connect.progress.enabled");
    spec->progress_interval_ms = config.get_int("connect.progress.interval.ms");
  }
  spec->config = std::move(config);
  if (out.problems.empty()) out.spec = std::move(spec);
  return out;
}

}  // namespace ksink
