#include "control/cluster.h"
#include "control/worker_config.h"

#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "core/json_writer.h"
#include "kafka/compacted_topics.h"
#include "kafka/java_client_keys.h"

namespace ksink {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Keys of the config topic (Kafka Connect's spelling where it has one).
constexpr std::string_view kConnectorKey = "connector-";
constexpr std::string_view kTargetKey = "target-state-";
constexpr std::string_view kRestartKey = "restart-";
// Key of the status topic: one record per worker.
constexpr std::string_view kWorkerKey = "worker-";

int64_t wall_ms() {
  return std::chrono::duration_cast<milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string_view target_name(TargetState t) {
  switch (t) {
    case TargetState::Started: return "STARTED";
    case TargetState::Paused: return "PAUSED";
    case TargetState::Stopped: return "STOPPED";
  }
  return "STARTED";
}

std::optional<TargetState> parse_target(std::string_view s) {
  if (s == "STARTED") return TargetState::Started;
  if (s == "PAUSED") return TargetState::Paused;
  if (s == "STOPPED") return TargetState::Stopped;
  return std::nullopt;
}

std::optional<State> parse_state(std::string_view s) {
  for (State st : {State::Unassigned, State::Running, State::Paused, State::Stopped,
                   State::Failed, State::Restarting})
    if (state_name(st) == s) return st;
  return std::nullopt;
}

std::string string_field(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get_string().get(v)) return "";
  return std::string(v);
}

// One worker's report of a connector: its own state and its tasks.
struct Report {
  std::string worker;
  State state = State::Unassigned;
  std::string trace;
  std::vector<TaskStatus> tasks;  // by local id
};

struct RemoteWorker {
  Clock::time_point heard;
  std::map<std::string, Report> connectors;
};

struct ConfigRecord {
  std::string key;
  std::optional<std::string> value;  // nullopt: tombstone
  int64_t offset = 0;
};

}  // namespace

struct ClusterHerder::Impl {
  Config config;
  std::string worker_id;
  std::string bootstrap;  // bootstrap.servers
  std::string group;
  std::string config_topic;
  std::string status_topic;
  int64_t heartbeat_ms = 3000;
  int64_t session_ms = 10000;
  Worker worker;

  std::unique_ptr<kafka::CompactedTopicWriter> producer;
  std::unique_ptr<kafka::CompactedTopicReader> reader;

  std::mutex mu;
  std::condition_variable cv;
  std::map<std::string, ConfigMap> configs;       // the cluster's connectors
  std::map<std::string, TargetState> targets;
  std::map<std::string, std::string> local_failures;  // cannot run here: why
  std::map<std::string, RemoteWorker> remote;     // other workers' reports
  std::deque<ConfigRecord> pending;               // read, not yet applied
  int64_t applied_offset = -1;                    // last config offset applied here
  int64_t config_end_at_start = 0;                // records before it are a replay
  int64_t status_end_at_start = 0;
  bool stopping = false;
  bool stopped = false;
  std::string cluster_id;

  std::thread reader_thread, apply_thread, publisher_thread;

  Impl(Config c, std::string id)
      : config(c), worker_id(std::move(id)), worker(std::move(c)) {
    const WorkerSettings s = read_worker_settings(config);
    bootstrap = s.bootstrap_servers;
    group = s.group_id;
    config_topic = s.config_storage_topic;
    status_topic = s.status_storage_topic;
    heartbeat_ms = s.heartbeat_interval_ms;
    session_ms = s.session_timeout_ms;
  }

  ConfigMap client_settings(const char* prefix) const {
    ConfigMap s = kafka::librdkafka_settings(prefix, config.with_prefix(prefix));
    s["bootstrap.servers"] = bootstrap;
    s["log_level"] = "3";
    return s;
  }

  // ---- Kafka plumbing ----

  Status create_clients() {
    ConfigMap p = client_settings("producer.");
    p["client.id"] = "ksink-worker-" + worker_id;
    p["acks"] = "all";
    p["linger.ms"] = "0";
    auto w = kafka::CompactedTopicWriter::create(p, "the cluster's Kafka producer");
    if (!w) return w.error();
    producer = std::move(*w);

    // A plain reader of both topics from the beginning (its own group, never joined).
    ConfigMap c = client_settings("consumer.");
    c["client.id"] = "ksink-worker-reader-" + worker_id;
    auto r = kafka::CompactedTopicReader::create(std::move(c), group + "-ksink-reader",
                                                 "the cluster's Kafka consumer");
    if (!r) return r.error();
    reader = std::move(*r);
    return {};
  }

