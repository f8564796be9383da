#include "rest/api.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <string_view>
#include <vector>

#include "rest/status_page.h"
#include "rest/validation.h"
#include "control/metrics.h"

namespace ksink::rest {

namespace {

HttpResponse json_response(int status, const Json& body) { return {status, body.dump()}; }

HttpResponse error_response(const ApiError& e) {
  return json_response(e.status, error_json(e.status, e.message));
}

HttpResponse http_error(int status) {
  std::string reason = status == 404   ? "Not Found"
                       : status == 405 ? "Method Not Allowed"
                                       : "Error";
  return json_response(status, error_json(status, fmt::format("HTTP {} {}", status, reason)));
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  size_t i = 0;
  std::string p = path;
  if (p.size() > 1 && p.back() == '/') p.pop_back();  // "/connectors/" as "/connectors"
  while (i < p.size()) {
    if (p[i] == '/') {
      ++i;
      continue;
    }
    size_t j = p.find('/', i);
    if (j == std::string::npos) j = p.size();
    out.push_back(p.substr(i, j - i));
    i = j;
  }
  return out;
}

// A query flag as Kafka Connect's boolean query parameters read it.
Reply<bool> flag(const HttpRequest& req, const std::string& name) {
  auto it = req.query.find(name);
  if (it == req.query.end()) return false;
  std::string v = it->second;
  for (auto& c : v) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "true" || v.empty()) return true;
  if (v == "false") return false;
  return bad_request(fmt::format("Query parameter {} must be true or false, not '{}'", name,
                                 it->second));
}

bool parse_task_id(const std::string& text, int& id) {
  if (text.empty() || text.size() > 9) return false;
  id = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    id = id * 10 + (c - '0');
  }
  return true;
}

Reply<Json> parse_body(const HttpRequest& req, const char* expected) {
  if (req.body.find_first_not_of(" \t\r\n") == std::string::npos)
    return bad_request(fmt::format("Request body is empty: expected {}", expected));
  auto j = Json::parse(req.body);
  if (!j) return bad_request(j.error().message);
  if (!j->is_object())
    return bad_request(fmt::format("Request body must be a JSON object: expected {}", expected));
  return std::move(*j);
}

std::string name_mismatch(const std::string& in_config, const std::string& in_url) {
  return fmt::format(
      "Connector name configuration ({}) doesn't match connector name in the URL ({})", in_config,
      in_url);
}

}  // namespace

// GET /health as Kafka Connect's RootResource.healthCheck answers it, with WorkerStatus's JSON
// and messages (KIP-1017): 200 healthy, 503 while starting, 500 when unhealthy. What ksink checks
// is Kafka answering a metadata request (docs/operations.md "Health").
std::pair<int, Json> health_json(const KafkaHealth* health, bool starting) {
  HealthReport r = health ? health->report() : HealthReport{Health::Healthy, ""};
  if (starting && r.state != Health::Unhealthy)
    r = {Health::Starting, "Joining the cluster: reading its config and status topics."};
  Json out = Json::object();
  int status = 200;
  switch (r.state) {
    case Health::Healthy:
      out.set("status", Json::string("healthy"));
      out.set("message",
              Json::string("Worker has completed startup and is ready to handle requests."));
      break;
    case Health::Starting:
      status = 503;
      out.set("status", Json::string("starting"));
      out.set("message", Json::string("Worker is still starting up. " + r.detail));
      break;
    case Health::Unhealthy:
      status = 500;
      out.set("status", Json::string("unhealthy"));
      out.set("message", Json::string("Worker was unable to handle this request and may be "
                                      "unable to handle other requests. " +
                                      r.detail));
      break;
  }
  return {status, std::move(out)};
}

Json error_json(int code, const std::string& message) {
  Json e = Json::object();
  e.set("error_code", Json::number(code));
  e.set("message", Json::string(message));
  return e;
}

Json connector_info_json(const ConnectorInfo& info) {
  Json config = Json::object();
  for (const auto& [k, v] : info.config) config.set(k, Json::string(v));
  Json tasks = Json::array();
  for (int id : info.tasks) {
    Json t = Json::object();
    t.set("connector", Json::string(info.name));
    t.set("task", Json::number(id));
    tasks.push(std::move(t));
  }
  Json out = Json::object();
  out.set("name", Json::string(info.name));
  out.set("config", std::move(config));
  out.set("tasks", std::move(tasks));
  out.set("type", Json::string("sink"));
  return out;
}

static Json task_status_json(const TaskState& t) {
  Json j = Json::object();
  j.set("id", Json::number(t.id));
  j.set("state", Json::string(std::string(state_name(t.state))));
  j.set("worker_id", Json::string(t.worker_id));
  if (t.state == State::Failed) j.set("trace", Json::string(t.trace));
  return j;
}

