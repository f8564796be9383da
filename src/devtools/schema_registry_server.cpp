#include "devtools/schema_registry_server.h"

#include <httplib.h>
#include <simdjson.h>

#include <charconv>

#include "convert/avro_schema.h"
#include "core/background_listener.h"
#include "core/json_writer.h"

namespace ksink::devtools {

namespace {

constexpr const char* kContentType = "application/vnd.schemaregistry.v1+json";

void reply(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, kContentType);
}

// Confluent's error body: {"error_code":40403,"message":"Schema not found"}.
void error(httplib::Response& res, int status, int code, std::string_view message) {
  std::string body = "{\"error_code\":" + std::to_string(code) + ",\"message\":";
  write_json_string(message, body);
  body += "}";
  reply(res, status, body);
}

std::string json_string(std::string_view s) {
  std::string out;
  write_json_string(s, out);
  return out;
}

std::string version_json(const SchemaStore::Version& v) {
  return "{\"subject\":" + json_string(v.subject) + ",\"version\":" + std::to_string(v.version) +
         ",\"id\":" + std::to_string(v.id) + ",\"schema\":" + json_string(v.schema) + "}";
}

// "latest", "-1" or 1..2^31-1; false otherwise.
bool parse_version(const std::string& text, int& out) {
  if (text == "latest" || text == "-1") {
    out = -1;
    return true;
  }
  int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v < 1) return false;
  out = v;
  return true;
}

void invalid_version(httplib::Response& res, const std::string& text) {
  error(res, 422, 42202,
        "The specified version '" + text +
            "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "
            "\"latest\"");
}

void not_found(httplib::Response& res, SchemaStore::Found found, const std::string& subject,
               std::string_view what) {
  if (found == SchemaStore::Found::NoSubject)
    error(res, 404, 40401, "Subject '" + subject + "' not found.");
  else if (what == "schema")
    error(res, 404, 40403, "Schema not found");
  else
    error(res, 404, 40402, "Version " + std::string(what) + " not found.");
}

// The "schema" of a request body; false (with the error sent) when the body is unusable.
bool schema_of(const httplib::Request& req, httplib::Response& res, std::string& schema) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(req.body).get(doc) || !doc.is_object()) {
    error(res, 400, 400, "The request body must be a JSON object like {\"schema\": \"...\"}");
    return false;
  }
  std::string_view type = "AVRO";
  if (doc["schemaType"].get_string().get(type)) type = "AVRO";
  if (type != "AVRO") {
    error(res, 422, 42201,
          "Invalid schema: schemaType " + std::string(type) +
              " is not supported; ksink's development Schema Registry stores Avro schemas only");
    return false;
  }
  simdjson::dom::array refs;
  if (!doc["references"].get_array().get(refs) && refs.size() > 0) {
    error(res, 422, 42201,
          "Invalid schema: schema references are not supported by ksink's development Schema "
          "Registry");
    return false;
  }
  std::string_view text;
  if (doc["schema"].get_string().get(text) || text.empty()) {
    error(res, 422, 42201, "Empty schema: the request body needs a \"schema\" string");
    return false;
  }
  schema.assign(text);
  return true;
}