  Result<std::vector<std::string>> missing_topics() {
    auto missing = producer->missing_topics({config_topic, status_topic});
    if (!missing)
      return Error{fmt::format("cannot reach Kafka at {}: {}",
                               bootstrap, missing.error().message)};
    return missing;
  }

  // Creates the missing topics (one partition, compacted). Brokers without the admin API (the
  // embedded Kafka) create them on first write instead.
  Status ensure_topics() {
    auto first = missing_topics();
    if (!first) return first.error();
    auto missing = std::move(*first);
    if (missing.empty()) return {};
    spdlog::info("Creating the cluster topics {} (compacted, one partition)",
                 fmt::join(missing, ", "));
    std::vector<std::pair<std::string, int>> topics;
    for (const auto& t : missing) {
      const char* rf_key = t == config_topic ? "config.storage.replication.factor"
                                             : "status.storage.replication.factor";
      topics.emplace_back(t, static_cast<int>(config.get_int(rf_key)));
    }
    if (auto created = producer->create_compacted_topics(topics); !created) return created;

    auto after = missing_topics();
    if (!after) return after.error();
    missing = std::move(*after);
    if (missing.empty()) return {};
    // Auto-creation: a first record creates the topic (without compaction: say so).
    for (const auto& t : missing) {
      spdlog::warn("Topic '{}' could not be created through the admin API; relying on the "
                   "broker's automatic topic creation. Create it with cleanup.policy=compact "
                   "so that it keeps every connector's latest configuration and status",
                   t);
      std::string key = "ksink-cluster-" + group;
      std::string value = "{\"group\":\"" + group + "\"}";
      (void)producer->write(t, key, value).ok();
    }
    producer->flush(milliseconds(10000));
    const auto deadline = Clock::now() + std::chrono::seconds(15);
    while (!missing.empty() && Clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(200));
      auto again = missing_topics();
      if (!again) return again.error();
      missing = std::move(*again);
    }
    if (!missing.empty())
      return Error{fmt::format("the topic(s) {} do not exist and cannot be created: create them "
                               "(one partition, cleanup.policy=compact) or allow ksink to",
                               fmt::join(missing, ", "))};
    return {};
  }

  // Waits until the record at `offset` of the config topic has been applied on this worker.
  Reply<Done> wait_applied(int64_t offset) {
    std::unique_lock lock(mu);
    if (!cv.wait_for(lock, std::chrono::seconds(30),
                     [&] { return applied_offset >= offset || stopping; }))
      return internal_error(fmt::format(
          "Timed out waiting for this worker to read back its change from topic '{}'; the "
          "change is recorded and will apply when Kafka can be read",
          config_topic));
    return Done{};
  }

  Reply<Done> write_config(const std::vector<std::pair<std::string, std::optional<std::string>>>& records) {
    int64_t last = -1;
    for (const auto& [key, value] : records) {
      auto r = producer->write_and_wait(config_topic, key, value);
      if (!r) return internal_error(r.error().message);
      last = *r;
    }
    return wait_applied(last);
  }

  // ---- applying the config topic ----

  void read_loop() {
    while (true) {
      {
        std::lock_guard lock(mu);
        if (stopping) return;
      }
      std::string error;
      std::optional<kafka::KeyedRecord> m = reader->poll(milliseconds(200), &error);
      if (!m) {
        if (!error.empty()) spdlog::debug("Cluster topics: {}", error);
        continue;
      }
      if (m->topic == config_topic) {
        std::lock_guard lock(mu);
        pending.push_back({std::move(m->key), std::move(m->value), m->offset});
        cv.notify_all();
      } else if (m->topic == status_topic) {
        apply_status(m->key, m->value, m->offset);
      }
    }
  }

  void apply_loop() {
    for (;;) {
      ConfigRecord rec;
      {
        std::unique_lock lock(mu);
        cv.wait(lock, [&] { return stopping || !pending.empty(); });
        if (stopping) return;
        rec = std::move(pending.front());
        pending.pop_front();
      }
      try {
        apply_config(rec);
      } catch (const std::exception& e) {
        spdlog::error("Cannot apply record '{}' of topic '{}': {}", rec.key, config_topic,
                      e.what());
      }
      std::lock_guard lock(mu);
      applied_offset = rec.offset;
      cv.notify_all();
    }
  }

