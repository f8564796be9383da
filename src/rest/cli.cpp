#include "rest/cli.h"

#include <httplib.h>

#include <algorithm>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include "config/properties.h"

namespace ksink::rest {

namespace {

const char* kCliUsage = R"(Usage: ksink cli [--endpoint URL] COMMAND [NAME]

Commands (as Stream Reactor's connect-cli):
  ps                    list the connectors
  get NAME              show a connector's configuration (.properties)
  create NAME < FILE    create a connector from a .properties file; it must not exist
  run NAME < FILE       create or update a connector from a .properties file
  delete NAME           delete a connector (also: rm)
  status NAME           show the state of a connector and its tasks
  pause NAME            pause a connector
  resume NAME           resume a paused or stopped connector
  restart NAME          restart a connector and its tasks (--only-failed: the failed ones)
  stop NAME             stop a connector's tasks (Kafka Connect's STOPPED state)
  plugins               list the connector classes the worker knows
  validate < FILE       check a .properties file against its connector.class

Options:
  -e, --endpoint URL    the REST API (default: $KAFKA_CONNECT_REST, else http://localhost:8083)
  --only-failed         restart: only the failed tasks
  -h, --help            this text
)";

std::string trim_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

// The server's {"error_code", "message"}, or the status and raw body.
std::string error_message(const CliHttpReply& reply) {
  auto j = Json::parse(reply.body);
  if (j && j->is_object()) {
    if (const Json* m = j->find("message"); m && m->is_string()) return m->text();
  }
  std::string body = reply.body.size() > 500 ? reply.body.substr(0, 500) + "..." : reply.body;
  return "HTTP " + std::to_string(reply.status) + (body.empty() ? "" : ": " + body);
}

}  // namespace

std::string encode_path_segment(const std::string& segment) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : segment) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 15]);
    }
  }
  return out;
}

std::string properties_line(const std::string& key, const std::string& value) {
  auto escape = [](const std::string& s, bool is_key) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\f': out += "\\f"; break;
        default:
          if ((is_key && (c == '=' || c == ':' || c == ' ' || c == '#' || c == '!')) ||
              (!is_key && i == 0 && c == ' '))
            out.push_back('\\');
          out.push_back(c);
      }
    }
    return out;
  };
  return escape(key, true) + "=" + escape(value, false);
}

std::string format_connector_info(const Json& info) {
  std::ostringstream out;
  const Json* name = info.find("name");
  out << "#Connector `" << (name ? name->text() : "") << "`:\n";
  if (const Json* config = info.find("config")) {
    std::map<std::string, std::string> sorted;
    for (const auto& [k, v] : config->members()) sorted[k] = v.text();
    for (const auto& [k, v] : sorted) out << properties_line(k, v) << "\n";
  }
  out << "#task ids:";
  if (const Json* tasks = info.find("tasks")) {
    bool first = true;
    for (const auto& t : tasks->items()) {
      const Json* id = t.find("task");
      out << (first ? " " : "; ") << (id ? id->text() : "?");
      first = false;
    }
  }
  out << "\n";
  return out.str();
}

std::string format_connector_status(const Json& status) {
  std::ostringstream out;
  auto field = [](const Json* obj, const char* key) -> std::string {
    if (!obj) return "";
    const Json* v = obj->find(key);
    return v ? v->text() : "";
  };
  const Json* connector = status.find("connector");
  out << "connectorState: " << field(connector, "state") << "\n";
  out << "workerId: " << field(connector, "worker_id") << "\n";
  if (connector && connector->find("trace")) out << "trace: " << field(connector, "trace") << "\n";
  const Json* tasks = status.find("tasks");
  const size_t n = tasks ? tasks->items().size() : 0;
  out << "numberOfTasks: " << n << "\n";
  out << "tasks:\n";
  if (tasks) {
    for (const auto& t : tasks->items()) {
      out << "  - taskId: " << field(&t, "id") << "\n";
      out << "    taskState: " << field(&t, "state") << "\n";
      if (t.find("trace")) out << "    trace: " << field(&t, "trace") << "\n";
      out << "    workerId: " << field(&t, "worker_id") << "\n";
    }
  }
  return out.str();
}

