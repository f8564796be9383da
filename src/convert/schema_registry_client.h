// A client of Confluent's Schema Registry REST API, the part converters and producers use:
// fetch a schema by id, register a schema under a subject. Several URLs (one registry cluster)
// are tried in turn; basic auth comes from `basic.auth.user.info` or the URL itself.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/properties.h"
#include "core/result.h"

namespace ksink {

struct SchemaRegistryOptions {
  std::vector<std::string> urls;         // without a trailing slash
  std::optional<std::string> user_info;  // "user:password" (a secret: never printed)
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds request_timeout{30000};
};

// Reads Confluent's client settings, as a converter receives them without their prefix:
// schema.registry.url (required, comma-separated), basic.auth.credentials.source (URL or
// USER_INFO; USER_INFO is implied when a user info is given), basic.auth.user.info (also
// schema.registry.basic.auth.user.info). Errors name the key with `prefix` ("value.converter.").
Result<SchemaRegistryOptions> parse_schema_registry_options(const ConfigMap& settings,
                                                            std::string_view prefix);

// A URL as it may be shown: without the user info of http://user:password@host.
std::string printable_url(std::string_view url);

class SchemaRegistryClient {
 public:
  enum class Outcome {
    Ok,
    NotFound,     // the registry answered that there is no such schema (error code 40403)
    Rejected,     // the registry refused the request (invalid or incompatible schema, ...)
    Unavailable,  // no registry answered usefully: connection refused, timeout, 5xx, 401/403
  };
  struct Reply {
    Outcome outcome = Outcome::Unavailable;
    std::string schema;       // schema_by_id: the schema's text
    std::string schema_type;  // schema_by_id: "AVRO", "PROTOBUF", "JSON"
    bool has_references = false;
    int32_t id = 0;       // register_schema: the schema's id
    std::string message;  // what went wrong, naming the registry URL (never the password)
  };

  explicit SchemaRegistryClient(SchemaRegistryOptions options);
  ~SchemaRegistryClient();
  SchemaRegistryClient(const SchemaRegistryClient&) = delete;
  SchemaRegistryClient& operator=(const SchemaRegistryClient&) = delete;

  const SchemaRegistryOptions& options() const { return options_; }

  // GET /schemas/ids/{id}
  Reply schema_by_id(int32_t id);
  // POST /subjects/{subject}/versions with {"schema": ...}
  Reply register_schema(const std::string& subject, const std::string& schema);

 private:
  struct Http;
  Reply request(const std::string& path, const std::string* body);
  SchemaRegistryOptions options_;
  std::unique_ptr<Http> http_;  // one connection pool, reused between requests
  size_t preferred_ = 0;        // the URL that answered last
};

}  // namespace ksink