  TargetState target_of(const std::string& name) {
    std::lock_guard lock(mu);
    auto it = targets.find(name);
    return it == targets.end() ? TargetState::Started : it->second;
  }

  void apply_config(const ConfigRecord& rec) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    const bool has_doc = rec.value && !parser.parse(*rec.value).get(doc);
    if (rec.value && !has_doc) {
      spdlog::warn("Ignoring record '{}' of topic '{}': its value is not JSON", rec.key,
                   config_topic);
      return;
    }
    if (rec.key.starts_with(kConnectorKey)) {
      const std::string name = rec.key.substr(kConnectorKey.size());
      if (!rec.value) return apply_delete(name);
      simdjson::dom::object props;
      if (doc["properties"].get_object().get(props)) return;
      ConfigMap raw;
      for (auto [k, v] : props) {
        std::string_view s;
        if (!v.get_string().get(s)) raw[std::string(k)] = std::string(s);
      }
      apply_connector(name, raw);
    } else if (rec.key.starts_with(kTargetKey)) {
      const std::string name = rec.key.substr(kTargetKey.size());
      std::optional<TargetState> t;
      if (rec.value) {
        t = parse_target(string_field(doc, "state"));
        if (!t) return;
      }
      {
        std::lock_guard lock(mu);
        if (t) targets[name] = *t;
        else targets.erase(name);
      }
      if (t && worker.get(name)) {
        (void)worker.set_target_state(name, *t).ok();
        spdlog::info("[{}] Target state {} applied on this worker", name, target_name(*t));
      }
    } else if (rec.key.starts_with(kRestartKey) && has_doc) {
      if (rec.offset < config_end_at_start) return;  // a past request: not replayed
      const std::string name = rec.key.substr(kRestartKey.size());
      std::string target_worker = string_field(doc, "worker_id");
      if (!target_worker.empty() && target_worker != worker_id) return;
      auto c = worker.get(name);
      if (!c) return;
      int64_t task = -1;
      if (doc["task"].get_int64().get(task)) task = -1;
      bool include_tasks = false, only_failed = false;
      if (doc["include_tasks"].get_bool().get(include_tasks)) include_tasks = false;
      if (doc["only_failed"].get_bool().get(only_failed)) only_failed = false;
      if (task >= 0) {
        c->restart_task(static_cast<int>(task));
      } else if (include_tasks || !only_failed) {
        // Without includeTasks ksink restarts every task, as in standalone mode.
        c->restart_tasks(include_tasks && only_failed);
      }
    }
  }

  void apply_connector(const std::string& name, const ConfigMap& raw) {
    {
      std::lock_guard lock(mu);
      configs[name] = raw;
    }
    auto existing = worker.raw_config(name);
    const TargetState target = target_of(name);
    if (existing && *existing == raw) {
      (void)worker.set_target_state(name, target).ok();
      return;
    }
    auto r = worker.put_connector(raw, true, target);
    std::lock_guard lock(mu);
    if (!r) {
      local_failures[name] = r.error().message;
      spdlog::error("[{}] Cannot run the connector on this worker: {}", name, r.error().message);
      return;
    }
    local_failures.erase(name);
    spdlog::info("[{}] Connector {} on this worker", name, *r ? "started" : "reconfigured");
  }

  void apply_delete(const std::string& name) {
    {
      std::lock_guard lock(mu);
      configs.erase(name);
      local_failures.erase(name);
    }
    if (worker.get(name)) (void)worker.remove_connector(name).ok();
  }

  // ---- statuses ----

  void apply_status(const std::string& key, const std::optional<std::string>& value,
                    int64_t offset) {
    if (!key.starts_with(kWorkerKey)) return;
    const std::string id = key.substr(kWorkerKey.size());
    if (id == worker_id) return;  // this worker's own state is read from its tasks
    std::lock_guard lock(mu);
    if (!value) {
      remote.erase(id);
      return;
    }
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(*value).get(doc)) return;
    int64_t time = 0;
    if (doc["time"].get_int64().get(time)) time = 0;
    // A record from before this worker started, older than the session: that worker is gone.
    if (offset < status_end_at_start && wall_ms() - time > session_ms) return;
    std::string their_group = string_field(doc, "group");
    if (!their_group.empty() && their_group != group) {
      spdlog::warn("Worker {} of group '{}' writes to status topic '{}' too: give each cluster "
                   "its own config and status topics",
                   id, their_group, status_topic);
      return;
    }
    RemoteWorker w;
    w.heard = Clock::now();
    simdjson::dom::object conns;
    if (!doc["connectors"].get_object().get(conns)) {
      for (auto [name, c] : conns) {
        Report r;
        r.worker = id;
        r.state = parse_state(string_field(c, "state")).value_or(State::Unassigned);
        r.trace = string_field(c, "trace");
        simdjson::dom::array tasks;
        if (!c["tasks"].get_array().get(tasks)) {
          for (auto t : tasks) {
            TaskStatus ts;
            ts.state = parse_state(string_field(t, "state")).value_or(State::Unassigned);
            ts.trace = string_field(t, "trace");
            r.tasks.push_back(std::move(ts));
          }
        }
        w.connectors[std::string(name)] = std::move(r);
      }
    }
    remote[id] = std::move(w);
  }

  std::optional<Report> local_report(const std::string& name) {
    {
      std::lock_guard lock(mu);
      auto f = local_failures.find(name);
      if (f != local_failures.end()) return Report{worker_id, State::Failed, f->second, {}};
    }
    auto c = worker.get(name);
    if (!c) return std::nullopt;
    return Report{worker_id, c->state(), "", c->task_statuses()};
  }

  // Every live worker's report of `name`, in worker order.
  std::vector<Report> reports(const std::string& name) {
    std::vector<Report> out;
    if (auto mine = local_report(name)) out.push_back(std::move(*mine));
    std::lock_guard lock(mu);
    const auto now = Clock::now();
    // Workers not heard from within the session are gone (a new record brings one back).
    std::erase_if(remote, [&](const auto& e) { return now - e.second.heard > milliseconds(session_ms); });
    for (const auto& [id, w] : remote) {
      auto it = w.connectors.find(name);
      if (it != w.connectors.end()) out.push_back(it->second);
    }
    std::sort(out.begin(), out.end(),
              [](const Report& a, const Report& b) { return a.worker < b.worker; });
    return out;
  }

  std::string status_json() {
    std::vector<std::string> names;
    {
      std::lock_guard lock(mu);
      for (const auto& [n, c] : configs) names.push_back(n);
    }
    std::string out = "{\"worker_id\":";
    write_json_string(worker_id, out);
    out += ",\"group\":";
    write_json_string(group, out);
    out += ",\"connectors\":{";
    bool first = true;
    for (const auto& n : names) {
      auto r = local_report(n);
      if (!r) continue;
      if (!first) out += ",";
      first = false;
      write_json_string(n, out);
      out += ":{\"state\":";
      write_json_string(state_name(r->state), out);
      out += ",\"trace\":";
      write_json_string(r->trace, out);
      out += ",\"tasks\":[";
      for (size_t i = 0; i < r->tasks.size(); ++i) {
        if (i) out += ",";
        out += "{\"id\":" + std::to_string(i) + ",\"state\":";
        write_json_string(state_name(r->tasks[i].state), out);
        out += ",\"trace\":";
        write_json_string(r->tasks[i].trace, out);
        out += "}";
      }
      out += "]}";
    }
    out += "}}";
    return out;
  }

  void publish_status(const std::string& body) {
    std::string value = body;
    value.pop_back();  // the closing brace: add the time
    value += ",\"time\":" + std::to_string(wall_ms()) + "}";
    const std::string key = std::string(kWorkerKey) + worker_id;
    if (auto s = producer->write(status_topic, key, value); !s)
      spdlog::warn("Cannot publish this worker's status: {}", s.error().message);
  }

  void publisher_loop() {
    std::string last;
    auto last_sent = Clock::now() - milliseconds(heartbeat_ms);
    for (;;) {
      {
        std::unique_lock lock(mu);
        if (cv.wait_for(lock, milliseconds(std::min<int64_t>(200, heartbeat_ms)),
                        [&] { return stopping; }))
          return;
      }
      std::string body = status_json();
      if (body != last || Clock::now() - last_sent >= milliseconds(heartbeat_ms)) {
        publish_status(body);
        last = std::move(body);
        last_sent = Clock::now();
      }
    }
  }

  void shutdown() {
    {
      std::lock_guard lock(mu);
      if (stopped) return;
      stopped = true;
      stopping = true;
    }
    cv.notify_all();
    if (apply_thread.joinable()) apply_thread.join();
    if (publisher_thread.joinable()) publisher_thread.join();
    worker.stop_all();  // commits what was written; the consumer groups rebalance
    if (producer) {
      // Gone from the cluster's statuses at once rather than after the session timeout.
      const std::string key = std::string(kWorkerKey) + worker_id;
      (void)producer->write(status_topic, key, std::nullopt).ok();
      producer->flush(milliseconds(5000));
    }
    if (reader_thread.joinable()) reader_thread.join();
    if (reader) reader->close();
  }
};