CliTransport http_transport(const std::string& endpoint) {
  std::string base = trim_slash(endpoint);
  std::string prefix;
  auto scheme_end = base.find("://");
  size_t host_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  if (auto slash = base.find('/', host_start); slash != std::string::npos) {
    prefix = base.substr(slash);
    base = base.substr(0, slash);
  }
  if (scheme_end == std::string::npos) base = "http://" + base;
  auto client = std::make_shared<httplib::Client>(base);
  client->set_connection_timeout(10);
  client->set_read_timeout(120);  // a restart or delete waits for tasks to commit and stop
  client->set_write_timeout(30);
  return [client, prefix, base](const std::string& method, const std::string& path,
                                const std::string& body) -> Result<CliHttpReply> {
    if (!client->is_valid()) return Error{"invalid endpoint '" + base + "'"};
    const std::string target = prefix + path;
    httplib::Headers headers = {{"Accept", "application/json"}};
    httplib::Result r(nullptr, httplib::Error::Unknown);
    if (method == "GET") r = client->Get(target, headers);
    else if (method == "DELETE") r = client->Delete(target, headers);
    else if (method == "POST") r = client->Post(target, headers, body, "application/json");
    else r = client->Put(target, headers, body, "application/json");
    if (!r)
      return Error{"cannot reach the Kafka Connect REST API at " + base + prefix + ": " +
                   httplib::to_string(r.error())};
    return CliHttpReply{r->status, r->body};
  };
}

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err, const char* env_endpoint) {
  return run_cli(args, in, out, err, env_endpoint, http_transport);
}