void routes(httplib::Server& s, const std::shared_ptr<SchemaStore>& store) {
  using httplib::Request;
  using httplib::Response;

  s.Get("/", [](const Request&, Response& res) { reply(res, 200, "{}"); });
  s.Get("/schemas/types", [](const Request&, Response& res) { reply(res, 200, "[\"AVRO\"]"); });
  s.Get("/config", [](const Request&, Response& res) {
    reply(res, 200, "{\"compatibilityLevel\":\"NONE\"}");
  });

  s.Get(R"(/schemas/ids/(\d{1,9})(/schema)?)", [store](const Request& req, Response& res) {
    auto schema = store->schema(std::stoi(req.matches[1]));
    if (!schema) return error(res, 404, 40403, "Schema not found");
    if (req.matches[2].matched) return reply(res, 200, *schema);
    reply(res, 200, "{\"schema\":" + json_string(*schema) + "}");
  });

  s.Get("/subjects", [store](const Request&, Response& res) {
    std::string body = "[";
    for (const auto& name : store->subjects()) {
      if (body.size() > 1) body += ',';
      body += json_string(name);
    }
    reply(res, 200, body + "]");
  });

  s.Get(R"(/subjects/([^/]+)/versions)", [store](const Request& req, Response& res) {
    std::string subject = req.matches[1];
    auto versions = store->versions(subject);
    if (!versions) return not_found(res, SchemaStore::Found::NoSubject, subject, "");
    std::string body = "[";
    for (int v : *versions) body += (body.size() > 1 ? "," : "") + std::to_string(v);
    reply(res, 200, body + "]");
  });

  s.Get(R"(/subjects/([^/]+)/versions/([^/]+)(/schema)?)",
        [store](const Request& req, Response& res) {
          std::string subject = req.matches[1], text = req.matches[2];
          int version;
          if (!parse_version(text, version)) return invalid_version(res, text);
          SchemaStore::Version v;
          auto found = store->version(subject, version, v);
          if (found != SchemaStore::Found::Yes) return not_found(res, found, subject, text);
          if (req.matches[3].matched) return reply(res, 200, v.schema);
          reply(res, 200, version_json(v));
        });

  s.Post(R"(/subjects/([^/]+)/versions)", [store](const Request& req, Response& res) {
    std::string schema;
    if (!schema_of(req, res, schema)) return;
    auto id = store->register_schema(req.matches[1], schema);
    if (!id) return error(res, 422, 42201, "Invalid schema: " + id.error().message);
    reply(res, 200, "{\"id\":" + std::to_string(*id) + "}");
  });

  s.Post(R"(/subjects/([^/]+))", [store](const Request& req, Response& res) {
    std::string subject = req.matches[1], schema;
    if (!schema_of(req, res, schema)) return;
    SchemaStore::Version v;
    auto found = store->lookup(subject, schema, v);
    if (found != SchemaStore::Found::Yes) return not_found(res, found, subject, "schema");
    reply(res, 200, version_json(v));
  });

  // A stub, and it says so: the development registry accepts every valid Avro schema.
  auto compatibility = [store](const Request& req, Response& res) {
    std::string subject = req.matches[1], schema;
    if (req.matches.size() > 2 && req.matches[2].matched) {
      std::string text = req.matches[2];
      int version;
      if (!parse_version(text, version)) return invalid_version(res, text);
      SchemaStore::Version v;
      auto found = store->version(subject, version, v);
      if (found != SchemaStore::Found::Yes) return not_found(res, found, subject, text);
    }
    if (!schema_of(req, res, schema)) return;
    if (auto parsed = avro::parse_avro_schema(schema); !parsed)
      return error(res, 422, 42201, "Invalid schema: " + parsed.error().message);
    reply(res, 200,
          "{\"is_compatible\":true,\"messages\":[\"not checked: ksink's development Schema "
          "Registry does not check compatibility and accepts every valid Avro schema\"]}");
  };
  s.Post(R"(/compatibility/subjects/([^/]+)/versions(?:/([^/]+))?)", compatibility);

  // Unknown paths and methods, in Confluent's shape; answers of the routes above are kept.
  s.set_error_handler([](const Request&, Response& res) {
    if (!res.body.empty()) return;
    std::string message = "HTTP " + std::to_string(res.status);
    if (res.status == 404) message += " Not Found";
    error(res, res.status, res.status, message);
  });
}

}  // namespace

SchemaRegistryServer::SchemaRegistryServer(std::shared_ptr<SchemaStore> store)
    : store_(std::move(store)) {}

SchemaRegistryServer::~SchemaRegistryServer() { stop(); }

Result<int> SchemaRegistryServer::start(int port) {
  stop();
  auto server = std::make_unique<httplib::Server>();
  routes(*server, store_);
  if (port == 0) {
    port = server->bind_to_any_port("127.0.0.1");
    if (port < 0) return Error{"cannot start the Schema Registry: no free port on 127.0.0.1"};
  } else if (!server->bind_to_port("127.0.0.1", port)) {
    return Error{"cannot start the Schema Registry: port " + std::to_string(port) +
                 " on 127.0.0.1 is in use"};
  }
  port_ = port;
  server_ = std::move(server);
  thread_ = listen_in_background(*server_);
  return port_;
}

void SchemaRegistryServer::stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace ksink::devtools