Result<std::unique_ptr<ClusterHerder>> ClusterHerder::start(Config worker, std::string worker_id) {
  auto impl = std::make_unique<Impl>(std::move(worker), std::move(worker_id));
  Impl& s = *impl;
  if (auto st = s.create_clients(); !st) return st.error();
  if (auto st = s.ensure_topics(); !st) return st.error();
  s.config_end_at_start = s.reader->end_offset(s.config_topic);
  s.status_end_at_start = s.reader->end_offset(s.status_topic);

  if (auto st = s.reader->read_from_beginning({s.config_topic, s.status_topic}); !st)
    return Error{fmt::format("cannot read the cluster topics: {}", st.error().message)};

  std::unique_ptr<ClusterHerder> herder(new ClusterHerder(std::move(impl)));
  s.reader_thread = std::thread([&s] { s.read_loop(); });
  s.apply_thread = std::thread([&s] { s.apply_loop(); });

  // Replay: every connector of the cluster runs here before this worker answers requests.
  if (s.config_end_at_start > 0) {
    std::unique_lock lock(s.mu);
    if (!s.cv.wait_for(lock, std::chrono::seconds(60),
                       [&] { return s.applied_offset >= s.config_end_at_start - 1; }))
      spdlog::warn("Still reading topic '{}' after 60 s; answering meanwhile", s.config_topic);
  }
  s.publisher_thread = std::thread([&s] { s.publisher_loop(); });
  spdlog::info("Worker {} joined cluster '{}' (config topic '{}', status topic '{}'); {} "
               "connector(s)",
               s.worker_id, s.group, s.config_topic, s.status_topic, s.worker.names().size());
  return herder;
}

