// The Kafka Connect REST API over a Herder, independent of the HTTP server: a request in (method,
// decoded path, query, body), a status and JSON body out. Paths, status codes and shapes are
// Kafka Connect's (docs: connect-compat.md); errors are {"error_code": N, "message": "..."}.
#pragma once

#include <atomic>
#include <map>
#include <utility>
#include <string>

#include "rest/json.h"
#include "control/health.h"
#include "control/herder.h"

namespace ksink::rest {

struct HttpRequest {
  std::string method;  // GET, POST, PUT, DELETE...
  std::string path;    // percent-decoded, without the query
  std::multimap<std::string, std::string> query;
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string body;  // JSON, or empty (204, 202 without body)
  std::string content_type = "application/json";
};

class RestApi {
 public:
  // `health` answers GET /health; without one the worker reports itself healthy.
  explicit RestApi(Herder& herder, const KafkaHealth* health = nullptr)
      : herder_(&herder), health_(health) {}
  // A worker still starting (joining its cluster): GET /health answers 503 "starting", every
  // other request 503, until attach().
  explicit RestApi(const KafkaHealth* health) : herder_(nullptr), health_(health) {}
  void attach(Herder& herder) { herder_ = &herder; }
  // Never throws: a failure inside becomes a 500 answer.
  HttpResponse handle(const HttpRequest& request);

 private:
  HttpResponse route(const HttpRequest& request);
  std::atomic<Herder*> herder_;
  const KafkaHealth* health_;
};

// The JSON shapes, shared with the CLI's tests.
Json connector_info_json(const ConnectorInfo& info);
Json connector_status_json(const ConnectorStatus& status);
Json error_json(int code, const std::string& message);
// GET /health's status code and body; without `health` the worker reports itself healthy.
// `starting`: the worker has not joined its cluster yet.
std::pair<int, Json> health_json(const KafkaHealth* health, bool starting = false);

// A flat JSON object of configuration values: strings as they are, numbers as their text,
// booleans as true/false; null values are dropped. 400 for anything else, naming the key.
Reply<ConfigMap> config_from_json(const Json& object);

}  // namespace ksink::rest
