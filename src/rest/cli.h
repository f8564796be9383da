// `ksink cli`: the verbs of Stream Reactor's connect-cli (kafka-connect-tools) against any Kafka
// Connect REST API (ksink's or Kafka Connect's): ps, get, create, run, delete (rm), status,
// pause, resume, restart, stop, plugins, validate. Configurations go in as .properties on stdin
// and come out the same way, so `get` output can be edited and fed back to `run`.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "core/result.h"
#include "rest/json.h"

namespace ksink::rest {

struct CliHttpReply {
  int status = 0;
  std::string body;
};

// Sends one request (`path` includes the query) to the endpoint; an Error when the server could
// not be reached.
using CliTransport = std::function<Result<CliHttpReply>(
    const std::string& method, const std::string& path, const std::string& body)>;

// The endpoint: --endpoint/-e, else KAFKA_CONNECT_REST, else http://localhost:8083.
// Exit codes: 0 done, 1 the server refused or could not be reached (its message on stderr),
// 2 usage error.
int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err, const char* env_endpoint);
// The same over a given transport (tests).
int run_cli(const std::vector<std::string>& args, std::istream& in, std::ostream& out,
            std::ostream& err, const char* env_endpoint,
            const std::function<CliTransport(const std::string& endpoint)>& make_transport);

// An HTTP transport to `endpoint` (http:// or https://, optionally with a path prefix).
CliTransport http_transport(const std::string& endpoint);

// The output formats of connect-cli.
std::string format_connector_info(const Json& info);
std::string format_connector_status(const Json& status);
// One properties line, escaped so that parse_properties reads back key and value.
std::string properties_line(const std::string& key, const std::string& value);
// A path segment with everything but unreserved characters percent-encoded.
std::string encode_path_segment(const std::string& segment);

}  // namespace ksink::rest