Json connector_status_json(const ConnectorStatus& s) {
  Json connector = Json::object();
  connector.set("state", Json::string(std::string(state_name(s.state))));
  connector.set("worker_id", Json::string(s.worker_id));
  if (s.state == State::Failed) connector.set("trace", Json::string(s.trace));
  Json tasks = Json::array();
  for (const auto& t : s.tasks) tasks.push(task_status_json(t));
  Json out = Json::object();
  out.set("name", Json::string(s.name));
  out.set("connector", std::move(connector));
  out.set("tasks", std::move(tasks));
  out.set("type", Json::string("sink"));
  return out;
}

Reply<ConfigMap> config_from_json(const Json& object) {
  ConfigMap out;
  for (const auto& [k, v] : object.members()) {
    switch (v.type()) {
      case Json::Type::String:
      case Json::Type::Number:
      case Json::Type::Bool: out[k] = v.text(); break;
      case Json::Type::Null: out.erase(k); break;
      default:
        return bad_request(fmt::format(
            "Configuration value of '{}' must be a string, number or boolean, not {}", k,
            v.is_array() ? "an array" : "an object"));
    }
  }
  return out;
}

HttpResponse RestApi::handle(const HttpRequest& req) {
  try {
    return route(req);
  } catch (const std::exception& e) {
    spdlog::error("REST {} {} failed: {}", req.method, req.path, e.what());
    return error_response(internal_error(e.what()));
  } catch (...) {
    return error_response(internal_error("unexpected internal error"));
  }
}