int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err, const char* env_endpoint,
            const std::function<CliTransport(const std::string& endpoint)>& make_transport) {
  std::string endpoint = env_endpoint && *env_endpoint ? env_endpoint : "http://localhost:8083";
  bool only_failed = false;
  std::vector<std::string> positional;
  auto usage = [&](const std::string& problem) {
    err << "ksink cli: " << problem << "\n" << kCliUsage;
    return 2;
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      out << kCliUsage;
      return 0;
    }
    if (a == "-e" || a == "--endpoint") {
      if (i + 1 >= args.size()) return usage(a + " needs a URL");
      endpoint = args[++i];
    } else if (a.starts_with("--endpoint=")) {
      endpoint = a.substr(11);
    } else if (a == "--only-failed") {
      only_failed = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option '" + a + "'");
    } else {
      positional.push_back(a);
    }
  }
  if (positional.empty()) return usage("no command given");
  const std::string verb = positional[0];
  static const std::vector<std::string> named = {"get",   "create", "run",    "delete",
                                                 "rm",    "status", "pause",  "resume",
                                                 "restart", "stop"};
  static const std::vector<std::string> unnamed = {"ps", "plugins", "validate"};
  const bool needs_name = std::find(named.begin(), named.end(), verb) != named.end();
  if (!needs_name && std::find(unnamed.begin(), unnamed.end(), verb) == unnamed.end())
    return usage("unknown command '" + verb + "'");
  if (needs_name && positional.size() != 2)
    return usage(verb + " needs exactly one connector name");
  if (!needs_name && positional.size() != 1) return usage(verb + " takes no connector name");
  const std::string name = needs_name ? positional[1] : "";
  const std::string conn_path = "/connectors/" + encode_path_segment(name);

  CliTransport http = make_transport(endpoint);
  auto call = [&](const std::string& method, const std::string& path, const std::string& body,
                  CliHttpReply& reply) -> bool {
    auto r = http(method, path, body);
    if (!r) {
      err << "Error: " << r.error().message << "\n";
      return false;
    }
    reply = *r;
    if (reply.status >= 400) {
      err << "Error: " << error_message(reply) << "\n";
      return false;
    }
    return true;
  };
  auto parse_reply = [&](const CliHttpReply& reply, Json& j) -> bool {
    auto parsed = Json::parse(reply.body);
    if (!parsed) {
      err << "Error: the server's answer is not JSON: " << parsed.error().message << "\n";
      return false;
    }
    j = std::move(*parsed);
    return true;
  };
  auto read_properties = [&](ConfigMap& props) -> bool {
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = parse_properties(text);
    if (!parsed) {
      err << "Error: cannot read the properties on stdin: " << parsed.error().message << "\n";
      return false;
    }
    props = std::move(*parsed);
    if (props.empty()) {
      err << "Error: no properties on stdin (use: ksink cli " << verb
          << (needs_name ? " " + name : "") << " < connector.properties)\n";
      return false;
    }
    return true;
  };
  auto config_json = [](const ConfigMap& props) {
    Json config = Json::object();
    for (const auto& [k, v] : props) config.set(k, Json::string(v));
    return config;
  };

  CliHttpReply reply;
  Json j;
  if (verb == "ps") {
    if (!call("GET", "/connectors", "", reply) || !parse_reply(reply, j)) return 1;
    for (const auto& n : j.items()) out << n.text() << "\n";
    return 0;
  }
  if (verb == "get") {
    if (!call("GET", conn_path, "", reply) || !parse_reply(reply, j)) return 1;
    out << format_connector_info(j);
    return 0;
  }
  if (verb == "create" || verb == "run") {
    ConfigMap props;
    if (!read_properties(props)) return 1;
    if (!props.count("name")) props["name"] = name;
    bool ok;
    if (verb == "create") {
      Json body = Json::object();
      body.set("name", Json::string(name));
      body.set("config", config_json(props));
      ok = call("POST", "/connectors", body.dump(), reply);
    } else {
      ok = call("PUT", conn_path + "/config", config_json(props).dump(), reply);
    }
    if (!ok || !parse_reply(reply, j)) return 1;
    out << format_connector_info(j);
    return 0;
  }
  if (verb == "delete" || verb == "rm") return call("DELETE", conn_path, "", reply) ? 0 : 1;
  if (verb == "status") {
    if (!call("GET", conn_path + "/status", "", reply) || !parse_reply(reply, j)) return 1;
    out << format_connector_status(j);
    return 0;
  }
  if (verb == "pause" || verb == "resume" || verb == "stop")
    return call("PUT", conn_path + "/" + verb, "", reply) ? 0 : 1;
  if (verb == "restart") {
    std::string q = std::string("?includeTasks=true&onlyFailed=") + (only_failed ? "true" : "false");
    return call("POST", conn_path + "/restart" + q, "", reply) ? 0 : 1;
  }
  if (verb == "plugins") {
    if (!call("GET", "/connector-plugins", "", reply) || !parse_reply(reply, j)) return 1;
    std::vector<std::string> classes;
    for (const auto& p : j.items())
      if (const Json* c = p.find("class")) classes.push_back(c->text());
    std::sort(classes.begin(), classes.end());
    for (const auto& c : classes) out << "Class name: " << c << "\n";
    return 0;
  }
  // validate
  ConfigMap props;
  if (!read_properties(props)) return 1;
  auto cls = props.find("connector.class");
  if (cls == props.end() || cls->second.empty()) {
    err << "Error: the properties have no connector.class: it names the plugin to validate "
           "against\n";
    return 1;
  }
  if (!call("PUT", "/connector-plugins/" + encode_path_segment(cls->second) + "/config/validate",
            config_json(props).dump(), reply) ||
      !parse_reply(reply, j))
    return 1;
  const Json* count = j.find("error_count");
  const int64_t errors = count ? count->as_int(0) : 0;
  if (errors == 0) {
    out << cls->second << ": no validation errors\n";
    return 0;
  }
  out << "Validation failed with " << errors << " error(s):\n";
  if (const Json* configs = j.find("configs")) {
    for (const auto& c : configs->items()) {
      const Json* value = c.find("value");
      if (!value) continue;
      const Json* key = value->find("name");
      if (const Json* errs = value->find("errors"))
        for (const auto& e : errs->items())
          out << "  " << (key ? key->text() : "?") << ": " << e.text() << "\n";
    }
  }
  return 1;
}

}  // namespace ksink::rest