ClusterHerder::ClusterHerder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

ClusterHerder::~ClusterHerder() { stop(); }

void ClusterHerder::stop() { impl_->shutdown(); }

std::string ClusterHerder::worker_id() const { return impl_->worker_id; }

const Config& ClusterHerder::worker_config() const { return impl_->config; }

Worker& ClusterHerder::local_worker() { return impl_->worker; }

std::string ClusterHerder::kafka_cluster_id() {
  std::lock_guard lock(impl_->mu);
  if (impl_->cluster_id.empty()) impl_->cluster_id = impl_->producer->cluster_id(milliseconds(2000));
  return impl_->cluster_id;
}

std::vector<std::string> ClusterHerder::connectors() {
  std::lock_guard lock(impl_->mu);
  std::vector<std::string> out;
  for (const auto& [n, c] : impl_->configs) out.push_back(n);
  return out;
}

static std::string not_found_message(const std::string& name) {
  return fmt::format("Connector {} not found", name);
}

Reply<ConnectorInfo> ClusterHerder::info(const std::string& name) {
  ConfigMap raw;
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->configs.find(name);
    if (it == impl_->configs.end()) return not_found(not_found_message(name));
    raw = it->second;
  }
  ConnectorInfo info{name, mask_connector_config(raw), {}};
  int id = 0;
  for (const auto& r : impl_->reports(name))
    for (size_t i = 0; i < r.tasks.size(); ++i) info.tasks.push_back(id++);
  return info;
}

Reply<ConnectorStatus> ClusterHerder::status(const std::string& name) {
  TargetState target;
  {
    std::lock_guard lock(impl_->mu);
    if (!impl_->configs.count(name)) return not_found(not_found_message(name));
    auto t = impl_->targets.find(name);
    target = t == impl_->targets.end() ? TargetState::Started : t->second;
  }
  ConnectorStatus s;
  s.name = name;
  auto reports = impl_->reports(name);
  const Report* failed = nullptr;
  for (const auto& r : reports)
    if (r.state == State::Failed && !failed) failed = &r;
  if (failed) {
    s.state = State::Failed;
    s.worker_id = failed->worker;
    s.trace = failed->trace;
  } else if (!reports.empty()) {
    s.state = reports.front().state;
    s.worker_id = reports.front().worker;
  } else {
    s.state = target == TargetState::Paused    ? State::Paused
              : target == TargetState::Stopped ? State::Stopped
                                               : State::Unassigned;
    s.worker_id = impl_->worker_id;
  }
  int id = 0;
  for (const auto& r : reports)
    for (const auto& t : r.tasks)
      s.tasks.push_back({id++, t.state, r.worker, t.state == State::Failed ? t.trace : ""});
  return s;
}

