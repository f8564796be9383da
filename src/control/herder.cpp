#include "control/herder.h"
#include "control/worker_config.h"

#include <fmt/format.h>

#include "kafka/cluster_id.h"
#include "kafka/java_client_keys.h"
#include "core/utf8.h"

namespace ksink {

static const char* kValidateHint =
    "\nYou can also find the above list of errors at the endpoint "
    "`/connector-plugins/{connectorType}/config/validate`";

ConfigMap mask_connector_config(const ConfigMap& raw) {
  std::vector<const ConfigDef*> defs = {&connector_config_def()};
  auto cls = raw.find("connector.class");
  if (cls != raw.end())
    if (const SinkPlugin* p = SinkRegistry::instance().find(cls->second))
      defs.push_back(&p->config_def());
  return mask_secrets(defs, raw);
}

ConfigMap restore_hidden_secrets(const ConfigMap& submitted, const ConfigMap& previous) {
  ConfigMap out = submitted;
  const ConfigMap masked_previous = mask_connector_config(previous);
  for (auto& [key, value] : out) {
    if (value != "[hidden]") continue;
    auto m = masked_previous.find(key);
    if (m != masked_previous.end() && m->second == "[hidden]") value = previous.at(key);
  }
  return out;
}

Reply<Done> check_connector_config(const Config& worker, const ConfigMap& raw) {
  ConnectorValidation v = validate_connector(worker, raw);
  if (!v.spec) return bad_request(describe_problems(v.problems) + kValidateHint);
  return Done{};
}

// Kafka Connect validates `name` with ConfigDef.NonEmptyStringWithoutControlChars (Java's
// Character.isISOControl: U+0000-U+001F and U+007F-U+009F) and answers with its config error
// text; invalid UTF-8, blanks around the name and '/' are ksink's own checks (docs/distributed.md
// "Connector names").
Reply<Done> check_connector_name(const std::string& name) {
  auto kafka_error = [](const std::string& value, const std::string& why) -> Reply<Done> {
    return bad_request(fmt::format(
        "Connector configuration is invalid and contains the following 1 error(s):\n"
        "Invalid value {} for configuration name: {}{}",
        value, why, kValidateHint));
  };
  if (name.empty()) return kafka_error(name, "String may not be empty");
  // Checked before anything echoes the name: a message must stay valid UTF-8 itself.
  for (size_t i = 0; i < name.size();) {
    const auto c = static_cast<unsigned char>(name[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t n = utf8_sequence_length(name, i);
    if (n == 0)
      return bad_request(fmt::format(
          "Connector name must be valid UTF-8: byte 0x{:02x} at offset {} does not start a UTF-8 "
          "character",
          c, i));
    i += n;
  }
  std::string controls;
  for (size_t i = 0; i < name.size(); ++i) {
    const auto c = static_cast<unsigned char>(name[i]);
    uint32_t cp = c;
    if (c == 0xc2 && i + 1 < name.size()) cp = static_cast<unsigned char>(name[i + 1]);  // U+0080..
    const bool control = c < 0x20 || c == 0x7f || (c == 0xc2 && cp >= 0x80 && cp <= 0x9f);
    if (!control) continue;
    controls += (controls.empty() ? "" : ", ") + std::to_string(cp);
    if (c == 0xc2) ++i;
  }
  if (!controls.empty())
    return kafka_error(
        name, "String may not contain control sequences but had the following ASCII chars: " +
                  controls);
  if (name.front() == ' ' || name.back() == ' ')
    return bad_request(fmt::format(
        "Connector name '{}' must not start or end with white space", name));
  if (name.find('/') != std::string::npos)
    return bad_request(fmt::format(
        "Connector name '{}' must not contain '/': the REST API could not address it", name));
  return Done{};
}

ConnectorStatus mark_restarting(ConnectorStatus status, bool include_tasks, bool only_failed) {
  if (!include_tasks && !only_failed) return status;
  if (!only_failed || status.state == State::Failed) {
    status.state = State::Restarting;
    status.trace.clear();
  }
  if (include_tasks) {
    for (auto& t : status.tasks) {
      if (only_failed && t.state != State::Failed) continue;
      t.state = State::Restarting;
      t.trace.clear();
    }
  }
  return status;
}

std::string StandaloneHerder::kafka_cluster_id() {
  std::lock_guard lock(cluster_id_mu_);
  if (cluster_id_.empty()) {
    ConfigMap settings = kafka::librdkafka_settings("admin.", worker_.config().with_prefix("admin."));
    settings["bootstrap.servers"] = read_worker_settings(worker_.config()).bootstrap_servers;
    // A std::string: GCC 12's -Wrestrict misreads assigning the literal itself here.
    settings["log_level"] = std::string("0");
    cluster_id_ = kafka::query_cluster_id(settings, 2000);
  }
  return cluster_id_;
}

std::vector<std::string> StandaloneHerder::connectors() { return worker_.names(); }

static std::string not_found_message(const std::string& name) {
  return fmt::format("Connector {} not found", name);
}

Reply<ConnectorInfo> StandaloneHerder::info(const std::string& name) {
  auto raw = worker_.raw_config(name);
  auto c = worker_.get(name);
  if (!raw || !c) return not_found(not_found_message(name));
  ConnectorInfo info{name, mask_connector_config(*raw), {}};
  const size_t n = c->task_statuses().size();
  for (size_t i = 0; i < n; ++i) info.tasks.push_back(static_cast<int>(i));
  return info;
}

Reply<ConnectorStatus> StandaloneHerder::status(const std::string& name) {
  auto c = worker_.get(name);
  if (!c) return not_found(not_found_message(name));
  ConnectorStatus s;
  s.name = name;
  s.state = c->state();
  s.worker_id = worker_id_;
  int id = 0;
  for (const auto& t : c->task_statuses())
    s.tasks.push_back({id++, t.state, worker_id_, t.state == State::Failed ? t.trace : ""});
  return s;
}

static ApiError with_hint(ApiError e) {
  if (e.status == 400) e.message += kValidateHint;
  return e;
}

Reply<ConnectorInfo> StandaloneHerder::create(const ConfigMap& config) {
  const std::string name = config.count("name") ? config.at("name") : "";
  if (auto ok = check_connector_name(name); !ok) return ok.error();
  auto r = worker_.put_connector(config, false);
  if (!r) return with_hint(r.error());
  return info(name);
}

Reply<PutResult> StandaloneHerder::put(const ConfigMap& config) {
  const std::string name = config.count("name") ? config.at("name") : "";
  if (auto ok = check_connector_name(name); !ok) return ok.error();
  ConfigMap raw = config;
  if (auto previous = worker_.raw_config(name)) raw = restore_hidden_secrets(config, *previous);
  auto r = worker_.put_connector(raw, true);
  if (!r) return with_hint(r.error());
  auto i = info(name);
  if (!i) return i.error();
  return PutResult{std::move(*i), *r};
}

Reply<Done> StandaloneHerder::remove(const std::string& name) {
  return worker_.remove_connector(name);
}

Reply<Done> StandaloneHerder::set_target(const std::string& name, TargetState target) {
  return worker_.set_target_state(name, target);
}

Reply<ConnectorStatus> StandaloneHerder::restart(const std::string& name, bool include_tasks,
                                                 bool only_failed) {
  auto s = status(name);
  if (!s) return s;
  auto c = worker_.get(name);
  if (!c) return not_found(not_found_message(name));
  if (!include_tasks && !only_failed) {
    // ksink has no connector instance apart from its tasks: restarting the connector restarts
    // them (Kafka Connect would leave them as they are).
    c->restart_tasks(false);
    return s;
  }
  ConnectorStatus answer = mark_restarting(std::move(*s), include_tasks, only_failed);
  if (include_tasks) c->restart_tasks(only_failed);
  return answer;
}

Reply<Done> StandaloneHerder::restart_task(const std::string& name, int task) {
  auto c = worker_.get(name);
  if (!c) return not_found(not_found_message(name));
  if (!c->restart_task(task))
    return not_found(fmt::format("Task {}-{} not found: connector {} has no task {}", name, task,
                                 name, task));
  return Done{};
}

}  // namespace ksink