namespace {

// What a route's {name} and {task} segments captured.
struct PathArgs {
  std::string name;  // a connector's, or a plugin's type
  int task = 0;
};

// 200 with the value in its JSON shape, or the error with its own status.
template <typename T>
HttpResponse ok_or_error(const Reply<T>& r, Json (*shape)(const T&)) {
  return r ? json_response(200, shape(*r)) : error_response(r.error());
}

// GET /
HttpResponse get_root(Herder& herder, const HttpRequest&, const PathArgs&) {
  Json out = Json::object();
  out.set("version", Json::string(KSINK_VERSION));
  out.set("commit", Json::string("ksink"));
  std::string cluster = herder.kafka_cluster_id();
  out.set("kafka_cluster_id", cluster.empty() ? Json() : Json::string(cluster));
  return json_response(200, out);
}

// GET /metrics: this process's task metrics for Prometheus.
HttpResponse get_metrics(Herder& herder, const HttpRequest&, const PathArgs&) {
  return HttpResponse{200, prometheus_metrics(herder.local_worker()),
                      "text/plain; version=0.0.4; charset=utf-8"};
}

HttpResponse list_plugins(Herder&, const HttpRequest&, const PathArgs&) {
  return json_response(200, plugin_list());
}

HttpResponse get_plugin_config(Herder&, const HttpRequest&, const PathArgs& args) {
  auto r = plugin_config(args.name);
  return r ? json_response(200, *r) : error_response(r.error());
}

HttpResponse validate_plugin_config(Herder& herder, const HttpRequest& req, const PathArgs& args) {
  auto body = parse_body(req, "the connector configuration as a JSON object");
  if (!body) return error_response(body.error());
  auto config = config_from_json(*body);
  if (!config) return error_response(config.error());
  auto r = validate_config(herder.worker_config(), args.name, *config);
  return r ? json_response(200, *r) : error_response(r.error());
}

HttpResponse list_connectors(Herder& herder, const HttpRequest& req, const PathArgs&) {
  std::vector<std::string> names = herder.connectors();
  bool want_status = false, want_info = false;
  auto [lo, hi] = req.query.equal_range("expand");
  for (auto it = lo; it != hi; ++it) {
    // "expand=status&expand=info" as Kafka Connect, and "expand=status,info" too.
    std::string_view v = it->second;
    for (;;) {
      const size_t comma = v.find(',');
      const std::string_view item = v.substr(0, comma);
      want_status |= item == "status";
      want_info |= item == "info";
      if (comma == std::string_view::npos) break;
      v.remove_prefix(comma + 1);
    }
  }
  if (!want_status && !want_info) {
    Json list = Json::array();
    for (const auto& n : names) list.push(Json::string(n));
    return json_response(200, list);
  }
  Json out = Json::object();
  for (const auto& n : names) {
    Json entry = Json::object();
    if (want_info) {
      auto info = herder.info(n);
      if (!info) continue;  // deleted meanwhile
      entry.set("info", connector_info_json(*info));
    }
    if (want_status) {
      auto status = herder.status(n);
      if (!status) continue;
      entry.set("status", connector_status_json(*status));
    }
    out.set(n, std::move(entry));
  }
  return json_response(200, out);
}

HttpResponse create_connector(Herder& herder, const HttpRequest& req, const PathArgs&) {
  auto body = parse_body(req, "{\"name\": \"...\", \"config\": {...}}");
  if (!body) return error_response(body.error());
  const Json* name = body->find("name");
  const Json* config_json = body->find("config");
  if (name && !name->is_null() && !name->is_string())
    return error_response(bad_request("\"name\" must be a string"));
  if (!config_json || !config_json->is_object())
    return error_response(bad_request(
        "Request body must hold the connector configuration as an object under \"config\": "
        "{\"name\": \"...\", \"config\": {...}}"));
  auto config = config_from_json(*config_json);
  if (!config) return error_response(config.error());
  std::string n = name && name->is_string() ? name->text() : "";
  if (n.empty() && config->count("name")) n = config->at("name");
  if (config->count("name") && config->at("name") != n)
    return error_response(bad_request(name_mismatch(config->at("name"), n)));
  (*config)["name"] = n;
  auto r = herder.create(*config);
  if (!r) return error_response(r.error());
  spdlog::info("[{}] Connector created through the REST API", n);
  return json_response(201, connector_info_json(*r));
}

HttpResponse get_connector(Herder& herder, const HttpRequest&, const PathArgs& args) {
  return ok_or_error(herder.info(args.name), connector_info_json);
}

HttpResponse delete_connector(Herder& herder, const HttpRequest&, const PathArgs& args) {
  auto r = herder.remove(args.name);
  if (!r) return error_response(r.error());
  spdlog::info("[{}] Connector deleted through the REST API", args.name);
  return {204, ""};
}

HttpResponse get_connector_config(Herder& herder, const HttpRequest&, const PathArgs& args) {
  auto r = herder.info(args.name);
  if (!r) return error_response(r.error());
  Json config = Json::object();
  for (const auto& [k, v] : r->config) config.set(k, Json::string(v));
  return json_response(200, config);
}

HttpResponse put_connector_config(Herder& herder, const HttpRequest& req, const PathArgs& args) {
  const std::string& name = args.name;
  auto body = parse_body(req, "the connector configuration as a JSON object");
  if (!body) return error_response(body.error());
  auto config = config_from_json(*body);
  if (!config) return error_response(config.error());
  if (config->count("name") && config->at("name") != name)
    return error_response(bad_request(name_mismatch(config->at("name"), name)));
  (*config)["name"] = name;
  auto r = herder.put(*config);
  if (!r) return error_response(r.error());
  spdlog::info("[{}] Connector {} through the REST API", name,
               r->created ? "created" : "reconfigured");
  return json_response(r->created ? 201 : 200, connector_info_json(r->info));
}

HttpResponse get_connector_status(Herder& herder, const HttpRequest&, const PathArgs& args) {
  return ok_or_error(herder.status(args.name), connector_status_json);
}

HttpResponse get_connector_tasks(Herder& herder, const HttpRequest&, const PathArgs& args) {
  auto r = herder.info(args.name);
  if (!r) return error_response(r.error());
  Json list = Json::array();
  for (int id : r->tasks) {
    Json idj = Json::object();
    idj.set("connector", Json::string(args.name));
    idj.set("task", Json::number(id));
    Json config = Json::object();
    for (const auto& [k, v] : r->config) config.set(k, Json::string(v));
    Json t = Json::object();
    t.set("id", std::move(idj));
    t.set("config", std::move(config));
    list.push(std::move(t));
  }
  return json_response(200, list);
}

HttpResponse restart_connector(Herder& herder, const HttpRequest& req, const PathArgs& args) {
  auto include_tasks = flag(req, "includeTasks");
  if (!include_tasks) return error_response(include_tasks.error());
  auto only_failed = flag(req, "onlyFailed");
  if (!only_failed) return error_response(only_failed.error());
  auto r = herder.restart(args.name, *include_tasks, *only_failed);
  if (!r) return error_response(r.error());
  if (!*include_tasks && !*only_failed) return {204, ""};
  return json_response(202, connector_status_json(*r));
}

// pause, resume and stop differ only in the target state, the log's verb and the status.
HttpResponse set_target_state(Herder& herder, const std::string& name, TargetState target,
                              const char* done, int status) {
  auto r = herder.set_target(name, target);
  if (!r) return error_response(r.error());
  spdlog::info("[{}] Connector {} through the REST API", name, done);
  return {status, ""};
}

HttpResponse pause_connector(Herder& herder, const HttpRequest&, const PathArgs& args) {
  return set_target_state(herder, args.name, TargetState::Paused, "paused", 202);
}

HttpResponse resume_connector(Herder& herder, const HttpRequest&, const PathArgs& args) {
  return set_target_state(herder, args.name, TargetState::Started, "resumed", 202);
}

HttpResponse stop_connector(Herder& herder, const HttpRequest&, const PathArgs& args) {
  return set_target_state(herder, args.name, TargetState::Stopped, "stopped", 204);
}

HttpResponse get_task_status(Herder& herder, const HttpRequest&, const PathArgs& args) {
  auto r = herder.status(args.name);
  if (!r) return error_response(r.error());
  for (const auto& t : r->tasks)
    if (t.id == args.task) return json_response(200, task_status_json(t));
  return error_response(
      not_found(fmt::format("No status found for task {}-{}", args.name, args.task)));
}

HttpResponse restart_task(Herder& herder, const HttpRequest&, const PathArgs& args) {
  auto r = herder.restart_task(args.name, args.task);
  return r ? HttpResponse{204, ""} : error_response(r.error());
}

// A path pattern is its segments: a literal matches itself, "{name}" any segment and "{task}"
// only a task id, so that /connectors/c/tasks/x/status is a 404 whatever the method.
struct Route {
  const char* method;
  std::vector<std::string_view> pattern;
  HttpResponse (*handler)(Herder&, const HttpRequest&, const PathArgs&);
};

const std::vector<Route>& routes() {
  static const std::vector<Route> table = {
      {"GET", {}, get_root},
      {"GET", {"metrics"}, get_metrics},
      {"GET", {"connector-plugins"}, list_plugins},
      {"GET", {"connector-plugins", "{name}", "config"}, get_plugin_config},
      {"PUT", {"connector-plugins", "{name}", "config", "validate"}, validate_plugin_config},
      {"GET", {"connectors"}, list_connectors},
      {"POST", {"connectors"}, create_connector},
      {"GET", {"connectors", "{name}"}, get_connector},
      {"DELETE", {"connectors", "{name}"}, delete_connector},
      {"GET", {"connectors", "{name}", "config"}, get_connector_config},
      {"PUT", {"connectors", "{name}", "config"}, put_connector_config},
      {"GET", {"connectors", "{name}", "status"}, get_connector_status},
      {"GET", {"connectors", "{name}", "tasks"}, get_connector_tasks},
      {"POST", {"connectors", "{name}", "restart"}, restart_connector},
      {"PUT", {"connectors", "{name}", "pause"}, pause_connector},
      {"PUT", {"connectors", "{name}", "resume"}, resume_connector},
      {"PUT", {"connectors", "{name}", "stop"}, stop_connector},
      {"GET", {"connectors", "{name}", "tasks", "{task}", "status"}, get_task_status},
      {"POST", {"connectors", "{name}", "tasks", "{task}", "restart"}, restart_task},
  };
  return table;
}

bool matches(const Route& route, const std::vector<std::string>& seg, PathArgs& args) {
  if (route.pattern.size() != seg.size()) return false;
  for (size_t i = 0; i < seg.size(); ++i) {
    const std::string_view p = route.pattern[i];
    if (p == "{name}") {
      args.name = seg[i];
    } else if (p == "{task}") {
      if (!parse_task_id(seg[i], args.task)) return false;
    } else if (p != seg[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

// A path no route has is a 404; a path some route has, but not with this method, a 405.
HttpResponse RestApi::route(const HttpRequest& req) {
  const auto seg = split_path(req.path);
  // Routes that need more than the herder.
  Herder* herder = herder_.load();
  if (seg.size() == 1 && seg[0] == "health") {
    if (req.method != "GET") return http_error(405);
    auto [status, body] = health_json(health_, herder == nullptr);
    return json_response(status, body);
  }
  if (!herder)
    return json_response(503, error_json(503, "Worker is still starting up: it answers once it "
                                              "has joined its cluster (GET /health tells)"));
  if (!seg.empty() && seg[0] == "ui" && seg.size() <= 2) {
    if (req.method != "GET") return http_error(405);
    if (seg.size() == 1) return {200, std::string(status_page_html()), "text/html; charset=utf-8"};
    if (seg[1] == "status.json") return json_response(200, status_page_json(*herder, health_));
  }
  bool path_known = false;
  for (const Route& r : routes()) {
    PathArgs args;
    if (!matches(r, seg, args)) continue;
    if (req.method == r.method) return r.handler(*herder, req, args);
    path_known = true;
  }
  return http_error(path_known ? 405 : 404);
}

}  // namespace ksink::rest