static std::string connector_record(const ConfigMap& config) {
  std::string out = "{\"properties\":{";
  bool first = true;
  for (const auto& [k, v] : config) {
    if (!first) out += ",";
    first = false;
    write_json_string(k, out);
    out += ":";
    write_json_string(v, out);
  }
  return out + "}}";
}

static std::string target_record(TargetState t) {
  return fmt::format("{{\"state\":\"{}\"}}", target_name(t));
}

Reply<ConnectorInfo> ClusterHerder::create(const ConfigMap& config) {
  const std::string name = config.count("name") ? config.at("name") : "";
  if (auto ok = check_connector_name(name); !ok) return ok.error();
  if (auto ok = check_connector_config(impl_->config, config); !ok) return ok.error();
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->configs.count(name))
      return conflict(fmt::format("Connector {} already exists", name));
  }
  auto w = impl_->write_config(
      {{std::string(kTargetKey) + name, target_record(TargetState::Started)},
       {std::string(kConnectorKey) + name, connector_record(config)}});
  if (!w) return w.error();
  return info(name);
}

Reply<PutResult> ClusterHerder::put(const ConfigMap& config) {
  const std::string name = config.count("name") ? config.at("name") : "";
  if (auto ok = check_connector_name(name); !ok) return ok.error();
  ConfigMap raw = config;
  bool exists;
  {
    std::lock_guard lock(impl_->mu);
    auto it = impl_->configs.find(name);
    exists = it != impl_->configs.end();
    if (exists) raw = restore_hidden_secrets(config, it->second);
  }
  if (auto ok = check_connector_config(impl_->config, raw); !ok) return ok.error();
  std::vector<std::pair<std::string, std::optional<std::string>>> records;
  if (!exists) records.push_back({std::string(kTargetKey) + name, target_record(TargetState::Started)});
  records.push_back({std::string(kConnectorKey) + name, connector_record(raw)});
  auto w = impl_->write_config(records);
  if (!w) return w.error();
  auto i = info(name);
  if (!i) return i.error();
  return PutResult{std::move(*i), !exists};
}

Reply<Done> ClusterHerder::remove(const std::string& name) {
  {
    std::lock_guard lock(impl_->mu);
    if (!impl_->configs.count(name)) return not_found(not_found_message(name));
  }
  auto w = impl_->write_config({{std::string(kConnectorKey) + name, std::nullopt},
                                {std::string(kTargetKey) + name, std::nullopt}});
  if (!w) return w;
  return Done{};
}

Reply<Done> ClusterHerder::set_target(const std::string& name, TargetState target) {
  {
    std::lock_guard lock(impl_->mu);
    if (!impl_->configs.count(name)) return not_found(not_found_message(name));
  }
  return impl_->write_config({{std::string(kTargetKey) + name, target_record(target)}});
}

Reply<ConnectorStatus> ClusterHerder::restart(const std::string& name, bool include_tasks,
                                              bool only_failed) {
  auto s = status(name);
  if (!s) return s;
  auto w = impl_->write_config(
      {{std::string(kRestartKey) + name,
        fmt::format("{{\"include_tasks\":{},\"only_failed\":{},\"worker_id\":\"\",\"task\":-1,"
                    "\"requested_by\":\"{}\",\"time\":{}}}",
                    include_tasks, only_failed, impl_->worker_id, wall_ms())}});
  if (!w) return w.error();
  return mark_restarting(std::move(*s), include_tasks, only_failed);
}

Reply<Done> ClusterHerder::restart_task(const std::string& name, int task) {
  {
    std::lock_guard lock(impl_->mu);
    if (!impl_->configs.count(name)) return not_found(not_found_message(name));
  }
  int id = 0;
  for (const auto& r : impl_->reports(name)) {
    for (size_t i = 0; i < r.tasks.size(); ++i, ++id) {
      if (id != task) continue;
      std::string worker;
      write_json_string(r.worker, worker);
      return impl_->write_config(
          {{std::string(kRestartKey) + name,
            fmt::format("{{\"include_tasks\":true,\"only_failed\":false,\"worker_id\":{},"
                        "\"task\":{},\"time\":{}}}",
                        worker, i, wall_ms())}});
    }
  }
  return not_found(fmt::format("Task {}-{} not found: connector {} has {} task(s)", name, task,
                               name, id));
}

}  // namespace ksink
